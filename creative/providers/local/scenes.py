"""Backgrounds for the local renderer: colour maths, gradients, and one environment per scenario.

A scene draws through a Painter whose look decides how shapes are filled, so each scenario is
written once and serves every style: "soft" (gradients; photo and lifestyle blur it later for
depth) or "flat" (illustration: solid fills, bold outlines, no gradients).
"""

from __future__ import annotations

import math
import random

from PIL import Image

from .colour import RGB, Palette, darken, lighten, mix
from .paint import Painter, Stage


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
        for tile_x in range(int(-tw + (j % 2) * tw / 2), w, int(tw)):
            p.line([(tile_x, y), (tile_x, y + th)], grout, u * 0.25)
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
        peaks: list[tuple[float, float]] = [(0, hz)]
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
        wide, narrow = u * 0.2 + t * u * 1.3, u * 0.2 + t * u  # the dash's half-widths, near and far
        bottom = y + t * h * 0.08
        p.poly([(vx - narrow, y), (vx + narrow, y), (vx + wide, bottom), (vx - wide, bottom)], dash, edge=False)
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
