"""Each seeded model's documented native sizes, so a brief's shapes (creative.shapes) are made natively.

0004 seeded every model with ["1024x1024"] alone, which would make a 9:16 story square. Only rows still holding
that seed value change: an admin's own list stays. Sizes stay near one megapixel, the size the seeded prices
assume (a larger size would switch Imagen and Gemini 3 to their dearer 2K output).
"""

from django.db import migrations

SEEDED = ["1024x1024"]
# OpenAI images API `size` (specs/openai-images.md): GPT image models and DALL-E 3 each take three sizes.
GPT_IMAGE = ["1024x1024", "1536x1024", "1024x1536"]
DALL_E_3 = ["1024x1024", "1792x1024", "1024x1792"]
# Imagen `aspectRatio` 1:1, 3:4, 4:3, 9:16, 16:9 (specs/google-imagen.md) at their 1K output sizes.
IMAGEN = ["1024x1024", "896x1280", "1280x896", "768x1408", "1408x768"]
# Gemini `imageConfig.aspectRatio` (specs/reference-images.md section 2) at their 1K output sizes.
GEMINI = ["1024x1024", "896x1152", "1152x896", "832x1248", "1248x832", "864x1184", "1184x864", "768x1344",
          "1344x768", "1536x672"]
# Stability's v2 `aspect_ratio` (specs/stability.md) and Midjourney's --ar send a ratio, no pixels: any size.
ANY: list[str] = []
# SDXL 1.0 takes only these (specs/stability.md, v1 text-to-image).
SDXL = ["1024x1024", "1152x896", "896x1152", "1216x832", "832x1216", "1344x768", "768x1344", "1536x640", "640x1536"]
# FLUX width/height: multiples of 32 between 256 and 1440 (specs/bfl-flux.md); about one megapixel per shape,
# the megapixel FLUX.2's seeded price covers. 1.91:1 and 16:9 are rounded to the multiple of 32.
FLUX = ["1024x1024", "896x1120", "768x1376", "1216x640", "1376x768"]
# Firefly `size`: its listed sizes near one megapixel (specs/adobe-firefly.md).
FIREFLY = ["1024x1024", "896x1152", "1152x896", "1344x768"]

SIZES = {
    "imagen-4.0-generate-001": IMAGEN, "imagen-4.0-ultra-generate-001": IMAGEN, "imagen-4.0-fast-generate-001": IMAGEN,
    "gemini-3.1-flash-image": GEMINI, "gemini-3-pro-image": GEMINI, "gemini-2.5-flash-image": GEMINI,
    "gpt-image-2": GPT_IMAGE, "gpt-image-1.5": GPT_IMAGE, "gpt-image-1-mini": GPT_IMAGE, "gpt-image-1": GPT_IMAGE,
    "dall-e-3": DALL_E_3,
    "stable-image-ultra": ANY, "stable-image-core": ANY, "sd3.5-large": ANY, "sd3.5-medium": ANY,
    "stable-diffusion-xl-1024-v1-0": SDXL,
    "flux-pro-1.1": FLUX, "flux-pro-1.1-ultra": FLUX, "flux-kontext-pro": FLUX, "flux-2-pro": FLUX,
    "image3": FIREFLY, "image4_standard": FIREFLY,
    "midjourney": ANY,
}


def native_sizes(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    for model in ImageModel.objects.filter(name__in=SIZES):
        if model.sizes == SEEDED:
            model.sizes = SIZES[model.name]
            model.save(update_fields=["sizes"])


def seeded_sizes(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    for model in ImageModel.objects.filter(name__in=SIZES):
        if model.sizes == SIZES[model.name]:
            model.sizes = SEEDED
            model.save(update_fields=["sizes"])


class Migration(migrations.Migration):
    dependencies = [("creative", "0017_brief_shapes")]
    operations = [migrations.RunPython(native_sizes, seeded_sizes)]
