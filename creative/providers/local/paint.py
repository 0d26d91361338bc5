"""Painting helpers: stage geometry, gradients, glows, vignettes and a scaled drawing pen."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from .colour import BLACK, RGB, mix


@dataclass(frozen=True)
class Stage:
    """Where things sit on the working canvas."""

    w: int
    h: int
    horizon: int
    vanish_x: int
    light_x: float  # 0 = key light from the left, 1 = from the right
    product_x: int
    variant: str = ""

    @property
    def unit(self) -> float:
        return min(self.w, self.h) / 100

    def scaled(self, factor: float) -> Stage:
        return Stage(max(1, round(self.w * factor)), max(1, round(self.h * factor)),
                     round(self.horizon * factor), round(self.vanish_x * factor), self.light_x,
                     round(self.product_x * factor), self.variant)

    def away(self, rng: random.Random) -> float:
        """An x fraction on the far side from the product, where props do not hide it."""
        if self.product_x < self.w * 0.5:
            return rng.uniform(0.72, 0.9)
        return rng.uniform(0.1, 0.28)


def ramp(stops: list[tuple[float, RGB]], n: int = 256) -> list[RGB]:
    out = []
    for i in range(n):
        t = i / (n - 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if t <= p1:
                out.append(mix(c0, c1, 0 if p1 == p0 else max(0.0, (t - p0) / (p1 - p0))))
                break
        else:
            out.append(stops[-1][1])
    return out


def gradient(size: tuple[int, int], stops: list[tuple[float, RGB]], vertical: bool = True) -> Image.Image:
    # Stretching a 1-pixel strip along one axis, then repeating it, is ~15x cheaper than a 2D resize.
    w, h = max(1, size[0]), max(1, size[1])
    strip = Image.new("RGB", (1, 256) if vertical else (256, 1))
    strip.putdata(ramp(stops))
    if vertical:
        return strip.resize((1, h), Image.Resampling.BILINEAR).resize((w, h), Image.Resampling.NEAREST)
    return strip.resize((w, 1), Image.Resampling.BILINEAR).resize((w, h), Image.Resampling.NEAREST)


def glow(size: tuple[int, int], box: Sequence[float], soft: float, alpha: int = 255, scale: int = 8) -> Image.Image:
    """A soft elliptical mask; blurred at 1/scale size, since a blur costs by the pixel."""
    w, h = size
    sw, sh = max(1, w // scale), max(1, h // scale)
    mask = Image.new("L", (sw, sh), 0)
    x0, y0, x1, y1 = (c / scale for c in box)
    ImageDraw.Draw(mask).ellipse((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), fill=alpha)
    if soft > 0:
        mask = mask.filter(ImageFilter.GaussianBlur(soft / scale))
    return mask.resize((w, h), Image.Resampling.BILINEAR)


def soft_ellipse(img: Image.Image, box: Sequence[float], soft: float, alpha: int, colour: RGB) -> None:
    """Blend colour through a blurred ellipse (a shadow, a pool of light), touching only its neighbourhood."""
    x0, y0, x1, y1 = box
    pad = soft * 2 + 2
    left, top = math.floor(x0 - pad), math.floor(y0 - pad)
    size = (max(1, math.ceil(x1 + pad) - left), max(1, math.ceil(y1 + pad) - top))
    scale = max(1, min(4, int(min(x1 - x0, y1 - y0) / 8)))  # a thin ellipse drawn too small turns square
    mask = glow(size, (x0 - left, y0 - top, x1 - left, y1 - top), soft, alpha, scale=scale)
    img.paste(colour, (left, top, left + size[0], top + size[1]), mask)


def vignette(img: Image.Image, strength: int, colour: RGB = BLACK) -> None:
    w, h = img.size
    mask = Image.new("L", (max(1, w // 8), max(1, h // 8)), strength)
    sw, sh = mask.size
    ImageDraw.Draw(mask).ellipse((-sw * 0.12, -sh * 0.12, sw * 1.12, sh * 1.12), fill=0)
    mask = mask.filter(ImageFilter.GaussianBlur(min(sw, sh) * 0.18)).resize((w, h), Image.Resampling.BILINEAR)
    img.paste(colour, (0, 0), mask)


def _box(box: Sequence[float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class Painter:
    """Scene shapes in one look: flat draws bold outlines and replaces gradients with solid fills."""

    def __init__(self, img: Image.Image, look: str, ink: RGB):
        self.img, self.look, self.ink = img, look, ink
        self.draw = ImageDraw.Draw(img)
        self.outline = max(1, round(min(img.size) / 160)) if look == "flat" else 0

    def edge_args(self) -> dict[str, Any]:
        return {"outline": self.ink, "width": self.outline} if self.outline else {}

    def rect(self, box: Sequence[float], fill: RGB, radius: float = 0, edge: bool = True) -> None:
        box = _box(box)
        extra = self.edge_args() if edge else {}
        if radius > 0:
            self.draw.rounded_rectangle(box, radius, fill=fill, **extra)
        else:
            self.draw.rectangle(box, fill=fill, **extra)

    def ellipse(self, box: Sequence[float], fill: RGB | None, edge: bool = True) -> None:
        self.draw.ellipse(_box(box), fill=fill, **(self.edge_args() if edge else {}))

    def poly(self, points: Iterable[Sequence[float]], fill: RGB, edge: bool = True) -> None:
        self.draw.polygon([tuple(p) for p in points], fill=fill, **(self.edge_args() if edge else {}))

    def line(self, points: Iterable[Sequence[float]], fill: RGB, width: float) -> None:
        self.draw.line([tuple(p) for p in points], fill=fill, width=max(1, round(width)))

    def band(self, box: Sequence[float], top: RGB, bottom: RGB) -> None:
        x0, y0, x1, y1 = (round(c) for c in _box(box))
        if x1 <= x0 or y1 <= y0:
            return
        if self.look == "flat":
            self.rect((x0, y0, x1, y1), mix(top, bottom, 0.5), edge=False)
        else:
            self.img.paste(gradient((x1 - x0, y1 - y0), [(0, top), (1, bottom)]), (x0, y0))


# --- shared props -------------------------------------------------------------------------------


