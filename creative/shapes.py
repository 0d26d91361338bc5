"""The channel shapes a brief asks for (square, portrait 4:5, story 9:16, landscape 1.91:1, wide 16:9), and the
native size each image model is asked for in a shape.

A model's native sizes are admin data (`ImageModel.sizes`): the listed size closest in aspect wins. A model that
takes any size (an empty list) is asked for about CREATIVE_IMAGE_SIZE squared pixels at the shape's exact ratio,
rounded to the multiple its provider takes; adapters that take an aspect-ratio string map that size to their
closest documented ratio (`providers.base.closest_aspect_ratio`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from creative.providers.registry import PROVIDERS


@dataclass(frozen=True)
class Shape:
    key: str
    label: str
    ratio: str  # "9:16", shown on the gallery card
    width: int  # the ratio as whole numbers (1.91:1 is 191:100)
    height: int

    @property
    def aspect(self) -> float:
        return self.width / self.height


SQUARE = "square"
SHAPES: dict[str, Shape] = {
    shape.key: shape
    for shape in (
        Shape(SQUARE, "Square 1:1", "1:1", 1, 1),
        Shape("portrait", "Portrait 4:5", "4:5", 4, 5),
        Shape("story", "Story 9:16", "9:16", 9, 16),
        Shape("landscape", "Landscape 1.91:1", "1.91:1", 191, 100),
        Shape("wide", "Wide 16:9", "16:9", 16, 9),
    )
}
CHOICES = [(shape.key, shape.label) for shape in SHAPES.values()]


def default_shapes() -> list[str]:
    """A brief's shapes when none are chosen: square alone, as every brief was before shapes."""
    return [SQUARE]


class ShapeError(ValueError):
    """Shape keys that are not known, with a message naming the ones that are."""


def shapes_clean(keys: list[str] | tuple[str, ...]) -> list[str]:
    """The keys in the order of SHAPES, each once; ShapeError for none or an unknown one."""
    keys = [key.strip().lower() for key in keys if key.strip()]
    if unknown := [key for key in keys if key not in SHAPES]:
        raise ShapeError(f"Unknown shape {', '.join(repr(k) for k in unknown)}: choose from {', '.join(SHAPES)}.")
    if not keys:
        raise ShapeError(f"Choose at least one shape: {', '.join(SHAPES)}.")
    return [key for key in SHAPES if key in keys]


def parse_size(text: str) -> tuple[int, int] | None:
    """"1024x1536" as (1024, 1536); None for anything else (OpenAI's "auto")."""
    width, sep, height = str(text).partition("x")
    if not (sep and width.isdecimal() and height.isdecimal()) or not int(width) or not int(height):
        return None
    return int(width), int(height)


def native_size(*, sizes: list[str], provider: str, shape: str) -> tuple[int, int]:
    """The size a model with these listed `sizes` is asked for to make `shape`."""
    target = SHAPES[shape]
    listed = [size for size in map(parse_size, sizes or []) if size]
    if listed:
        # On a log scale, so 2:1 is as far from 1:1 as 1:2; ties go to the earlier listed size.
        return min(listed, key=lambda s: abs(math.log(s[0] / s[1]) - math.log(target.aspect)))
    provider_cls = PROVIDERS.get(provider)
    step = provider_cls.size_step if provider_cls is not None else 16
    return _stepped_size(settings.CREATIVE_IMAGE_SIZE ** 2, target.aspect, step)


def ratio_label(width: int | None, height: int | None) -> str:
    """The shape an image of width x height is closest to, as a ratio ("9:16"); empty without a size."""
    if not width or not height:
        return ""
    aspect = math.log(width / height)
    return min(SHAPES.values(), key=lambda s: abs(math.log(s.aspect) - aspect)).ratio


def _stepped_size(area: int, aspect: float, step: int) -> tuple[int, int]:
    """Sides in multiples of `step` nearest `aspect` around `area` pixels. Rounding each side alone can move
    the ratio to a neighbour (at 256 px, 9:16 rounds to 192x336, which is 4:7), which a provider taking a
    ratio would then be asked for; a few widths either side find a closer pair."""
    middle = max(1, round(math.sqrt(area * aspect) / step))

    def error(width: int) -> tuple[bool, float]:
        height = max(step, round(width / aspect / step) * step)
        off_ratio = abs(math.log(width / height) - math.log(aspect))
        # Within 1% of the ratio, the area decides; otherwise the ratio does.
        return off_ratio > 0.01, abs(math.log(width * height / area)) if off_ratio <= 0.01 else off_ratio

    width = min((n * step for n in range(max(1, middle - 4), middle + 5)), key=error)
    return width, max(step, round(width / aspect / step) * step)
