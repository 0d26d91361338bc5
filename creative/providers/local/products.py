"""Product shapes for the local renderer, each drawn as a transparent sprite in one of four looks.

A product is a list of parts in unit coordinates (0..1 across the sprite). A part is shaded from a
lighting field (cylinder, sphere, top-lit, metal) through a colour ramp, so one drawing serves every
style: "soft" and "muted" (photographic), "glossy" (3D render), "flat" (cel-shaded, bold outlines).
Sprites are drawn at twice their size and reduced, which is the only anti-aliasing Pillow offers.
"""

from __future__ import annotations

import math
import random
import re

from PIL import Image

from .colour import RGB, WHITE, Palette, darken, lighten, mix
from .sprites import GOLD, PLATE, SCREEN, Sprite, apart_from, smoothed


def watch(s: Sprite, pal: Palette, rng: random.Random) -> None:
    strap = pal.accent
    # Straps narrow as they curve away from the camera, so the face reads as the nearest thing.
    s.part("poly", [(0.31, 0.0), (0.69, 0.0), (0.76, 0.32), (0.24, 0.32)], darken(strap, 0.15), gloss=0)
    lower = [(0.24, 0.68), (0.76, 0.68), (0.7, 0.97), (0.66, 1.0), (0.34, 1.0), (0.3, 0.97)]
    s.part("poly", lower, strap, gloss=0)
    s.part("rect", (0.22, 0.74, 0.78, 0.78), darken(strap, 0.25), gloss=0, radius=0.01)
    for y in (0.84, 0.89, 0.94):
        s.part("ellipse", s.circle(0.5, y, 0.01), darken(strap, 0.5), shade="flat", outline=False)
    s.part("rect", (0.9, 0.45, 0.98, 0.53), pal.secondary, shade="metal", radius=0.02)
    s.part("ellipse", s.circle(0.5, 0.5, 0.27), pal.secondary, shade="metal")
    s.part("ellipse", s.circle(0.5, 0.5, 0.235), darken(pal.secondary, 0.6), outline=False)
    s.part("ellipse", s.circle(0.5, 0.5, 0.215), SCREEN, shade="flat", sheen=0.07)
    rings = [apart_from(lighten(pal.primary, 0.2), lighten(strap, 0.2), lighten(strap, 0.35)),
             (130, 226, 120), (250, 110, 140)]
    for i, colour in enumerate(rings):  # activity rings: a track, and how far today has got
        box = s.circle(0.5, 0.5, 0.165 - i * 0.037)
        s.arc(box, -90, 270, darken(colour, 0.72), 0.026)
        s.arc(box, -90, -90 + rng.randint(150, 320), colour, 0.026)
    s.part("rect", (0.45, 0.48, 0.55, 0.52), (236, 236, 240), shade="flat", radius=0.02, outline=False)


def phone(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("rect", (0.0, 0.2, 0.05, 0.3), darken(pal.secondary, 0.2), shade="flat", radius=0.01)
    s.part("rect", (0.04, 0.0, 0.96, 1.0), pal.secondary, shade="metal", radius=0.13)
    s.part("rect", (0.09, 0.025, 0.91, 0.975), SCREEN, shade="flat", radius=0.1, outline=False)
    wallpaper = mix(pal.primary, pal.accent, 0.3)
    s.part("rect", (0.11, 0.035, 0.89, 0.965), wallpaper, shade="sphere", radius=0.09, sheen=0.12)
    card = lighten(wallpaper, 0.75)
    s.part("rect", (0.18, 0.1, 0.6, 0.16), card, shade="flat", radius=0.02, outline=False)
    y = 0.2 + rng.uniform(0, 0.05)
    for height in (0.16, 0.09, 0.09):
        s.part("rect", (0.17, y, 0.83, y + height), card, shade="flat", radius=0.04)
        y += height + 0.03
    s.part("rect", (0.38, 0.045, 0.62, 0.07), SCREEN, shade="flat", radius=0.1, outline=False)


def laptop(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("rect", (0.1, 0.0, 0.9, 0.72), (28, 30, 36), shade="flat", radius=0.03)
    wallpaper = mix(pal.primary, pal.accent, 0.35)
    s.part("rect", (0.125, 0.035, 0.875, 0.685), wallpaper, shade="sphere", outline=False, sheen=0.12)
    card = lighten(wallpaper, 0.7)
    x = 0.16
    for width in (0.2, 0.25, 0.21):
        s.part("rect", (x, 0.1, x + width, 0.62 - rng.uniform(0, 0.2)), card, shade="flat", radius=0.02)
        x += width + 0.03
    s.part("poly", [(0.1, 0.72), (0.9, 0.72), (1.0, 0.93), (0.0, 0.93)], pal.secondary, shade="vert")
    keyboard = [(0.16, 0.74), (0.84, 0.74), (0.88, 0.84), (0.12, 0.84)]
    s.part("poly", keyboard, darken(pal.secondary, 0.45), shade="flat", outline=False)
    s.part("rect", (0.41, 0.855, 0.59, 0.915), lighten(pal.secondary, 0.15), shade="flat", radius=0.01)
    s.part("rect", (0.0, 0.93, 1.0, 1.0), pal.secondary, shade="metal", radius=0.03)


def _bottle_width(y: float) -> float:
    """The bottle's width at height y: neck, a smooth shoulder, body, a rounded foot."""
    if y < 0.28:
        return 0.28
    if y < 0.46:
        t = (y - 0.28) / 0.18
        return 0.28 + 0.66 * (t * t * (3 - 2 * t))
    if y > 0.97:
        return 0.94 - (y - 0.97) * 3
    return 0.94


def bottle(s: Sprite, pal: Palette, rng: random.Random) -> None:
    ys = [0.08 + i * 0.92 / 40 for i in range(41)]
    right = [(0.5 + _bottle_width(y) / 2, y) for y in ys]
    left = [(0.5 - _bottle_width(y) / 2, y) for y in reversed(ys)]
    s.part("poly", right + left, pal.secondary, gloss=8, sheen=0.12)
    label = apart_from(pal.accent, pal.secondary, lighten(pal.secondary, 0.7))
    s.part("rect", (0.03, 0.55, 0.97, 0.83), label, gloss=1)
    s.part("rect", (0.03, 0.62, 0.97, 0.66), apart_from(pal.primary, label, darken(label, 0.4)), outline=False)
    emblem = apart_from(pal.primary, label, pal.ink)
    s.part("ellipse", s.circle(0.5, 0.745, 0.04), emblem, shade="sphere", gloss=2, outline=False)
    s.part("ellipse", s.circle(0.5, 0.745, 0.02), label, shade="flat", outline=False)
    s.part("rect", (0.33, 0.0, 0.67, 0.1), apart_from(pal.accent, pal.secondary, WHITE), radius=0.03)


def car(s: Sprite, pal: Palette, rng: random.Random) -> None:
    body = [(0.01, 0.62), (0.02, 0.5), (0.08, 0.44), (0.28, 0.38), (0.38, 0.14), (0.6, 0.1),
            (0.72, 0.14), (0.84, 0.36), (0.96, 0.42), (0.995, 0.55), (0.99, 0.78), (0.01, 0.8)]
    for cx in (0.2, 0.79):  # wheel arches
        s.part("ellipse", s.circle(cx, 0.74, 0.25), (25, 25, 30), shade="flat")
    s.part("poly", smoothed(body, 2), pal.secondary, shade="vert")
    shoulder = [(0.02, 0.5), (0.98, 0.5), (0.985, 0.56), (0.015, 0.56)]
    s.part("poly", shoulder, lighten(pal.secondary, 0.25), shade="flat", outline=False)
    glass = mix((40, 50, 64), pal.primary, 0.2)
    s.part("poly", [(0.33, 0.38), (0.41, 0.18), (0.54, 0.16), (0.54, 0.38)], glass, sheen=0.12)
    s.part("poly", [(0.57, 0.38), (0.57, 0.16), (0.68, 0.18), (0.78, 0.38)], glass, sheen=0.12)
    s.line([(0.555, 0.4), (0.555, 0.76)], darken(pal.secondary, 0.35), 0.008)
    s.part("rect", (0.93, 0.46, 0.995, 0.52), lighten(pal.light, 0.6), shade="flat", radius=0.01)
    s.part("rect", (0.01, 0.47, 0.04, 0.53), (210, 40, 40), shade="flat", radius=0.01)
    for cx in (0.2, 0.79):
        s.part("ellipse", s.circle(cx, 0.78, 0.21), (22, 22, 26), shade="sphere", gloss=1)
        s.part("ellipse", s.circle(cx, 0.78, 0.13), (190, 192, 198), shade="metal")
        s.part("ellipse", s.circle(cx, 0.78, 0.04), (80, 82, 88), shade="flat")


def shoe(s: Sprite, pal: Palette, rng: random.Random) -> None:
    upper = [(0.04, 0.84), (0.03, 0.45), (0.07, 0.26), (0.18, 0.3), (0.3, 0.36), (0.4, 0.14), (0.5, 0.12),
             (0.56, 0.28), (0.72, 0.46), (0.88, 0.56), (0.98, 0.68), (0.98, 0.86)]
    s.part("poly", smoothed(upper, 2), pal.secondary, gloss=2)
    stripe = [(0.22, 0.7), (0.5, 0.55), (0.85, 0.52), (0.6, 0.64), (0.3, 0.76)]
    s.part("poly", smoothed(stripe, 2), apart_from(pal.accent, pal.secondary, pal.primary))
    for i in range(5):  # laces
        x, y = 0.44 + i * 0.055, 0.24 + i * 0.055
        s.line([(x - 0.03, y + 0.05), (x + 0.05, y - 0.03)], lighten(pal.secondary, 0.7), 0.025)
    s.part("rect", (0.02, 0.28, 0.09, 0.5), pal.accent, radius=0.02)
    sole = (242, 240, 234)
    s.part("poly", smoothed([(0.0, 0.8), (0.99, 0.8), (1.0, 0.9), (0.97, 0.99), (0.03, 0.99), (0.0, 0.92)], 1),
           sole, shade="vert")
    s.line([(0.02, 0.9), (0.98, 0.9)], darken(sole, 0.25), 0.012)


def jar(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("rect", (0.05, 0.36, 0.95, 0.99), pal.secondary, radius=0.12, gloss=6, sheen=0.12)
    band = apart_from(pal.primary, pal.secondary, lighten(pal.secondary, 0.6))
    s.part("rect", (0.05, 0.62, 0.95, 0.74), band, outline=False)
    lid = apart_from(pal.accent, pal.secondary, GOLD)
    s.part("rect", (0.08, 0.08, 0.92, 0.38), lid, shade="metal", radius=0.05)
    s.part("ellipse", (0.08, 0.02, 0.92, 0.14), lighten(lid, 0.25), shade="vert")


def tube(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("poly", [(0.06, 0.07), (0.94, 0.07), (0.76, 0.8), (0.24, 0.8)], pal.secondary, sheen=0.12)
    crimp = [(0.04, 0.0), (0.96, 0.0), (0.94, 0.08), (0.06, 0.08)]
    s.part("poly", crimp, darken(pal.secondary, 0.1), shade="vert")
    for y in (0.3, 0.36, 0.45):  # where the copy would be
        s.part("rect", (0.3, y, 1.0 - y, y + 0.03), pal.accent, shade="flat", radius=0.01, outline=False)
    s.part("rect", (0.22, 0.8, 0.78, 1.0), pal.accent, radius=0.04)


def lipstick(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("poly", [(0.26, 0.1), (0.74, 0.0), (0.74, 0.42), (0.26, 0.42)], pal.secondary, gloss=8)
    s.part("rect", (0.18, 0.4, 0.82, 0.55), GOLD, shade="metal", radius=0.03)
    s.part("rect", (0.1, 0.54, 0.9, 1.0), pal.accent, radius=0.05, sheen=0.12)


def _pizza(s: Sprite, pal: Palette, rng: random.Random) -> None:
    # Seen from above at an angle, so the pie fills the plate's ellipse.
    s.part("ellipse", (0.0, 0.08, 1.0, 1.0), darken(PLATE, 0.12), shade="flat")
    s.part("ellipse", (0.0, 0.0, 1.0, 0.92), PLATE, shade="vert")
    s.part("ellipse", (0.08, 0.06, 0.92, 0.86), (214, 156, 84), shade="vert")
    s.part("ellipse", (0.14, 0.12, 0.86, 0.8), (196, 64, 40), shade="flat", outline=False)
    toppings = [(250, 224, 150), (250, 224, 150), (150, 36, 30), (70, 130, 60)]
    for _ in range(16):
        a, d = rng.uniform(0, 2 * math.pi), math.sqrt(rng.random()) * 0.8
        cx, cy = 0.5 + math.cos(a) * d * 0.3, 0.46 + math.sin(a) * d * 0.28
        box = (cx - 0.035, cy - 0.05, cx + 0.035, cy + 0.05)
        s.part("ellipse", box, rng.choice(toppings), shade="flat", outline=False)


def food(s: Sprite, pal: Palette, rng: random.Random) -> None:
    if s.sw > s.sh * 1.7:
        _pizza(s, pal, rng)
        return
    s.part("ellipse", (0.0, 0.62, 1.0, 1.0), PLATE, shade="vert")
    s.part("ellipse", (0.12, 0.67, 0.88, 0.95), mix(darken(PLATE, 0.04), pal.accent, 0.15), shade="flat",
           outline=False)
    s.part("rect", (0.2, 0.64, 0.8, 0.78), (206, 142, 72), radius=0.05, gloss=0)
    s.part("rect", (0.17, 0.53, 0.83, 0.66), (92, 52, 34), radius=0.06, gloss=0)
    cheese = [(0.22, 0.5), (0.8, 0.5), (0.74, 0.6), (0.66, 0.54), (0.58, 0.63), (0.5, 0.55), (0.3, 0.58)]
    s.part("poly", cheese, (250, 196, 60), shade="flat")
    lettuce = [(0.14 + i * 0.04, 0.5 + (0.03 if i % 2 else -0.01)) for i in range(19)]
    s.part("poly", [*lettuce, (0.86, 0.44), (0.14, 0.44)], (110, 180, 70), shade="flat")
    s.part("chord", (0.18, 0.06, 0.82, 0.82), (214, 150, 76), shade="sphere", gloss=1)
    for _ in range(9):  # sesame
        cx, cy = 0.5 + rng.uniform(-0.2, 0.2), 0.2 + rng.uniform(0.0, 0.14)
        box = (cx - 0.012, cy - 0.01, cx + 0.012, cy + 0.01)
        s.part("ellipse", box, (250, 238, 200), shade="flat", outline=False)


def house(s: Sprite, pal: Palette, rng: random.Random) -> None:
    glass = mix((150, 190, 225), pal.primary, 0.25)
    if s.sh > s.sw * 1.2:  # an apartment block
        s.part("rect", (0.05, 0.04, 0.95, 1.0), pal.secondary, shade="vert")
        s.part("rect", (0.02, 0.0, 0.98, 0.05), darken(pal.secondary, 0.3), shade="flat")
        for j in range(7):
            for i in range(4):
                x, y = 0.12 + i * 0.2, 0.09 + j * 0.12
                lit = rng.random() < 0.2
                s.part("rect", (x, y, x + 0.14, y + 0.08), (250, 220, 150) if lit else glass, shade="flat",
                       sheen=0.12)
        s.part("rect", (0.4, 0.9, 0.6, 1.0), pal.accent, shade="flat")
        return
    s.part("rect", (0.7, 0.04, 0.8, 0.3), darken(pal.accent, 0.2), shade="vert")
    s.part("rect", (0.1, 0.42, 0.9, 1.0), pal.secondary, shade="vert")
    s.part("poly", [(0.02, 0.46), (0.5, 0.06), (0.98, 0.46)], pal.accent, shade="vert")
    for x in (0.18, 0.62):
        s.part("rect", (x, 0.55, x + 0.2, 0.72), glass, shade="flat", sheen=0.12)
    s.part("rect", (0.42, 0.74, 0.58, 1.0), darken(pal.accent, 0.25), shade="flat")


def box(s: Sprite, pal: Palette, rng: random.Random) -> None:
    """The fallback: a gift box, since every product can come in one."""
    base = pal.secondary
    lit, dark = (base, darken(base, 0.3)) if s.light < 0 else (darken(base, 0.3), base)
    s.part("poly", [(0.5, 0.0), (1.0, 0.2), (0.5, 0.4), (0.0, 0.2)], lighten(base, 0.3), shade="flat")
    s.part("poly", [(0.0, 0.2), (0.5, 0.4), (0.5, 1.0), (0.0, 0.8)], lit, shade="vert")
    s.part("poly", [(0.5, 0.4), (1.0, 0.2), (1.0, 0.8), (0.5, 1.0)], dark, shade="vert")
    ribbon = apart_from(pal.accent, base, lighten(base, 0.6))
    faces = [([(0.2, 0.28), (0.3, 0.32), (0.3, 0.92), (0.2, 0.88)], ribbon, "vert"),
             ([(0.7, 0.32), (0.8, 0.28), (0.8, 0.88), (0.7, 0.92)], darken(ribbon, 0.2), "vert"),
             ([(0.2, 0.28), (0.7, 0.08), (0.8, 0.12), (0.3, 0.32)], lighten(ribbon, 0.2), "flat"),
             ([(0.7, 0.32), (0.2, 0.12), (0.3, 0.08), (0.8, 0.28)], lighten(ribbon, 0.2), "flat")]
    for points, colour, shade in faces:
        s.part("poly", points, colour, shade=shade, outline=False)
    s.part("ellipse", s.circle(0.5, 0.2, 0.06), ribbon, shade="sphere")


def orb(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("ellipse", (0.0, 0.0, 1.0, 1.0), pal.secondary, shade="sphere", gloss=7)


def ball(s: Sprite, pal: Palette, rng: random.Random) -> None:
    orb(s, pal, rng)
    seam = lighten(pal.secondary, 0.75)
    s.arc((-0.55, 0.1, 0.45, 1.1), -70, 70, seam, 0.03)
    s.arc((0.55, -0.1, 1.55, 0.9), 110, 250, seam, 0.03)


def cube(s: Sprite, pal: Palette, rng: random.Random) -> None:
    """An isometric block; stretched tall it is a tower, with window bands when it is."""
    top = min(0.45, 0.45 * s.sw / s.sh)
    base = pal.secondary
    lit, dark = (base, darken(base, 0.3)) if s.light < 0 else (darken(base, 0.3), base)
    s.part("poly", [(0.5, 0.0), (1.0, top / 2), (0.5, top), (0.0, top / 2)], lighten(base, 0.3), shade="flat")
    s.part("poly", [(0.0, top / 2), (0.5, top), (0.5, 1.0), (0.0, 1.0 - top / 2)], lit, shade="vert")
    s.part("poly", [(0.5, top), (1.0, top / 2), (1.0, 1.0 - top / 2), (0.5, 1.0)], dark, shade="vert")
    if s.sh > s.sw * 1.6:
        y = top + 0.05
        while y < 0.9 - top / 2:
            s.part("poly", [(0.08, y), (0.42, y + top * 0.7), (0.42, y + top * 0.7 + 0.03), (0.08, y + 0.03)],
                   lighten(lit, 0.35), shade="flat", outline=False)
            s.part("poly", [(0.58, y + top * 0.7), (0.92, y), (0.92, y + 0.03), (0.58, y + top * 0.7 + 0.03)],
                   lighten(dark, 0.25), shade="flat", outline=False)
            y += 0.09


def arch(s: Sprite, pal: Palette, rng: random.Random) -> None:
    for inset, colour in ((0.0, pal.secondary), (0.12, darken(pal.secondary, 0.12))):
        # One outline per layer, so the shading runs unbroken from crown to floor.
        r = (0.5 - inset) * s.sw / s.sh  # in heights: the crown is a true half circle
        top = inset * 0.8
        crown = [(0.5 - (0.5 - inset) * math.cos(a / 16 * math.pi), top + r - r * math.sin(a / 16 * math.pi))
                 for a in range(17)]
        s.part("poly", [(inset, 1.0), *crown, (1 - inset, 1.0)], colour, shade="vert", outline=inset == 0)


def hill(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("chord", (0.0, 0.0, 1.0, 2.0), pal.secondary, shade="sphere", gloss=2)


def plant_pot(s: Sprite, pal: Palette, rng: random.Random) -> None:
    green = (72, 150, 96)
    for i in range(5):
        angle = -math.pi / 2 + (i - 2) * 0.4
        x, y = 0.5 + math.cos(angle) * 0.28, 0.5 + math.sin(angle) * 0.38
        s.part("ellipse", (x - 0.16, y - 0.14, x + 0.16, y + 0.14), mix(green, darken(green, 0.3), i % 2),
               shade="sphere", gloss=2)
    s.part("rect", (0.22, 0.55, 0.78, 1.0), pal.secondary, shade="cyl", radius=0.06)


def podium(s: Sprite, pal: Palette, rng: random.Random) -> None:
    s.part("ellipse", (0.0, 0.6, 1.0, 1.0), pal.secondary, shade="cyl", gloss=2)
    s.part("rect", (0.0, 0.2, 1.0, 0.8), pal.secondary, shade="cyl", outline=False, gloss=2)
    if s.outline:
        s.line([(0.0, 0.2), (0.0, 0.8)], pal.ink, s.outline / s.sh)
        s.line([(1.0, 0.2), (1.0, 0.8)], pal.ink, s.outline / s.sh)
    s.part("ellipse", (0.0, 0.0, 1.0, 0.4), lighten(pal.secondary, 0.25), shade="vert")


# The products the renderer can draw, each with the names and synonyms that really mean it. A brief's
# product phrase must end in one of them ("FitPulse smartwatch", "electric SUV for families"): "dog food"
# is not a burger and "coffee" not a gift box, and those get a labelled placeholder (placed.py). Apps and
# software are shown on their device. First match wins, so specific names come before general ones.
PRODUCT_NAMES = [
    ("", r"ice cream|cream cheese|water ?proof\w*"),  # look like known names, are not those products
    ("watch", r"watch|smartwatch|wristwatch|wearable|fitness tracker|wristband"),
    ("laptop", r"laptop|notebook computer|macbook|pc|computer|software|saas"),
    ("phone", r"phone|smartphone|iphone|app|mobile app|tablet|ipad"),
    ("lipstick", r"lipstick|lip gloss|lip balm"),
    ("tube", r"toothpaste|sunscreen|lotion|gel|hand cream"),
    ("jar", r"cream|moisturi[sz]er|serum|face mask"),
    ("pizza", r"pizza"),
    ("burger", r"burger|hamburger|cheeseburger"),
    ("bottle", r"bottle|drink|beverage|juice|water|soda|beer|wine|cola|perfume|fragrance|kombucha"),
    ("car", r"car|vehicle|suv|ev|sedan|automobile|truck|coupe"),
    ("shoe", r"shoe|sneaker|trainer|footwear|boot"),
    ("apartment", r"apartment|condo"),
    ("house", r"house|home|villa|cottage"),
    ("box", r"gift box|box"),
]
# Where a product phrase's head noun ends: "smartwatch for runners", "shoes with grip", "juice, cold".
PHRASE_END = re.compile(r"\s(?:for|with|that|which|who|to|in|on|from|by|and|made|aimed|targeting)\s|[,;:(.!?]")


def product_kind(phrase: str) -> str:
    """The known product a brief's product phrase names, or "" when it names none of them."""
    head = PHRASE_END.split(f" {phrase.strip().lower()} ", maxsplit=1)[0].strip()
    for kind, names in PRODUCT_NAMES:
        if head and re.search(rf"(?:^|[\s-])(?:{names})(?:e?s)?$", head):
            return kind
    return ""


def product_in_text(text: str) -> str:
    """The first known product a free text (a prompt) mentions anywhere, or ""; for jobs with no brief."""
    for kind, names in PRODUCT_NAMES:
        if re.search(rf"\b(?:{names})(?:e?s)?\b", text, re.IGNORECASE):
            return kind
    return ""


# kind -> (drawing, width / height, floats above the ground instead of standing on it)
PRODUCTS = {
    "watch": (watch, 0.6, True),
    "phone": (phone, 0.5, True),
    "laptop": (laptop, 1.5, False),
    "bottle": (bottle, 0.36, False),
    "car": (car, 2.4, False),
    "shoe": (shoe, 2.0, False),
    "jar": (jar, 1.15, False),
    "tube": (tube, 0.4, False),
    "lipstick": (lipstick, 0.34, False),
    "burger": (food, 1.35, False),
    "pizza": (food, 2.0, False),
    "house": (house, 1.1, False),
    "apartment": (house, 0.62, False),
    "box": (box, 0.88, False),
}


def draw_product(kind: str, width: int, height: int, look: str, pal: Palette, light_x: float,
                 rng: random.Random) -> Image.Image:
    """The product as an RGBA sprite of about width x height."""
    sprite = Sprite(width, height, look, pal, light_x)
    PRODUCTS.get(kind, PRODUCTS["box"])[0](sprite, pal, rng)
    return sprite.finish()


PROPS = {"arch": arch, "orb": orb, "ball": ball, "cube": cube, "hill": hill, "plant": plant_pot,
         "podium": podium}


def draw_prop(kind: str, width: int, height: int, look: str, colour: RGB, pal: Palette, light_x: float,
              rng: random.Random) -> Image.Image:
    """A scene prop (see PROPS) in one colour, shaded like the product."""
    prop_pal = Palette(pal.primary, colour, pal.accent, pal.ink, pal.light)
    sprite = Sprite(width, height, look, prop_pal, light_x)
    PROPS[kind](sprite, prop_pal, rng)
    return sprite.finish()


# --- grounding: shadows and reflections under a sprite --------------------------------------------


