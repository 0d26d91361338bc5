"""A product photo, its cutout and a logo, and one way to run any adapter to its image, for the reference tests."""

from __future__ import annotations

import functools
import io

import pytest
from PIL import Image, ImageDraw

from creative.providers.base import ImageJob, ImageProvider, ImageResult, Reference
from creative.providers.registry import PROVIDERS, build_client


def _png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


@functools.cache
def product() -> Reference:
    """A red bottle with a label, photographed on white, and its cutout with a transparent background."""
    photo = Image.new("RGB", (600, 800), (255, 255, 255))
    cutout = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    for img, white in ((photo, (255, 255, 255)), (cutout, (255, 255, 255, 255))):
        draw = ImageDraw.Draw(img)
        draw.rectangle((250, 120, 350, 220), fill=(150, 20, 20))
        draw.rounded_rectangle((180, 200, 420, 700), radius=40, fill=(200, 30, 30))
        draw.rectangle((200, 380, 400, 520), fill=white)
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=90)
    return Reference(data=buffer.getvalue(), mime_type="image/jpeg", kind="product", cutout=_png(cutout))


@functools.cache
def logo() -> Reference:
    img = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((10, 10, 230, 110), fill=(58, 91, 217, 255))
    return Reference(data=_png(img), mime_type="image/png", kind="logo")


def job(model: str, *, references=None, **overrides) -> ImageJob:
    references = (product(), logo()) if references is None else references
    return ImageJob(model=model, prompt="the bottle on a marble kitchen counter, morning light", seed=7,
                    subject="a red bottle of hot sauce", references=references, **overrides)


def adapter(name: str, fake, **extra) -> ImageProvider:
    cls = PROVIDERS[name]
    config = fake.config(**extra)
    return cls(config=config, client=build_client(cls, config, timeout=5.0))


def run(provider: ImageProvider, image_job: ImageJob) -> ImageResult:
    """The image, made the way the pipeline makes it: one `generate`, or one `submit` and polls until done."""
    if not provider.is_async:
        return provider.generate(image_job)
    job_id = provider.submit(image_job)
    for _ in range(10):
        state = provider.poll(job_id)
        if state.done:
            return state.result
        job_id = state.job_id or job_id
    raise AssertionError("the job never finished")


# provider, a model that takes references, the fake's fixture, extra config
REFERENCE_MODELS = [
    ("openai", "gpt-image-1.5", "fake_openai", {}),
    ("gemini", "gemini-3.1-flash-image", "fake_gemini", {}),
    ("imagen", "imagen-product-recontext-preview-06-30", "fake_imagen", {}),
    ("imagen", "imagen-3.0-capability-001", "fake_imagen", {}),
    ("stability", "replace-background-and-relight", "fake_stability", {"poll_seconds": 0.01}),
    ("flux", "flux-kontext-pro", "fake_flux", {}),
    ("flux", "flux-2-pro", "fake_flux", {}),
    ("firefly", "object-composite", "fake_firefly", {}),
    ("midjourney", "midjourney", "fake_midjourney", {}),
]


@pytest.fixture
def reference_case(request):
    """(provider, model, fake, adapter) for one row of REFERENCE_MODELS, passed by indirect parametrisation."""
    provider, model, fixture, extra = request.param
    fake = request.getfixturevalue(fixture)
    return provider, model, fake, adapter(provider, fake, **extra)
