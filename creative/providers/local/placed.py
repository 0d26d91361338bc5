"""What stands where the product goes: the advertiser's own cutout, or a labelled placeholder.

The cutout's pixels are the product's: it is only scaled, and lit by the scene with a light touch (a few
per cent toward the key light's colour, a little falloff away from it), so the fidelity check finds it
at 90 or more. A brief whose product the renderer does not know gets a placeholder that says so, never
another product.
"""

from __future__ import annotations

import io
import random
from functools import lru_cache
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from .colour import RGB, Palette, darken, mix
from .products import draw_product

if TYPE_CHECKING:  # plan.py imports this module
    from .plan import Plan

CUTOUT_SIDE = 1024  # the largest a product is drawn on a 1024 px ad; bigger cutouts are shrunk once
# How strongly each look lights the product: (tint toward the light, falloff on the side away from it).
LIGHTING = {"soft": (0.07, 0.1), "glossy": (0.05, 0.08), "muted": (0.06, 0.08), "flat": (0.0, 0.0)}
PLACEHOLDER_ASPECT = 0.8


@lru_cache(maxsize=8)
def cutout_image(data: bytes) -> Image.Image:
    """The cutout PNG decoded, trimmed to its opaque part and at most CUTOUT_SIDE a side (cached: every
    image of a brief draws the same product)."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        cut = img.convert("RGBA")
    bbox = cut.getchannel("A").point(lambda v: 255 if v > 24 else 0).getbbox()
    cut = cut.crop(bbox) if bbox else cut
    cut.thumbnail((CUTOUT_SIDE, CUTOUT_SIDE), Image.Resampling.LANCZOS)
    return cut


def product_placed(cutout: Image.Image, width: int, height: int, look: str, light: RGB,
                   light_x: float) -> Image.Image:
    """The cutout scaled to width x height and lit like the scene: an RGBA sprite."""
    sprite = cutout.resize((max(1, width), max(1, height)), Image.Resampling.BICUBIC, reducing_gap=2.0)
    tint, falloff = LIGHTING.get(look, LIGHTING["soft"])
    if not tint and not falloff:
        return sprite
    rgb, alpha = sprite.convert("RGB"), sprite.getchannel("A")
    rgb = Image.blend(rgb, Image.new("RGB", rgb.size, light), tint)
    # Falloff: a horizontal ramp, full light on the key light's side, `falloff` darker on the other.
    ramp = Image.linear_gradient("L").rotate(90 if light_x < 0.5 else -90).resize(rgb.size)
    shade = ramp.point(lambda v: round(255 * (1 - falloff * v / 255)))
    rgb = Image.composite(rgb, Image.new("RGB", rgb.size, darken(light, 0.9)), shade)
    rgb.putalpha(alpha)
    return rgb


def placeholder(width: int, height: int, label: str, pal: Palette) -> Image.Image:
    """A neutral card saying what belongs there: "your product here: dog food"."""
    w, h = max(24, width), max(24, height)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    fill = mix((236, 236, 232), pal.primary, 0.08)
    line = mix((120, 122, 126), pal.ink, 0.3)
    radius, stroke = round(min(w, h) * 0.08), max(2, round(min(w, h) * 0.012))
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=(*fill, 235))
    dash = stroke * 4
    for x in range(radius, w - radius, dash * 2):  # a dashed frame: a slot to fill, not an object
        draw.line((x, stroke, min(x + dash, w - radius), stroke), fill=line, width=stroke)
        draw.line((x, h - stroke - 1, min(x + dash, w - radius), h - stroke - 1), fill=line, width=stroke)
    for y in range(radius, h - radius, dash * 2):
        draw.line((stroke, y, stroke, min(y + dash, h - radius)), fill=line, width=stroke)
        draw.line((w - stroke - 1, y, w - stroke - 1, min(y + dash, h - radius)), fill=line, width=stroke)
    name = label.strip() or "your product"
    name = name if len(name) <= 28 else name[:27] + "…"
    size = max(8, round(min(w * 0.085, h * 0.07)))
    while size > 8 and draw.textlength(name, font=ImageFont.load_default(size=size + 2)) > w * 0.84:
        size -= 1
    heading, body = ImageFont.load_default(size=size), ImageFont.load_default(size=size + 2)
    draw.text((w / 2, h * 0.44), "your product here:", fill=line, font=heading, anchor="mm")
    draw.text((w / 2, h * 0.56), name, fill=pal.ink, font=body, anchor="mm")
    return img


def product_sprite(plan: Plan, width: int, height: int, look: str, rng: random.Random) -> Image.Image:
    """The product of a plan (plan.py) as an RGBA sprite of about width x height: the advertiser's cutout,
    a product the renderer knows, or the labelled placeholder."""
    if plan.cutout is not None:
        return product_placed(plan.cutout, width, height, look, plan.pal.light, plan.light_x)
    if plan.kind == "placeholder":
        return placeholder(width, height, plan.label, plan.pal)
    return draw_product(plan.kind, width, height, look, plan.pal, plan.light_x, rng)
