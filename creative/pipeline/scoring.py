"""Scoring a stored image: the score, its breakdown, the focal point and the gallery thumbnail."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image

from creative import events
from creative.models import Generation, GenerationStatus
from creative.pipeline.briefs import brief_advance

THUMBNAIL_SIZE = 512


def _load(generation_id: int) -> Generation:
    return Generation.objects.select_related("prompt__brief", "image_model").get(id=generation_id)


def generation_score(*, generation_id: int) -> None:
    """Score a stored image, keep a small thumbnail for the gallery, and move the brief on."""
    from creative.scoring.heuristic import score_image

    generation = _load(generation_id)
    if generation.status != GenerationStatus.SUCCEEDED:
        return
    with generation.image.open("rb") as fh, Image.open(fh) as img:
        img = img.convert("RGB")
        score = score_image(img, colours=(generation.prompt.brief.requirements or {}).get("colours") or [])
        img.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        img.save(buffer, "WEBP", quality=80)
    generation.thumbnail.save("thumb.webp", ContentFile(buffer.getvalue()), save=False)
    updated = Generation.objects.filter(id=generation_id, status=GenerationStatus.SUCCEEDED).update(
        status=GenerationStatus.SCORED, score=round(score.total, 1),
        score_breakdown={k: round(v, 1) for k, v in score.breakdown.items()},
        focal_x=score.focal_point[0], focal_y=score.focal_point[1], thumbnail=generation.thumbnail.name,
    )
    if updated:
        events.publish(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)
        brief_advance(brief_id=generation.prompt.brief_id)
