from django.db import migrations


def seed(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    ImageModel.objects.update_or_create(
        name="local",
        defaults={"provider": "local", "label": "Built-in renderer", "price_cents": 0, "max_concurrency": 8,
                  "rpm": 100000, "enabled": True, "notes": "Pillow drafts, no key needed."},
    )


class Migration(migrations.Migration):
    dependencies = [("creative", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
