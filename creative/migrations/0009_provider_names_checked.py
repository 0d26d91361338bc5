"""Provider names become choices checked by the database.

Rows saved before under a near miss ("OpenAI", " flux") are renamed to the provider they meant; a name that
matches none stops the migration with the rows to fix, since deleting a model would delete its images and
deleting an account its key.
"""

from django.db import migrations, models

import creative.models.catalogue

IMAGE_PROVIDERS = ("firefly", "flux", "gemini", "imagen", "local", "midjourney", "openai", "stability")
ACCOUNT_PROVIDERS = ("anthropic", "firefly", "flux", "gemini", "imagen", "midjourney", "openai", "stability")


def _normalise(model, valid: tuple[str, ...], what: str) -> None:
    unknown = []
    for row in model.objects.exclude(provider__in=valid):
        meant = row.provider.strip().lower()
        taken = model._meta.get_field("provider").unique and model.objects.filter(provider=meant).exists()
        if meant in valid and not taken:
            model.objects.filter(id=row.id).update(provider=meant)
        else:
            unknown.append(f"{what} {row.id} ({row.provider!r})")
    if unknown:
        raise RuntimeError(
            f"unknown provider names: {', '.join(unknown)}; rename them to one of {', '.join(valid)} and migrate again"
        )


def provider_names_normalise(apps, schema_editor):
    _normalise(apps.get_model("creative", "ImageModel"), IMAGE_PROVIDERS, "image model")
    _normalise(apps.get_model("creative", "ProviderAccount"), ACCOUNT_PROVIDERS, "provider account")


class Migration(migrations.Migration):
    dependencies = [("creative", "0008_export_attempt")]

    operations = [
        migrations.RunPython(provider_names_normalise, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="imagemodel",
            name="provider",
            field=models.CharField(
                choices=creative.models.catalogue.image_provider_choices,
                help_text="Adapter name in creative.providers.registry.",
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="provideraccount",
            name="provider",
            field=models.CharField(
                choices=creative.models.catalogue.account_provider_choices, max_length=32, unique=True
            ),
        ),
        migrations.AddConstraint(
            model_name="imagemodel",
            constraint=models.CheckConstraint(
                condition=models.Q(provider__in=IMAGE_PROVIDERS), name="imagemodel_provider_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="provideraccount",
            constraint=models.CheckConstraint(
                condition=models.Q(provider__in=ACCOUNT_PROVIDERS), name="provideraccount_provider_known"
            ),
        ),
    ]
