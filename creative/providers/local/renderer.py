"""The built-in renderer: ad drafts drawn with Pillow, so the pipeline runs end to end without keys.

The brief's subject picks a product shape, its scenario a setting, its colours the palette and its
tone the colour of the light; the style decides the composition. Everything random comes from one
`random.Random` seeded by the job, so a job always renders to the same bytes. Drawing is CPU work: the
adapter hands it to the pixel processes (creative/cpu_pool.py), one image per core at a time.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image

from creative import cpu_pool

from ..base import MAX_PIXELS, ImageJob, ImageProvider, ImageResult, ProviderError
from .compose import (
    compose_3d_render,
    compose_flat_illustration,
    compose_lifestyle,
    compose_minimalist,
    compose_product_photography,
)
from .plan import MIN_WORK_SIDE, STYLES, WORK_PIXELS, plan_for

COMPOSERS = {"product_photography": compose_product_photography, "lifestyle": compose_lifestyle, "3d_render": compose_3d_render,
             "flat_illustration": compose_flat_illustration, "minimalist": compose_minimalist}


def _check_size(job: ImageJob) -> None:
    if job.width < 1 or job.height < 1 or job.width * job.height > MAX_PIXELS:
        raise ProviderError("bad_request", f"cannot render {job.width}x{job.height}")


def render(job: ImageJob) -> Image.Image:
    """The job's ad draft as an RGB image of exactly job.width x job.height."""
    _check_size(job)
    width, height = job.width, job.height
    scale = min(1.0, math.sqrt(WORK_PIXELS / (width * height)))
    scale = max(scale, min(MIN_WORK_SIDE / min(width, height), 4096 / max(width, height)))
    w, h = max(MIN_WORK_SIDE // 4, round(width * scale)), max(MIN_WORK_SIDE // 4, round(height * scale))
    style = job.style if job.style in STYLES else "product_photography"
    rng = random.Random(f"{job.seed}|{style}|{job.subject}|{job.scenario}")
    plan = plan_for(job, rng)
    img = COMPOSERS[plan.style](plan, w, h, rng)
    if img.size != (width, height):
        img = img.resize((width, height), Image.Resampling.BICUBIC if w < width else Image.Resampling.LANCZOS)
    return img


def render_png(job: ImageJob) -> ImageResult:
    """The job's ad draft as a PNG (run in a pixel process)."""
    buffer = io.BytesIO()
    # Level 1 costs a third of the default's time for files about as small on smooth images.
    render(job).save(buffer, "PNG", compress_level=1)
    return ImageResult(data=buffer.getvalue(), mime_type="image/png", seed=job.seed, cost_cents=0)


class LocalRenderer(ImageProvider):
    """Draws ad drafts on this machine: no key, no network, no cost."""

    name = "local"
    label = "Built-in renderer"
    is_async = False
    needs_key = False
    takes_references = True  # composites the product cutout itself (placed.py), at no cost

    def generate(self, job: ImageJob) -> ImageResult:
        # Checked here: a ProviderError raised in a worker process would not survive the trip back.
        _check_size(job)
        return cpu_pool.run(render_png, job, priority=cpu_pool.RENDERING)

    def check(self) -> str:
        return "ok (built-in)"
