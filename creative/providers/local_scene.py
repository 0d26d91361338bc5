"""Backgrounds for the local renderer: colour maths, gradients, and one environment per scenario.

A scene draws through a Painter whose look decides how shapes are filled, so each scenario is
written once and serves every style: "soft" (gradients; photo and lifestyle blur it later for
depth) or "flat" (illustration: solid fills, bold outlines, no gradients).
"""

from __future__ import annotations

import colorsys
import math
import random
import re
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def lighten(colour: RGB, t: float) -> RGB:
    return mix(colour, WHITE, t)


def darken(colour: RGB, t: float) -> RGB:
    return mix(colour, BLACK, t)


def luma(colour: RGB) -> float:
    return (0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]) / 255


@dataclass(frozen=True)
class Palette:
    """Colour roles: the brief's colours land on primary (surroundings) and secondary (product)."""

    primary: RGB
    secondary: RGB
    accent: RGB
    ink: RGB
    light: RGB
    amount: float = 0.4  # how far natural scene colours lean toward the primary

    def paint(self, natural: RGB, light: float = 0.35, extra: float = 0.3) -> RGB:
        """A painted surface (wall, tiles, stands): where a setting shows the brief's colour most."""
        return mix(natural, lighten(self.primary, light), min(1.0, self.amount + extra))

    def tint(self, natural: RGB, extra: float = 0.0) -> RGB:
        """A natural material (wood, sky, sand) leaning toward the brief's colour without turning into it."""
        mixed = mix(natural, self.primary, max(0.0, min(1.0, self.amount + extra)))
        # Mixing toward a far hue (blue sky toward orange) greys out; give back the lost saturation.
        _, _, want = colorsys.rgb_to_hls(*(c / 255 for c in natural))
        _, _, sat = colorsys.rgb_to_hls(*(c / 255 for c in mixed))
        return _hls(mixed, sat=want * 0.8) if sat < want * 0.8 else mixed


# Designer-tuned values first: CSS "blue" or "green" are too raw for an ad, and "silver", "gold",
# "navy" should read as materials. Anything else goes to PIL.ImageColor.
COLOUR_NAMES: dict[str, RGB] = {
    "blue": (34, 96, 214), "red": (212, 42, 48), "green": (38, 150, 84), "yellow": (246, 200, 44),
    "orange": (246, 128, 32), "purple": (124, 62, 182), "violet": (140, 90, 210), "pink": (238, 122, 170),
    "brown": (122, 82, 52), "grey": (140, 142, 148), "gray": (140, 142, 148), "white": (246, 245, 242),
    "black": (24, 24, 28), "silver": (196, 200, 208), "navy": (26, 40, 88), "gold": (212, 172, 64),
    "rose gold": (196, 132, 128), "champagne": (240, 220, 184), "cream": (246, 238, 218),
    "beige": (226, 206, 176), "sand": (224, 200, 160), "terracotta": (200, 104, 72), "mint": (158, 224, 196),
    "sage": (160, 180, 150), "charcoal": (52, 56, 62), "graphite": (70, 74, 80), "off white": (244, 241, 234),
    "burgundy": (122, 30, 52), "mustard": (222, 172, 44), "emerald": (28, 140, 94), "forest": (40, 92, 60),
    "sky": (130, 194, 236), "olive": (120, 130, 62), "teal": (22, 140, 140), "copper": (184, 115, 51),
    "bronze": (170, 122, 62), "rust": (182, 80, 40), "lilac": (200, 162, 210), "lavender": (180, 160, 224),
    "peach": (255, 190, 150), "blush": (240, 190, 190), "coral": (250, 118, 96), "turquoise": (40, 200, 200),
    "metallic": (190, 195, 202), "chrome": (200, 204, 210), "warm": (228, 150, 92), "earth": (150, 110, 75),
    "earthy": (150, 110, 75), "neutral": (204, 194, 178), "cool": (120, 160, 204), "pastel": (240, 204, 218),
    "neon": (60, 255, 100),
}


def _hls(colour: RGB, light: float | None = None, sat: float | None = None, sat_scale: float = 1.0) -> RGB:
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    lum = lum if light is None else light
    s = min(1.0, (s if sat is None else sat) * sat_scale)
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, lum, s))  # type: ignore[return-value]


COLOUR_MODIFIERS = {
    "pastel": lambda c: _hls(lighten(c, 0.5), sat_scale=0.8),
    "neon": lambda c: _hls(c, light=0.55, sat=1.0),
    "dark": lambda c: darken(c, 0.45), "deep": lambda c: darken(c, 0.35),
    "light": lambda c: lighten(c, 0.45), "pale": lambda c: lighten(c, 0.55),
    "soft": lambda c: lighten(c, 0.3),
    "bright": lambda c: _hls(c, sat_scale=1.3), "vivid": lambda c: _hls(c, sat_scale=1.4),
    "muted": lambda c: _hls(c, sat_scale=0.5), "dusty": lambda c: _hls(c, sat_scale=0.45),
}


def colour_rgb(name: str) -> RGB | None:
    """RGB for a colour word such as "navy", "pastel pink" or "#1e90ff"; None when unknown."""
    words = re.split(r"[\s_-]+", name.strip().lower())
    modifiers = []
    while len(words) > 1 and words[0] in COLOUR_MODIFIERS:
        modifiers.append(words.pop(0))
    base = " ".join(words)
    colour = COLOUR_NAMES.get(base)
    if colour is None:
        try:
            colour = ImageColor.getrgb(base.replace(" ", ""))[:3]
        except ValueError:
            return None
    for modifier in reversed(modifiers):
        colour = COLOUR_MODIFIERS[modifier](colour)
    return colour


# style -> (backdrop, product, trim) when the brief names no colours
DEFAULT_COLOURS: dict[str, tuple[RGB, RGB, RGB]] = {
    "product_photography": ((58, 66, 84), (200, 204, 212), (40, 110, 220)),
    "lifestyle": ((222, 194, 160), (196, 108, 76), (64, 96, 120)),
    "3d_render": ((178, 160, 248), (255, 120, 118), (52, 196, 186)),
    "flat_illustration": ((250, 210, 140), (36, 150, 140), (236, 90, 76)),
    "minimalist": ((230, 224, 214), (158, 170, 152), (196, 180, 160)),
}
WARM_WORDS = {"warm", "cozy", "cosy", "friendly", "playful", "energetic", "fun", "romantic", "sunny",
              "vibrant", "summer", "happy", "inviting", "natural", "organic", "rustic", "luxury", "premium",
              "elegant"}
COOL_WORDS = {"tech", "cool", "modern", "clean", "professional", "calm", "futuristic", "sleek", "minimal",
              "corporate", "trustworthy", "fresh", "clinical", "scientific"}


def light_colour(tone: tuple[str, ...]) -> RGB:
    """The key light's colour: warm words pull it toward amber, cool words toward blue."""
    words = {word.lower() for word in tone}
    score = len(words & WARM_WORDS) - len(words & COOL_WORDS)
    target = (255, 204, 148) if score > 0 else (196, 218, 255)
    return mix((255, 246, 232), target, min(1.0, abs(score) * 0.6))


def palette_for(style: str, colours: tuple[str, ...], tone: tuple[str, ...]) -> Palette:
    rgbs = [rgb for rgb in (colour_rgb(name) for name in colours) if rgb is not None]
    if not rgbs:
        primary, secondary, accent = DEFAULT_COLOURS.get(style, DEFAULT_COLOURS["product_photography"])
    elif len(rgbs) == 1:
        primary = secondary = rgbs[0]
        accent = (246, 244, 238) if luma(primary) < 0.6 else (44, 46, 54)
    else:
        primary, secondary = rgbs[0], rgbs[1]
        accent = rgbs[2] if len(rgbs) > 2 else darken(primary, 0.1)
    if style == "minimalist":  # muted: the brief's hues, softened toward stone
        primary, secondary, accent = (mix(c, (204, 198, 190), 0.45) for c in (primary, secondary, accent))
    ink = mix(darken(primary, 0.8), (20, 22, 30), 0.5)
    amount = {"lifestyle": 0.4, "flat_illustration": 0.45, "3d_render": 0.55}.get(style, 0.5)
    return Palette(primary, secondary, accent, ink, light_colour(tone), amount if rgbs else amount * 0.5)


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
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
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
        return strip.resize((1, h), Image.BILINEAR).resize((w, h), Image.NEAREST)
    return strip.resize((w, 1), Image.BILINEAR).resize((w, h), Image.NEAREST)


def glow(size: tuple[int, int], box, soft: float, alpha: int = 255, scale: int = 8) -> Image.Image:
    """A soft elliptical mask; blurred at 1/scale size, since a blur costs by the pixel."""
    w, h = size
    sw, sh = max(1, w // scale), max(1, h // scale)
    mask = Image.new("L", (sw, sh), 0)
    x0, y0, x1, y1 = (c / scale for c in box)
    ImageDraw.Draw(mask).ellipse((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), fill=alpha)
    if soft > 0:
        mask = mask.filter(ImageFilter.GaussianBlur(soft / scale))
    return mask.resize((w, h), Image.BILINEAR)


def soft_ellipse(img: Image.Image, box, soft: float, alpha: int, colour: RGB) -> None:
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
    mask = mask.filter(ImageFilter.GaussianBlur(min(sw, sh) * 0.18)).resize((w, h), Image.BILINEAR)
    img.paste(colour, (0, 0), mask)


def _box(box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class Painter:
    """Scene shapes in one look: flat draws bold outlines and replaces gradients with solid fills."""

    def __init__(self, img: Image.Image, look: str, ink: RGB):
        self.img, self.look, self.ink = img, look, ink
        self.draw = ImageDraw.Draw(img)
        self.outline = max(1, round(min(img.size) / 160)) if look == "flat" else 0

    def edge_args(self) -> dict:
        return {"outline": self.ink, "width": self.outline} if self.outline else {}

    def rect(self, box, fill: RGB, radius: float = 0, edge: bool = True) -> None:
        box = _box(box)
        extra = self.edge_args() if edge else {}
        if radius > 0:
            self.draw.rounded_rectangle(box, radius, fill=fill, **extra)
        else:
            self.draw.rectangle(box, fill=fill, **extra)

    def ellipse(self, box, fill: RGB | None, edge: bool = True) -> None:
        self.draw.ellipse(_box(box), fill=fill, **(self.edge_args() if edge else {}))

    def poly(self, points, fill: RGB, edge: bool = True) -> None:
        self.draw.polygon([tuple(p) for p in points], fill=fill, **(self.edge_args() if edge else {}))

    def line(self, points, fill: RGB, width: float) -> None:
        self.draw.line([tuple(p) for p in points], fill=fill, width=max(1, round(width)))

    def band(self, box, top: RGB, bottom: RGB) -> None:
        x0, y0, x1, y1 = (round(c) for c in _box(box))
        if x1 <= x0 or y1 <= y0:
            return
        if self.look == "flat":
            self.rect((x0, y0, x1, y1), mix(top, bottom, 0.5), edge=False)
        else:
            self.img.paste(gradient((x1 - x0, y1 - y0), [(0, top), (1, bottom)]), (x0, y0))


# --- shared props -------------------------------------------------------------------------------


def _leaf(cx: float, cy: float, length: float, width: float, angle: float) -> list[tuple[float, float]]:
    ca, sa = math.cos(angle), math.sin(angle)
    points = []
    for i in range(9):
        t = i / 8
        along, across = t * length, math.sin(t * math.pi) * width / 2
        points.append((along, across))
    points += [(x, -y) for x, y in reversed(points[1:-1])]
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in points]


def plant(p: Painter, x: float, base_y: float, size: float, pot: RGB, green: RGB, rng: random.Random) -> None:
    pot_w, pot_h = size * 0.45, size * 0.4
    for i in range(7):
        angle = -math.pi / 2 + (i - 3) * 0.32 + rng.uniform(-0.1, 0.1)
        leaf_colour = mix(green, darken(green, 0.35), (i % 3) / 3)
        p.poly(_leaf(x, base_y - pot_h, size * rng.uniform(0.6, 0.85), size * 0.2, angle), leaf_colour)
    p.poly([(x - pot_w / 2, base_y - pot_h), (x + pot_w / 2, base_y - pot_h),
            (x + pot_w * 0.38, base_y), (x - pot_w * 0.38, base_y)], pot)


def skyline(p: Painter, x0: float, x1: float, base_y: float, tall: float, colour: RGB,
            rng: random.Random, lit: RGB | None = None) -> None:
    x = x0
    while x < x1:
        bw = tall * rng.uniform(0.25, 0.55)
        bh = tall * rng.uniform(0.35, 1.0)
        p.rect((x, base_y - bh, x + bw, base_y), colour, edge=p.look == "flat")
        if lit and bw > 6 and p.look != "flat":
            step = max(3.0, bw / 5)
            for wy in range(int(base_y - bh + step), int(base_y - step), int(step * 1.4)):
                for wx in range(int(x + step * 0.6), int(x + bw - step * 0.6), int(step)):
                    if rng.random() < 0.45:
                        p.rect((wx, wy, wx + step * 0.45, wy + step * 0.6), lit, edge=False)
        x += bw + tall * rng.uniform(0.0, 0.12)


def _perspective_lines(p: Painter, st: Stage, spacing: float, colour: RGB, width: float,
                       spread: float = 0.35) -> None:
    """Lines on the ground that run toward the vanishing point: lanes, planks, road markings."""
    vx, hz, h = st.vanish_x, st.horizon, st.h
    n = int(st.w / spacing) + 3
    for i in range(-n, n + 1):
        xb = vx + i * spacing
        xt = vx + i * spacing * spread
        p.poly([(xt - width * spread / 2, hz), (xt + width * spread / 2, hz),
                (xb + width / 2, h), (xb - width / 2, h)], colour, edge=False)


# --- scenarios ----------------------------------------------------------------------------------


def studio(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    hz = st.horizon
    p.band((0, 0, st.w, hz), darken(pal.primary, 0.25), lighten(pal.primary, 0.12))
    p.band((0, hz, st.w, st.h), lighten(pal.primary, 0.08), darken(pal.primary, 0.3))


def office(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    wall = pal.paint((228, 230, 232))
    p.band((0, 0, w, hz), lighten(wall, 0.15), wall)
    left = rng.uniform(0.04, 0.3) * w
    right = min(w * 0.97, left + rng.uniform(0.5, 0.68) * w)
    top, bottom = h * 0.06, hz - h * 0.07
    sky = pal.tint((150, 192, 238), -0.1)
    p.band((left, top, right, bottom), sky, lighten(sky, 0.45))
    skyline(p, left, right, bottom, (bottom - top) * 0.45, mix(sky, pal.ink, 0.22), rng)
    frame = mix(pal.ink, (70, 74, 80), 0.5)
    cols, rows = rng.randint(3, 5), rng.randint(2, 3)
    bar = max(1.5, u * 0.9)
    for i in range(cols + 1):
        x = left + (right - left) * i / cols
        p.rect((x - bar / 2, top, x + bar / 2, bottom), frame, edge=False)
    for j in range(rows + 1):
        y = top + (bottom - top) * j / rows
        p.rect((left, y - bar / 2, right, y + bar / 2), frame, edge=False)
    if p.outline:
        p.rect((left, top, right, bottom), None, edge=True)  # type: ignore[arg-type]
    desk = pal.tint(rng.choice([(178, 136, 98), (236, 234, 230), (120, 90, 70)]), -0.3)
    p.band((0, hz, w, h), lighten(desk, 0.1), darken(desk, 0.2))
    p.rect((0, hz - u * 0.4, w, hz + u * 0.8), lighten(desk, 0.3), edge=False)
    mx = st.away(rng) * w
    mw, mh = w * 0.2, h * 0.16
    p.rect((mx - mw / 2, hz - mh - h * 0.05, mx + mw / 2, hz - h * 0.05), (32, 34, 40), radius=u)
    p.rect((mx - mw * 0.44, hz - mh - h * 0.04, mx + mw * 0.44, hz - h * 0.06), mix(sky, pal.accent, 0.3))
    p.rect((mx - u * 0.8, hz - h * 0.05, mx + u * 0.8, hz), (50, 52, 58), edge=False)
    px = w * (0.93 if mx < w / 2 else 0.07)
    plant(p, px, hz + u, h * 0.2, pal.tint((235, 232, 225)), (70, 130, 80), rng)


def sports(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    if st.variant == "court":
        wall = pal.paint((210, 214, 222))
        p.band((0, 0, w, hz), darken(wall, 0.1), wall)
        for i in range(6):
            x0 = w * i / 6
            p.rect((x0 + u, hz - h * 0.2, x0 + w / 6 - u, hz - u), pal.paint((90, 110, 160), 0.0), radius=u)
        p.rect((0, h * 0.05, w, h * 0.14), lighten(wall, 0.5))
        wood = pal.tint((206, 152, 96), -0.3)
        p.band((0, hz, w, h), lighten(wood, 0.1), darken(wood, 0.15))
        _perspective_lines(p, st, w / 14, darken(wood, 0.12), u * 0.3, spread=0.45)
        line = lighten(pal.accent, 0.6)
        cx, cy = st.vanish_x, hz + (h - hz) * 0.55
        rx, ry = w * 0.36, (h - hz) * 0.3
        p.draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=line, width=max(2, round(u * 0.8)))
        p.rect((0, hz + (h - hz) * 0.12, w, hz + (h - hz) * 0.12 + u * 0.8), line, edge=False)
        return
    sky = pal.paint((110, 165, 230), 0.5, 0.1)
    p.band((0, 0, w, hz), sky, lighten(sky, 0.4))
    stand_top = hz - h * 0.24
    rows = 7
    for i in range(rows):
        y0 = stand_top + (hz - stand_top) * i / rows
        tone = pal.paint((70, 80, 100) if i % 2 else (95, 105, 125), 0.0)
        p.rect((0, y0, w, y0 + (hz - stand_top) / rows + 1), tone, edge=False)
    crowd = [pal.accent, lighten(pal.primary, 0.4), (230, 230, 230), (210, 90, 70), (240, 200, 80)]
    for _ in range(int(w * 0.25)):
        x, y = rng.uniform(0, w), rng.uniform(stand_top, hz - u)
        r = u * rng.uniform(0.3, 0.55)
        p.ellipse((x - r, y - r, x + r, y + r), rng.choice(crowd), edge=False)
    for fx in (0.08, 0.92):
        x = w * fx
        p.rect((x - u * 0.4, h * 0.06, x + u * 0.4, stand_top), (60, 64, 72), edge=False)
        p.rect((x - u * 3, h * 0.04, x + u * 3, h * 0.09), lighten(pal.light, 0.7), radius=u * 0.5)
    p.rect((0, hz - u * 1.2, w, hz), lighten(pal.tint((90, 150, 90)), 0.1), edge=False)
    track = pal.tint((196, 86, 62), -0.2)
    p.band((0, hz, w, h), lighten(track, 0.08), darken(track, 0.2))
    _perspective_lines(p, st, w * 0.18, (245, 245, 240), u * 0.9, spread=0.4)


def kitchen(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    tile = pal.paint((236, 234, 226), 0.5)
    p.band((0, 0, w, hz), lighten(tile, 0.1), tile)
    grout = darken(tile, 0.1)
    th, tw = max(4.0, h * 0.045), max(8.0, h * 0.09)
    for j, y in enumerate(range(int(h * 0.25), hz, int(th))):
        p.line([(0, y), (w, y)], grout, u * 0.25)
        for x in range(int(-tw + (j % 2) * tw / 2), w, int(tw)):
            p.line([(x, y), (x, y + th)], grout, u * 0.25)
    shelf_y = h * 0.22
    p.rect((0, shelf_y, w, shelf_y + u * 1.5), pal.tint((150, 110, 80), -0.2))
    x = rng.uniform(0.02, 0.1) * w
    while x < w * 0.95:
        jw, jh = w * rng.uniform(0.04, 0.07), h * rng.uniform(0.06, 0.12)
        colour = rng.choice([pal.accent, lighten(pal.primary, 0.3), (240, 236, 226), (200, 160, 110)])
        p.rect((x, shelf_y - jh, x + jw, shelf_y), colour, radius=u)
        x += jw + w * rng.uniform(0.02, 0.09)
    lx = st.away(rng) * w
    p.line([(lx, 0), (lx, h * 0.1)], (50, 50, 54), u * 0.3)
    p.draw.chord((lx - w * 0.07, h * 0.08, lx + w * 0.07, h * 0.2), 180, 360, fill=pal.accent,
                 **p.edge_args())
    wood = pal.tint((176, 128, 88), -0.3)
    p.band((0, hz, w, h), lighten(wood, 0.12), darken(wood, 0.18))
    _perspective_lines(p, st, w * 0.12, darken(wood, 0.15), u * 0.25, spread=0.5)
    p.rect((0, hz - u * 0.3, w, hz + u * 0.9), lighten(wood, 0.25), edge=False)
    nx = st.away(rng) * w
    cloth = lighten(pal.accent, 0.2)
    p.poly([(nx - w * 0.12, h * 0.93), (nx + w * 0.06, h * 0.82), (nx + w * 0.2, h * 0.9),
            (nx + w * 0.02, h * 1.02)], cloth)


def outdoor(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    beach = st.variant == "beach"
    sky = pal.paint((96, 150, 220), 0.5, 0.1)
    haze = pal.paint((250, 226, 196), 0.7, 0.0)
    p.band((0, 0, w, hz), sky, haze)
    sx, sy, sr = st.light_x * w, hz - h * (0.12 if beach else 0.24), min(w, h) * 0.08
    p.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), lighten(mix(pal.light, haze, 0.3), 0.5))
    if beach:
        sea = pal.tint((40, 120, 170), -0.1)
        sea_bottom = hz + (h - hz) * 0.22
        p.band((0, hz, w, sea_bottom), darken(sea, 0.1), lighten(sea, 0.15))
        for _ in range(int(w * 0.04)):
            y = rng.uniform(hz + u, sea_bottom - u)
            x = rng.uniform(0, w)
            p.line([(x, y), (x + w * rng.uniform(0.02, 0.08), y)], lighten(sea, 0.45), u * 0.3)
        sand = pal.tint((236, 208, 160), -0.15)
        p.band((0, sea_bottom, w, h), lighten(sand, 0.1), darken(sand, 0.1))
        p.rect((0, sea_bottom - u * 0.4, w, sea_bottom + u * 0.8), (250, 250, 246), edge=False)
        px = st.away(rng) * w
        tx, ty = px + w * 0.06, h * 0.2
        p.poly([(px - u, h * 0.9), (px + u, h * 0.9), (tx + u * 0.6, ty), (tx - u * 0.6, ty)], (110, 80, 56))
        for k in range(6):
            angle = -math.pi * (0.1 + 0.16 * k)
            p.poly(_leaf(tx, ty, h * 0.16, h * 0.035, angle), pal.tint((60, 130, 70), -0.2))
        return
    # Three ranges, paler with distance: the cheapest depth cue there is.
    for amp, colour in ((0.55, mix(sky, haze, 0.55)), (0.42, pal.tint((110, 125, 140), -0.1)),
                        (0.3, pal.tint((70, 95, 90), -0.1))):
        peaks = [(0, hz)]
        n = rng.randint(3, 6)
        for i in range(n + 1):
            x = w * (i + rng.uniform(-0.3, 0.3)) / n
            peaks.append((x, hz - (hz * amp) * rng.uniform(0.45, 1.0)))
            peaks.append((x + w / n / 2, hz - (hz * amp) * rng.uniform(0.15, 0.45)))
        peaks.append((w, hz))
        p.poly(peaks, colour)
    grass = pal.tint((110, 150, 84), -0.15)
    p.band((0, hz, w, h), lighten(grass, 0.1), darken(grass, 0.2))
    path = pal.tint((222, 200, 160), -0.2)
    vx = st.vanish_x
    p.poly([(vx - w * 0.01, hz), (vx + w * 0.01, hz), (vx + w * 0.3, h), (vx - w * 0.3, h)], path)


def home(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    wall = pal.paint((236, 222, 204))
    p.band((0, 0, w, hz), lighten(wall, 0.1), darken(wall, 0.05))
    rail = hz - (hz * 0.3)
    p.rect((0, rail, w, hz), darken(wall, 0.07), edge=False)
    p.rect((0, rail - u * 0.5, w, rail + u * 0.5), lighten(wall, 0.4), edge=False)
    wx = st.away(rng) * w
    ww, top = w * 0.22, h * 0.08
    sky = pal.tint((170, 205, 235), -0.15)
    p.rect((wx - ww / 2, top + ww / 2, wx + ww / 2, rail - u * 2), sky)
    p.ellipse((wx - ww / 2, top, wx + ww / 2, top + ww), sky)
    p.rect((wx - ww / 2 + 1, top + ww / 2, wx + ww / 2 - 1, top + ww / 2 + u * 2), sky, edge=False)
    p.rect((wx - u * 0.5, top, wx + u * 0.5, rail - u * 2), lighten(wall, 0.5), edge=False)
    curtain = mix(pal.accent, wall, 0.4)
    for side in (-1, 1):
        x = wx + side * ww * 0.6
        p.poly([(x - side * ww * 0.05, top - u * 2), (x + side * ww * 0.2, top - u * 2),
                (x + side * ww * 0.28, rail), (x - side * ww * 0.05, rail)], curtain)
    fx = w * 0.5 if abs(wx - w * 0.5) > w * 0.3 else (w * 0.15 if wx > w / 2 else w * 0.85)
    p.rect((fx - w * 0.07, h * 0.14, fx + w * 0.07, h * 0.3), (245, 242, 236))
    p.rect((fx - w * 0.05, h * 0.16, fx + w * 0.05, h * 0.28), mix(pal.primary, pal.accent, 0.5))
    wood = pal.tint((186, 144, 104), -0.3)
    p.band((0, hz, w, h), lighten(wood, 0.1), darken(wood, 0.2))
    _perspective_lines(p, st, w * 0.09, darken(wood, 0.12), u * 0.25, spread=0.4)
    p.rect((0, hz - u * 1.5, w, hz), lighten(wall, 0.6), edge=False)
    sx = w * (0.08 if st.product_x > w / 2 else 0.92)
    sofa = mix(pal.secondary, pal.accent, 0.5)
    sw, sh = w * 0.4, h * 0.2
    p.rect((sx - sw / 2, hz - sh, sx + sw / 2, hz - sh * 0.35), lighten(sofa, 0.08), radius=u * 2)
    p.rect((sx - sw / 2, hz - sh * 0.45, sx + sw / 2, hz + h * 0.02), sofa, radius=u * 2)
    px = w * (0.3 if sx > w / 2 else 0.7)
    plant(p, px, hz + u, h * 0.22, pal.tint((210, 200, 190)), (70, 130, 80), rng)


def city(p: Painter, st: Stage, pal: Palette, rng: random.Random) -> None:
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    top = pal.tint((40, 52, 96), 0.1)
    low = pal.tint((246, 176, 128), -0.15)
    p.band((0, 0, w, hz), top, low)
    far = mix(low, top, 0.45)
    skyline(p, -w * 0.05, w, hz, hz * 0.55, far, rng)
    near = mix(top, pal.ink, 0.35)
    skyline(p, -w * 0.02, w, hz, hz * 0.75, near, rng, lit=(250, 214, 140))
    street = pal.tint((72, 74, 84), -0.3)
    p.band((0, hz, w, h), lighten(street, 0.1), darken(street, 0.2))
    p.rect((0, hz, w, hz + (h - hz) * 0.08), pal.tint((150, 150, 156), -0.2), edge=False)
    dash = (232, 220, 170)
    vx = st.vanish_x
    y = hz + (h - hz) * 0.12
    while y < h:
        t = (y - hz) / (h - hz)
        near, far = u * 0.2 + t * u * 1.3, u * 0.2 + t * u
        bottom = y + t * h * 0.08
        p.poly([(vx - far, y), (vx + far, y), (vx + near, bottom), (vx - near, bottom)], dash, edge=False)
        y += t * h * 0.16 + u * 2
    lx = st.away(rng) * w
    p.rect((lx - u * 0.4, h * 0.12, lx + u * 0.4, hz + u * 2), (40, 42, 50))
    p.ellipse((lx - u * 2, h * 0.1, lx + u * 2, h * 0.14), lighten(pal.light, 0.6))


def motif(p: Painter, st: Stage, pal: Palette, scenario: str, wall: RGB, rng: random.Random) -> None:
    """One quiet hint of the setting for a minimalist frame; everything else stays empty."""
    w, h, hz, u = st.w, st.h, st.horizon, st.unit
    faint = mix(wall, pal.ink, 0.1)
    if scenario == "office":  # window light falling across the wall
        x0 = w * (0.15 if st.product_x > w / 2 else 0.55)
        for i in range(3):
            for j in range(2):
                x, y = x0 + i * w * 0.1, h * 0.12 + j * h * 0.16
                p.poly([(x, y), (x + w * 0.08, y - h * 0.04), (x + w * 0.08, y + h * 0.1), (x, y + h * 0.14)],
                       lighten(wall, 0.35), edge=False)
    elif scenario == "sports":
        for k in (-1, 1):
            far, near = st.vanish_x + k * w * 0.1, st.vanish_x + k * w * 0.45
            lane = [(far, hz), (far + u * 0.3, hz), (near + u * 0.6, h), (near, h)]
            p.poly(lane, lighten(wall, 0.5), edge=False)
    elif scenario == "outdoor":
        r = u * 9
        sx = w * st.light_x
        p.ellipse((sx - r, hz * 0.45 - r, sx + r, hz * 0.45 + r), mix(wall, pal.accent, 0.35), edge=False)
        if st.variant == "beach":
            p.rect((0, hz, w, hz + (h - hz) * 0.15), mix(wall, (80, 140, 180), 0.25), edge=False)
    elif scenario == "city":
        skyline(p, 0, w, hz, hz * 0.3, faint, rng)
    elif scenario == "home":
        ax = w * (0.25 if st.product_x > w / 2 else 0.75)
        aw = w * 0.14
        p.rect((ax - aw, hz * 0.3, ax + aw, hz), darken(wall, 0.05), radius=aw, edge=False)
        p.rect((ax - aw, hz * 0.55, ax + aw, hz), darken(wall, 0.05), edge=False)
    elif scenario == "kitchen":
        lx = w * (0.3 if st.product_x > w / 2 else 0.7)
        p.line([(lx, 0), (lx, h * 0.22)], faint, u * 0.25)
        shade = mix(wall, pal.accent, 0.5)
        p.draw.chord((lx - u * 5, h * 0.2, lx + u * 5, h * 0.2 + u * 6), 180, 360, fill=shade)
        p.rect((0, hz, w, hz + u * 1.2), darken(wall, 0.08), edge=False)


# Words in a scenario that pick a setting, and a variant of it. First match wins.
SCENARIO_WORDS = [
    ("sports", r"sport|gym|fitness|running|\brun\b|jog|training|workout|athlet|stadium|marathon|\btrack\b|"
               r"court|tennis|basketball|football|soccer|yoga"),
    ("office", r"office|\bwork\b|workplace|business|desk|corporate|meeting|productiv|startup|cowork|"
               r"enterprise"),
    ("kitchen", r"kitchen|food|dining|restaurant|\bcaf[eé]|breakfast|lunch|dinner|\btable\b|cook|bakery|"
                r"brunch"),
    ("outdoor", r"outdoor|travel|beach|nature|mountain|hik(e|ing)|\bpark\b|summer|\bsea\b|ocean|coast|"
                r"adventure|camping|road trip|vacation|holiday|island|lake|forest|sunset|picnic"),
    ("city", r"city|urban|street|downtown|nightlife|commut|metropol|\btown\b"),
    ("home", r"\bhome\b|living room|bedroom|family|cozy|cosy|sofa|couch|interior"),
]
VARIANT_WORDS = {"sports": ("court", r"gym|court|basketball|tennis|indoor|volleyball|yoga"),
                 "outdoor": ("beach", r"beach|\bsea\b|ocean|coast|island|surf|tropical|summer")}

SCENES = {"studio": studio, "office": office, "sports": sports, "kitchen": kitchen,
          "outdoor": outdoor, "home": home, "city": city}


def draw_scene(img: Image.Image, look: str, st: Stage, pal: Palette, scenario: str,
               rng: random.Random) -> None:
    SCENES.get(scenario, studio)(Painter(img, look, pal.ink), st, pal, rng)
