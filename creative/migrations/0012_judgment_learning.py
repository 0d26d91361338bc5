"""Judgment that learns (issue 16): the hashes of each image's slight crops, so cropped copies group, and a
workspace's learned model of approval with the switch that turns it off. Stored hashes are cleared: the
hash changed meaning (a DCT sign hash, no longer median-based), and an image without one is never taken
for anyone's duplicate (selection._signature), where an old hash would be compared against new ones."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def clear_old_hashes(apps, schema_editor):
    apps.get_model("creative", "Generation").objects.exclude(phash="").update(phash="")


class Migration(migrations.Migration):

    dependencies = [
        ('creative', '0011_spend'),
    ]

    operations = [
        migrations.AddField(
            model_name='generation',
            name='phash_crops',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.CreateModel(
            name='WorkspaceJudgment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('enabled', models.BooleanField(default=True, help_text="Blend the learned model into the shortlist's ranking.")),
                ('model', models.JSONField(blank=True, default=dict)),
                ('decisions', models.PositiveIntegerField(default=0, help_text='Decisions the model was fitted on.')),
                ('auc_plain', models.FloatField(blank=True, null=True)),
                ('auc_learned', models.FloatField(blank=True, null=True)),
                ('fitted_at', models.DateTimeField(blank=True, null=True)),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('workspace', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='judgment', to='creative.workspace')),
            ],
        ),
        migrations.RunPython(clear_old_hashes, migrations.RunPython.noop),
    ]
