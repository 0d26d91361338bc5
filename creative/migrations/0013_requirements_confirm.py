"""Briefs may stop in `confirming` for the designer to check the requirements, which remember their sources."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("creative", "0012_judgment_learning"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="brief", name="brief_status"),
        migrations.AddField(
            model_name="brief",
            name="requirements_sources",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="brief",
            name="review_requirements",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="brief",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("analysing", "Analysing"), ("confirming", "Confirming"),
                         ("generating", "Generating"), ("scoring", "Scoring"), ("reviewing", "Reviewing"),
                         ("exported", "Exported"), ("failed", "Failed")],
                default="draft", max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "analysing", "confirming", "generating", "scoring",
                                                   "reviewing", "exported", "failed"])),
                name="brief_status",
            ),
        ),
    ]
