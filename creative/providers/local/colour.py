"""Colour words to RGB, palettes per style, and light that follows the tone."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from PIL import ImageColor

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


