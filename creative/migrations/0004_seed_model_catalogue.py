"""Today's image models as admin rows (prices as published in the specs; edit them in admin).

Retired models stay as disabled rows, so a relay that still serves one can enable it without code.
"""

from django.db import migrations

SQUARE = ["1024x1024"]
# provider, name, label, price in cents, max concurrency, requests per minute, enabled, notes
CATALOGUE = [
    ("imagen", "imagen-4.0-generate-001", "Imagen 4 (Vertex AI)", 4, 4, 60, True, ""),
    ("imagen", "imagen-4.0-ultra-generate-001", "Imagen 4 Ultra (Vertex AI)", 6, 4, 30, True, ""),
    ("imagen", "imagen-4.0-fast-generate-001", "Imagen 4 Fast (Vertex AI)", 2, 4, 60, True, ""),
    ("gemini", "gemini-3.1-flash-image", "Gemini 3.1 Flash Image", 3.9, 4, 60, True,
     "Token-priced; the estimate is per 1K image."),
    ("gemini", "gemini-3-pro-image", "Gemini 3 Pro Image", 13.4, 2, 30, True, "Token-priced; estimate per 1K image."),
    ("gemini", "gemini-2.5-flash-image", "Gemini 2.5 Flash Image", 3.9, 4, 60, False, "Superseded by 3.1 Flash Image."),
    ("openai", "gpt-image-2", "OpenAI gpt-image-2", 4.2, 4, 50, True, "Token-priced; estimate at medium quality."),
    ("openai", "gpt-image-1.5", "OpenAI gpt-image-1.5", 4.2, 4, 50, True, "Token-priced; estimate at medium quality."),
    ("openai", "gpt-image-1-mini", "OpenAI gpt-image-1-mini", 1.1, 4, 50, True, "Estimate at medium quality."),
    ("openai", "gpt-image-1", "OpenAI gpt-image-1", 4.2, 4, 50, False, "Retired by OpenAI on 2026-10-23."),
    ("openai", "dall-e-3", "DALL-E 3", 4, 2, 15, False, "Shut down by OpenAI; for relays still serving it."),
    ("stability", "stable-image-ultra", "Stable Image Ultra", 8, 4, 150, True, "8 credits."),
    ("stability", "stable-image-core", "Stable Image Core", 3, 4, 150, True, "3 credits."),
    ("stability", "sd3.5-large", "Stable Diffusion 3.5 Large", 6.5, 4, 150, True, "6.5 credits."),
    ("stability", "sd3.5-medium", "Stable Diffusion 3.5 Medium", 3.5, 4, 150, True, "3.5 credits."),
    ("stability", "stable-diffusion-xl-1024-v1-0", "SDXL 1.0", 0.9, 4, 150, True, "v1 API; about 0.2-0.9 credits."),
    ("flux", "flux-pro-1.1", "FLUX1.1 [pro]", 4, 8, 120, True, ""),
    ("flux", "flux-pro-1.1-ultra", "FLUX1.1 [pro] Ultra", 6, 8, 120, True, ""),
    ("flux", "flux-kontext-pro", "FLUX.1 Kontext [pro]", 4, 8, 120, True, ""),
    ("flux", "flux-2-pro", "FLUX.2 [pro]", 3, 8, 120, True, "Priced per megapixel: 3¢ for the first."),
    ("firefly", "image3", "Adobe Firefly Image 3", 4, 4, 60, True,
     "Generative credits under contract; set your own price."),
    ("firefly", "image4_standard", "Adobe Firefly Image 4", 4, 4, 60, True,
     "Generative credits under contract; model header value unverified."),
    ("midjourney", "midjourney", "Midjourney (relay)", 5, 2, 10, True,
     "Midjourney's terms forbid automated use; enable only with a relay you are entitled to use."),
]


def seed(apps, schema_editor):
    ImageModel = apps.get_model("creative", "ImageModel")
    for provider, name, label, price, concurrency, rpm, enabled, notes in CATALOGUE:
        ImageModel.objects.get_or_create(name=name, defaults={
            "provider": provider, "label": label, "price_cents": price, "max_concurrency": concurrency,
            "rpm": rpm, "enabled": enabled, "notes": notes, "sizes": SQUARE,
        })


class Migration(migrations.Migration):
    dependencies = [("creative", "0003_provider_call_ledger")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
