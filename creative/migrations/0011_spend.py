"""Spend you can trust (issue 14): where each cost comes from, dated prices, quality per model, workspace spend
limits and member allowances. Existing calls get their workspace and cost source; gpt-image rows get the
quality their seeded price assumes (medium)."""

import creative.models.catalogue
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    ProviderCall = apps.get_model("creative", "ProviderCall")
    Generation = apps.get_model("creative", "Generation")
    ImageModel = apps.get_model("creative", "ImageModel")
    workspace = Generation.objects.filter(id=OuterRef("generation_id")).values("prompt__brief__workspace_id")[:1]
    ProviderCall.objects.update(workspace_id=Subquery(workspace))
    finished = ProviderCall.objects.exclude(outcome__in=["in_flight", "not_billed"])
    finished.filter(reported_cents__isnull=False).update(cost_source="reported")
    finished.filter(reported_cents__isnull=True).update(cost_source="estimate")
    # The seeded price of a gpt-image model is its medium-quality price; without a quality sent, `auto` may cost more.
    ImageModel.objects.filter(provider="openai", name__startswith="gpt-image", quality="").update(quality="medium")


class Migration(migrations.Migration):

    dependencies = [
        ('creative', '0009_provider_names_checked'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImageRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('brief', 'Brief'), ('more_like_this', 'More Like This'), ('retry', 'Retry')], max_length=16)),
                ('images', models.PositiveIntegerField()),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name='ModelPrice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider', models.CharField(choices=creative.models.catalogue.price_provider_choices, max_length=32)),
                ('model', models.CharField(help_text='The model id; a chat price also covers its dated versions.', max_length=100)),
                ('effective_from', models.DateTimeField(default=django.utils.timezone.now)),
                ('per_image_cents', models.DecimalField(blank=True, decimal_places=3, help_text="The estimate per image; empty keeps the image model's.", max_digits=8, null=True)),
                ('input_text_cents', models.DecimalField(blank=True, decimal_places=3, max_digits=10, null=True, verbose_name='input text (¢ per million tokens)')),
                ('input_image_cents', models.DecimalField(blank=True, decimal_places=3, max_digits=10, null=True, verbose_name='input image (¢ per million tokens)')),
                ('output_text_cents', models.DecimalField(blank=True, decimal_places=3, max_digits=10, null=True, verbose_name='output text (¢ per million tokens)')),
                ('output_image_cents', models.DecimalField(blank=True, decimal_places=3, max_digits=10, null=True, verbose_name='output image (¢ per million tokens)')),
                ('notes', models.CharField(blank=True, max_length=200)),
            ],
            options={
                'ordering': ['provider', 'model', '-effective_from'],
            },
        ),
        migrations.AddField(
            model_name='imagemodel',
            name='quality',
            field=models.CharField(blank=True, help_text="Sent with every request, so the price holds: gpt-image low/medium/high/auto, DALL-E 3 standard/hd; empty for models that take none (the provider's default).", max_length=16),
        ),
        migrations.AddField(
            model_name='llmcall',
            name='cost_source',
            field=models.CharField(blank=True, choices=[('reported', 'Reported'), ('usage', 'Usage'), ('estimate', 'Estimate')], max_length=16),
        ),
        migrations.AddField(
            model_name='membership',
            name='briefs_per_hour',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='membership',
            name='images_per_day',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='providercall',
            name='cost_source',
            field=models.CharField(blank=True, choices=[('reported', 'Reported'), ('usage', 'Usage'), ('estimate', 'Estimate')], help_text='Empty while in flight.', max_length=16),
        ),
        migrations.AddField(
            model_name='providercall',
            name='usage',
            field=models.JSONField(blank=True, default=dict, help_text='Token counts the provider reported, by kind.'),
        ),
        migrations.AddField(
            model_name='providercall',
            name='workspace',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='calls', to='creative.workspace'),
        ),
        migrations.AddField(
            model_name='workspace',
            name='daily_limit_cents',
            field=models.PositiveIntegerField(blank=True, help_text='Optional spend limit per day, in cents; empty for none.', null=True),
        ),
        migrations.AddField(
            model_name='workspace',
            name='member_briefs_per_hour',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='workspace',
            name='member_images_per_day',
            field=models.PositiveIntegerField(blank=True, help_text="A brief's planned images, each More like this and each retry count.", null=True),
        ),
        migrations.AddField(
            model_name='workspace',
            name='monthly_limit_cents',
            field=models.PositiveIntegerField(blank=True, help_text='Spend limit per calendar month, in cents; empty for none.', null=True),
        ),
        migrations.AlterField(
            model_name='imagemodel',
            name='price_cents',
            field=models.DecimalField(decimal_places=3, default=0, help_text='Estimated price per image, at the quality and size below; a dated model price overrides it.', max_digits=8),
        ),
        migrations.AddIndex(
            model_name='llmcall',
            index=models.Index(fields=['requested_at'], name='llmcall_requested'),
        ),
        migrations.AddIndex(
            model_name='providercall',
            index=models.Index(fields=['workspace', 'requested_at'], name='providercall_spend'),
        ),
        migrations.AddConstraint(
            model_name='llmcall',
            constraint=models.CheckConstraint(condition=models.Q(('cost_source__in', ['', 'reported', 'usage', 'estimate'])), name='llmcall_cost_source'),
        ),
        migrations.AddConstraint(
            model_name='providercall',
            constraint=models.CheckConstraint(condition=models.Q(('cost_source__in', ['', 'reported', 'usage', 'estimate'])), name='providercall_cost_source'),
        ),
        migrations.AddField(
            model_name='imagerequest',
            name='brief',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='image_requests', to='creative.brief'),
        ),
        migrations.AddField(
            model_name='imagerequest',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='image_requests', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='imagerequest',
            name='workspace',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='image_requests', to='creative.workspace'),
        ),
        migrations.AddConstraint(
            model_name='modelprice',
            constraint=models.UniqueConstraint(fields=('provider', 'model', 'effective_from'), name='modelprice_once_per_date'),
        ),
        migrations.AddIndex(
            model_name='imagerequest',
            index=models.Index(fields=['workspace', 'user', 'created'], name='imagerequest_allowance'),
        ),
        migrations.AddConstraint(
            model_name='imagerequest',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['brief', 'more_like_this', 'retry'])), name='imagerequest_kind'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
