"""Model rows for the reference-only endpoints that keep a brief's product photo (issue 17).

Stability's relight and Firefly's object composite take no model field, so each row is named for its endpoint.
The two Vertex Imagen reference models are deprecated by Google ("migrate before 2026-06-30"), so they ship
disabled for an operator to enable where they still answer. Prices are estimates: none is confirmed.
"""

from django.db import migrations

REFERENCE_MODELS = [
    # provider, name, label, cents per image, concurrency, rpm, enabled, notes
    ("stability", "replace-background-and-relight", "Stability relight (keeps the product photo)", 8, 4, 150, True,
     "Product photo only: keeps the subject, replaces background and light. Price not confirmed."),
    ("firefly", "object-composite", "Adobe Firefly object composite (product photo)", 4, 4, 60, True,
     "Product photo only: the photo uploaded to Firefly storage, composited into a generated scene."),
    ("imagen", "imagen-product-recontext-preview-06-30", "Imagen product recontext (Vertex AI)", 4, 2, 30, False,
     "Product photo only. Deprecated by Google: migrate before 2026-06-30. Price not confirmed."),
    ("imagen", "imagen-3.0-capability-001", "Imagen 3 subject reference (Vertex AI)", 4, 2, 30, False,
     "Product photo only; Google rates product placement 'low success'. Deprecated: migrate before 2026-06-30."),
]


def seed(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    for provider, name, label, price, concurrency, rpm, enabled, notes in REFERENCE_MODELS:
        ImageModel.objects.get_or_create(name=name, defaults={
            "provider": provider, "label": label, "price_cents": price, "max_concurrency": concurrency,
            "rpm": rpm, "enabled": enabled, "notes": notes,
        })


def unseed(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    ImageModel.objects.filter(name__in=[row[1] for row in REFERENCE_MODELS], generations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("creative", "0013_requirements_confirm")]
    operations = [migrations.RunPython(seed, unseed)]
