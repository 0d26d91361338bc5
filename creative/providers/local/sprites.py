"""Sprites: products drawn at twice size with shading ramps, and the shadows and reflections they cast."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .colour import RGB, Palette, darken, lighten, mix

SUPERSAMPLE = 2


@lru_cache(maxsize=128)
def _field(kind: str, light: int, gloss: int) -> Image.Image:
    """Light on a unit shape as an L image: 0 = core shadow, ~200 = lit, 255 = specular."""
    lx = light / 5
    norm = math.sqrt(lx * lx + 0.35 + 1)
    lvec = (lx / norm, -0.59 / norm, 1 / norm)  # from the front, a little above, to the light's side
    hvec = (lvec[0] / 2, lvec[1] / 2, (lvec[2] + 1) / 2)
    hn = math.sqrt(sum(c * c for c in hvec))
    hvec = (hvec[0] / hn, hvec[1] / hn, hvec[2] / hn)
    exponent = 12 + gloss * 6

    def shade(nx: float, ny: float, nz: float) -> int:
        diffuse = max(0.0, nx * lvec[0] + ny * lvec[1] + nz * lvec[2])
        spec = max(0.0, nx * hvec[0] + ny * hvec[1] + nz * hvec[2]) ** exponent * gloss / 10
        return max(0, min(255, round(40 + 170 * diffuse + 255 * spec)))

    if kind == "sphere":
        size = 48
        data = bytearray(size * size)
        for j in range(size):
            for i in range(size):
                x, y = (i + 0.5) / size * 2 - 1, (j + 0.5) / size * 2 - 1
                r2 = min(0.999, x * x + y * y)
                data[j * size + i] = shade(x, y, math.sqrt(1 - r2))
        return Image.frombytes("L", (size, size), bytes(data))
    if kind == "vert":
        levels = bytes(round(215 - 90 * (i / 255) ** 1.3) for i in range(256))
        return Image.frombytes("L", (1, 256), levels)
    values = []
    for i in range(256):
        x = (i + 0.5) / 256 * 2 - 1
        nz = math.sqrt(max(0.0, 1 - x * x))
        if kind == "metal":  # a studio reflection: bright strips on a dark chrome body
            key = math.exp(-((x - lx * 0.45) ** 2) / 0.02)
            band = key + 0.55 * math.exp(-((x + lx * 0.6 + 0.2) ** 2) / 0.01)
            values.append(max(0, min(255, round(60 + 80 * nz + 150 * band))))
        else:
            values.append(shade(x, -0.1, nz))
    return Image.frombytes("L", (256, 1), bytes(values))


@lru_cache(maxsize=256)
def _ramp(base: RGB, look: str, pal: Palette) -> bytes:
    """A 256-colour palette from core shadow through the base colour to the highlight."""
    if look == "flat":  # cel shading: the same light, posterised to three flat tones
        shadow, highlight = mix(base, pal.ink, 0.28), lighten(base, 0.55)
        colours = [shadow if i < 95 else base if i < 235 else highlight for i in range(256)]
        return bytes(c for colour in colours for c in colour)
    contrast = {"soft": 0.6, "glossy": 0.7, "muted": 0.4}[look]
    shadow = mix(base, darken(pal.ink, 0.3), contrast)
    lit = lighten(mix(base, pal.light, 0.2), 0.2)
    spec = lighten(pal.light, 0.85 if look != "muted" else 0.5)
    colours = []
    for i in range(256):
        if i < 150:
            colours.append(mix(shadow, base, (i / 150) ** 0.8))
        elif i < 215:
            colours.append(mix(base, lit, (i - 150) / 65))
        else:
            colours.append(mix(lit, spec, (i - 215) / 40))
    return bytes(c for colour in colours for c in colour)


class Sprite:
    """A transparent drawing surface for one product; `part` adds a shaded, optionally outlined shape."""

    def __init__(self, w: int, h: int, look: str, pal: Palette, light_x: float):
        self.w, self.h = max(4, w), max(4, h)
        self.sw, self.sh = self.w * SUPERSAMPLE, self.h * SUPERSAMPLE
        self.look, self.pal = look, pal
        self.light = max(-4, min(4, round((light_x - 0.5) * 8)))  # coarse, so shading fields cache well
        self.img = Image.new("RGBA", (self.sw, self.sh), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.img)
        self.outline = max(2, round(min(self.sw, self.sh) * 0.018)) if look == "flat" else 0

    def px(self, x: float, y: float) -> tuple[float, float]:
        return x * self.sw, y * self.sh

    def circle(self, cx: float, cy: float, r: float) -> tuple[float, float, float, float]:
        """A unit box for a true circle of radius r (in heights) on a non-square sprite."""
        rx = r * self.sh / self.sw
        return cx - rx, cy - r, cx + rx, cy + r

    def part(self, kind: str, geom: Sequence[Any], colour: RGB, shade: str = "cyl", radius: float = 0.0,
             outline: bool = True, sheen: float = 0.0, gloss: int = 4) -> None:
        if kind == "poly":
            points = [self.px(x, y) for x, y in geom]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        else:
            (x0, y0), (x1, y1) = self.px(geom[0], geom[1]), self.px(geom[2], geom[3])
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        ox, oy = math.floor(x0), math.floor(y0)
        bw, bh = max(1, math.ceil(x1) - ox + 1), max(1, math.ceil(y1) - oy + 1)
        mask = Image.new("L", (bw, bh), 0)
        self._shape(ImageDraw.Draw(mask), kind, geom, (ox, oy), radius)(fill=255)
        if shade == "flat":
            fill = Image.new("RGB", (bw, bh), colour)
        else:
            if self.look == "muted" or shade == "vert":
                gloss = 0
            elif self.look == "glossy":
                gloss += 3
            fill = _field(shade, self.light, gloss).resize((bw, bh), Image.Resampling.BILINEAR)
            fill.putpalette(_ramp(colour, self.look, self.pal))
            fill = fill.convert("RGB")
        if sheen:  # a window reflection across glass and screens
            band = [(bw * 0.2, 0), (bw * 0.5, 0), (bw * 0.1, bh), (0, bh), (0, bh * 0.5)]
            if bh > bw * 1.4:  # on tall shapes a diagonal would cut across; the window runs along
                band = [(bw * 0.16, 0), (bw * 0.26, 0), (bw * 0.26, bh), (bw * 0.16, bh)]
            strength = sheen * (2.5 if self.look == "flat" else 1)  # flat fills need a bolder glint to read
            ImageDraw.Draw(fill).polygon(band, fill=lighten(colour, strength))
        self.img.paste(fill, (ox, oy), mask)
        if outline and self.outline:
            self._shape(self.draw, kind, geom, (0, 0), radius)(outline=self.pal.ink, width=self.outline)

    def _shape(
        self, draw: ImageDraw.ImageDraw, kind: str, geom: Sequence[Any], origin: tuple[int, int], radius: float
    ) -> Callable[..., None]:
        ox, oy = origin
        if kind == "poly":
            pts = [(x * self.sw - ox, y * self.sh - oy) for x, y in geom]
            return lambda **kw: draw.polygon(pts, **kw)
        x0, y0 = geom[0] * self.sw - ox, geom[1] * self.sh - oy
        x1, y1 = geom[2] * self.sw - ox, geom[3] * self.sh - oy
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if kind == "ellipse":
            return lambda **kw: draw.ellipse(box, **kw)
        if kind == "chord":  # the upper half of an ellipse: domes, buns, arches
            return lambda **kw: draw.chord(box, 180, 360, **kw)
        r = radius * min(self.sw, self.sh)
        return lambda **kw: draw.rounded_rectangle(box, r, **kw)

    def line(self, points: Iterable[tuple[float, float]], colour: RGB, width: float) -> None:
        self.draw.line([self.px(x, y) for x, y in points], fill=colour, width=max(1, round(width * self.sh)))

    def arc(self, box: Sequence[float], start: float, end: float, colour: RGB, width: float) -> None:
        (x0, y0), (x1, y1) = self.px(box[0], box[1]), self.px(box[2], box[3])
        self.draw.arc((x0, y0, x1, y1), start, end, fill=colour, width=max(1, round(width * self.sh)))

    def finish(self) -> Image.Image:
        return self.img.reduce(SUPERSAMPLE)


def smoothed(points: list[tuple[float, float]], rounds: int = 2) -> list[tuple[float, float]]:
    """Chaikin corner cutting: hand-placed points become a smooth closed outline."""
    for _ in range(rounds):
        out = []
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        points = out
    return points


def apart_from(colour: RGB, body: RGB, fallback: RGB) -> RGB:
    """A trim colour that stays visible: a one-colour brief gives body and trim the same colour."""
    return colour if colour != body else fallback


# --- products -----------------------------------------------------------------------------------
# Each takes (sprite, palette, rng); body = palette.secondary, trim = palette.accent.

SCREEN: RGB = (18, 20, 28)
PLATE: RGB = (246, 244, 240)
GOLD: RGB = (212, 175, 90)




def cast_shadow(img: Image.Image, sprite: Image.Image, x: int, base_y: int, lean: float, squash: float,
                soft: float, strength: float, colour: RGB) -> None:
    """The sprite's silhouette laid on the ground behind it, leaning away from the light."""
    w, h = sprite.size
    sh = max(1, round(h * squash))
    shift = round(h * lean)
    out_w = w + abs(shift)
    offset = min(0, shift)
    alpha = sprite.getchannel("A").point(lambda v: round(v * strength))
    # Output row y samples sprite row y / squash, sliding sideways by `shift` toward the top.
    shadow = alpha.transform((out_w, sh), Image.Transform.AFFINE, (1, shift / sh, offset - shift, 0, 1 / squash, 0),
                             Image.Resampling.BILINEAR)
    pad = round(soft * 2)
    if pad:
        framed = Image.new("L", (out_w + pad * 2, sh + pad * 2), 0)
        framed.paste(shadow, (pad, pad))
        shadow = framed.filter(ImageFilter.GaussianBlur(soft))
    img.paste(colour, (x + offset - pad, base_y - sh - pad), shadow)


def drop_shadow(img: Image.Image, sprite: Image.Image, x: int, y: int, dx: int, soft: float, strength: float,
                colour: RGB) -> None:
    """A relief's shadow on the wall right behind it."""
    pad = round(soft * 2)
    framed = Image.new("L", (sprite.width + pad * 2, sprite.height + pad * 2), 0)
    framed.paste(sprite.getchannel("A").point(lambda v: round(v * strength)), (pad, pad))
    img.paste(colour, (x + dx - pad, y - pad), framed.filter(ImageFilter.GaussianBlur(soft)))


def reflection(img: Image.Image, sprite: Image.Image, x: int, top: int, strength: float) -> None:
    """The sprite mirrored in a glossy floor, fading with distance from it."""
    w, h = sprite.size
    flipped = sprite.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    fade = Image.linear_gradient("L").resize((w, h)).point(lambda v: round(max(0, 255 - v * 2.4) * strength))
    flipped.putalpha(ImageChops.multiply(flipped.getchannel("A"), fade))
    img.paste(flipped, (x, top), flipped)
