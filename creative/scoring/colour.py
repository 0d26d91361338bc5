"""Colour science: colour words to CIELAB, sRGB to CIELAB, and CIEDE2000 distance between colours.

Briefs name colours in words ("navy", "pastel pink", "rose gold"); images are sRGB pixels. To say
whether an image has the colours asked for, both go to CIELAB and are compared with CIEDE2000,
whose distances follow what people see as different colours. Its own module because two checks
answer that question and must agree: the heuristic score's colour match and the palette check.
Everything here works on single colours, not images: callers reduce an image to a palette
first, which keeps the per-colour Python arithmetic cheap.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import ImageColor

# CIEDE2000 distances (lightness counted half, kl=2): within NEAR a colour reads as the colour
# named, beyond FAR as a different one.
NEAR_DELTA_E = 10.0
FAR_DELTA_E = 25.0

# Colour words a brief uses that CSS does not name (or names differently from how products look).
COLOUR_TABLE: dict[str, tuple[int, int, int]] = {
    "gold": (212, 175, 55),
    "rose gold": (183, 110, 121),
    "champagne": (247, 231, 206),
    "charcoal": (54, 69, 79),
    "graphite": (65, 66, 76),
    "space gray": (113, 115, 120),
    "midnight": (46, 52, 64),
    "navy blue": (0, 0, 128),
    "cream": (255, 253, 208),
    "off white": (250, 249, 246),
    "burgundy": (128, 0, 32),
    "mint": (152, 255, 152),
    "emerald": (80, 200, 120),
    "sage": (188, 184, 138),
    "terracotta": (226, 114, 91),
    "mustard": (255, 219, 88),
    "blush": (222, 93, 131),
    "lilac": (200, 162, 200),
    "rust": (183, 65, 14),
    "sand": (194, 178, 128),
    "copper": (184, 115, 51),
    "bronze": (205, 127, 50),
    "matte black": (40, 40, 40),
}
# Modifier words: how far to mix the colour towards white (positive) or black (negative).
COLOUR_MODIFIERS: dict[str, float] = {
    "pastel": 0.6,
    "pale": 0.45,
    "light": 0.4,
    "soft": 0.25,
    "dark": -0.4,
    "deep": -0.35,
    "bright": 0.0,
    "vivid": 0.0,
    "neon": 0.0,
    "metallic": 0.0,
    "matte": 0.0,
}


def colour_lab(name: str) -> tuple[float, float, float] | None:
    """The CIELAB colour for a colour word from a brief ("blue", "pastel pink", "rose gold"), or None."""
    rgb = colour_rgb(name)
    return srgb_to_lab(rgb) if rgb is not None else None


@lru_cache(maxsize=512)
def colour_rgb(name: str) -> tuple[int, int, int] | None:
    """The sRGB colour for a colour word, from COLOUR_TABLE, CSS names and modifiers; None if unknown."""
    words = name.lower().replace("-", " ").replace("_", " ").replace("grey", "gray").split()
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in COLOUR_TABLE:
        return COLOUR_TABLE[phrase]
    try:
        return ImageColor.getrgb("".join(words))[:3]
    except ValueError:
        pass
    if len(words) == 1:
        return None
    if words[0] in COLOUR_MODIFIERS:
        base = colour_rgb(" ".join(words[1:]))
        if base is None:
            return None
        amount = COLOUR_MODIFIERS[words[0]]
        towards = 255 if amount > 0 else 0
        red, green, blue = (round(c + (towards - c) * abs(amount)) for c in base)
        return red, green, blue
    # "electric blue", "ocean teal": the last word carries the hue.
    return colour_rgb(words[-1])


@lru_cache(maxsize=4096)
def srgb_to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """Convert an 8-bit sRGB colour to CIELAB (D65 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e_2000(
    lab1: tuple[float, float, float], lab2: tuple[float, float, float], *, kl: float = 1.0
) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005); kl=2 tolerates lightness, as naming does."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    delta_l = l2 - l1
    delta_c = c2p - c1p
    if c1p * c2p == 0:
        delta_h = 0.0
    elif abs(h2p - h1p) <= 180:
        delta_h = h2p - h1p
    elif h2p - h1p > 180:
        delta_h = h2p - h1p - 360
    else:
        delta_h = h2p - h1p + 360
    delta_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(delta_h / 2))

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_mean = (h1p + h2p + 360) / 2
    else:
        hp_mean = (h1p + h2p - 360) / 2

    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    delta_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    r_t = -r_c * math.sin(math.radians(2 * delta_theta))
    return math.sqrt(
        (delta_l / (kl * s_l)) ** 2
        + (delta_c / s_c) ** 2
        + (delta_big_h / s_h) ** 2
        + r_t * (delta_c / s_c) * (delta_big_h / s_h)
    )
