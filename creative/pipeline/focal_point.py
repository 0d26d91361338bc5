"""The point of an image every export crop keeps in frame, as a reviewer sets it."""

from __future__ import annotations

from creative import events
from creative.models import Generation


def focal_point_set(*, generation: Generation, x: float, y: float) -> None:
    """Move the point export crops keep in frame (fractions of width and height, 0 to 1)."""
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValueError("The focal point must lie inside the image (0 to 1 on both axes).")
    Generation.objects.filter(id=generation.id).update(focal_x=x, focal_y=y)
    events.publish_on_commit(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)
