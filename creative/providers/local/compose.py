"""The five styles: how each lays out backdrop, product, light and props."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFilter

from .colour import RGB, darken, lighten, luma, mix
from .paint import Painter, Stage, glow, gradient, soft_ellipse, vignette
from .placed import product_sprite
from .plan import Plan, horizon_y, lean_of, low_res, product_size, side_x, stage_for
from .products import draw_prop
from .scenes import draw_scene, motif
from .sprites import cast_shadow, drop_shadow, reflection


def compose_product_photography(plan: Plan, w: int, h: int, rng: random.Random) -> Image.Image:
    pal, u = plan.pal, min(w, h)
    hz = horizon_y(w, h, 0.64)
    pw, ph = product_size(plan, w, h, 0.6, 0.5)
    cx = side_x(w, h, rng, rng.uniform(0.0, 0.08), pw)
    stage = stage_for(plan, w, h, hz, cx, rng)
    base_y = round(stage.horizon + (h - stage.horizon) * 0.42)
    # The backdrop has no edge worth full resolution: draw it small, scale it up once.
    f = low_res(w, h)
    q = stage.scaled(f)
    qu = min(q.w, q.h)
    back = pal.primary if luma(pal.primary) < 0.55 else darken(pal.primary, 0.25)
    sweep = [(0, darken(back, 0.55)), (hz - 0.02, lighten(back, 0.08)), (hz, lighten(back, 0.14)),
             (1, darken(back, 0.5))]
    bg = gradient((q.w, q.h), sweep)
    if plan.scenario != "studio":  # the setting, far out of focus behind the sweep
        scene = Image.new("RGB", (q.w, q.h))
        draw_scene(scene, "soft", q, pal, plan.scenario, rng)
        fade = gradient((q.w, q.h), [(0, (90, 90, 90)), (hz, (40, 40, 40)), (1, (0, 0, 0))]).convert("L")
        bg.paste(scene.filter(ImageFilter.GaussianBlur(qu * 0.01)), (0, 0), fade)
    qx, qy, qpw, qbase = cx * f, (base_y - ph * 0.6) * f, pw * f, base_y * f
    soft_ellipse(bg, (qx - qu * 0.5, qy - qu * 0.45, qx + qu * 0.5, qy + qu * 0.45), qu * 0.2, 150,
                 lighten(pal.light, 0.3))
    lx = plan.light_x * q.w
    beam = Image.new("L", bg.size)
    ImageDraw.Draw(beam).polygon([(lx - qu * 0.04, 0), (lx + qu * 0.04, 0), (qx + qpw * 0.7, qbase),
                                  (qx - qpw * 0.7, qbase)], fill=42)
    bg.paste(lighten(pal.light, 0.5), (0, 0), beam.filter(ImageFilter.GaussianBlur(qu * 0.04)))
    vignette(bg, 150)
    img = bg.resize((w, h), Image.Resampling.BICUBIC)
    sprite = product_sprite(plan, pw, ph, "soft", rng)
    x = round(cx - sprite.width / 2)
    gap = round(ph * 0.06) if plan.floats else 0
    reflection(img, sprite, x, base_y + gap, 0.3)
    contact = (cx - pw * 0.48, base_y - ph * 0.03, cx + pw * 0.48, base_y + ph * 0.04)
    soft_ellipse(img, contact, u * 0.015, 190, pal.ink)
    img.paste(sprite, (x, base_y - sprite.height - gap), sprite)
    return img


# What the product stands on in a lifestyle shot: in focus, in front of the defocused setting.
# Natural materials keep their colour; painted ones are part of the set and carry the brief's.
NATURAL_SURFACES: dict[str, RGB] = {"kitchen": (168, 122, 84), "outdoor": (150, 128, 104),
                                    "beach": (226, 204, 160)}
PAINTED_SURFACES: dict[str, RGB] = {"sports": (132, 134, 140), "office": (214, 210, 204),
                                    "home": (200, 190, 178), "city": (146, 146, 150),
                                    "studio": (214, 210, 204)}


def compose_lifestyle(plan: Plan, w: int, h: int, rng: random.Random) -> Image.Image:
    pal, u = plan.pal, min(w, h)
    hz = horizon_y(w, h, 0.56)
    pw, ph = product_size(plan, w, h, 0.62 if plan.aspect > 1.5 else 0.46, 0.46)
    cx = side_x(w, h, rng, rng.uniform(0.14, 0.2), pw)
    stage = stage_for(plan, w, h, hz, cx, rng)
    # The setting is out of focus: drawn at half size, blurred and lit at a quarter, scaled up once.
    half = stage.scaled(min(1.0, low_res(w, h) * 2))
    scene = Image.new("RGB", (half.w, half.h))
    draw_scene(scene, "soft", half, pal, plan.scenario, rng)
    q = stage.scaled(low_res(w, h))
    qu = min(q.w, q.h)
    bg = scene.resize((q.w, q.h), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(qu * 0.014))
    sun = mix(pal.light, (255, 190, 120), 0.55)  # lifestyle light is warm whatever the tone
    lx = plan.light_x * q.w
    light = glow(bg.size, (lx - q.w * 0.6, -q.h * 0.5, lx + q.w * 0.6, q.h * 0.45), qu * 0.25, 150, scale=2)
    bg.paste(sun, (0, 0), light.point(lambda v: 24 + v * 0.8))  # the whole frame is graded warm
    for colour in (lighten(sun, 0.6), lighten(pal.primary, 0.55)):
        bokeh = Image.new("L", bg.size)
        draw = ImageDraw.Draw(bokeh)
        for _ in range(rng.randint(6, 10)):
            bx, by, r = rng.uniform(0, q.w), rng.uniform(0, q.horizon), qu * rng.uniform(0.015, 0.06)
            draw.ellipse((bx - r, by - r, bx + r, by + r), fill=rng.randint(50, 130))
        bg.paste(colour, (0, 0), bokeh.filter(ImageFilter.GaussianBlur(qu * 0.004)))
    img = bg.resize((w, h), Image.Resampling.BICUBIC)
    top = round(h * (horizon_y(w, h, 0.7) + rng.uniform(-0.02, 0.03)))
    setting = plan.variant if plan.variant == "beach" else plan.scenario
    if setting in NATURAL_SURFACES:
        surface = pal.tint(NATURAL_SURFACES[setting], -0.3)
    else:
        surface = pal.paint(PAINTED_SURFACES[setting], 0.1)
    surface = mix(surface, sun, 0.15)
    img.paste(gradient((w, h - top), [(0, lighten(surface, 0.1)), (1, darken(surface, 0.3))]), (0, top))
    ImageDraw.Draw(img).rectangle((0, top, w, top + max(1, round(u * 0.004))), fill=lighten(surface, 0.35))
    base_y = round(top + (h - top) * 0.5)
    sprite = product_sprite(plan, pw, ph, "soft", rng)
    x = round(cx - sprite.width / 2)
    gap = round(ph * 0.04) if plan.floats else 0
    cast_shadow(img, sprite, x, base_y, lean_of(plan, 0.6), 0.16, u * 0.01, 0.4, pal.ink)
    contact = (cx - pw * 0.45, base_y - ph * 0.03, cx + pw * 0.45, base_y + ph * 0.03)
    soft_ellipse(img, contact, u * 0.01, 170, pal.ink)
    img.paste(sprite, (x, base_y - sprite.height - gap), sprite)
    vignette(img, 100)
    return img


FRUIT: tuple[RGB, ...] = ((246, 140, 36), (214, 52, 50), (128, 190, 70), (250, 206, 60))


def _props_3d(
    plan: Plan, stage: Stage, keep_clear: float, rng: random.Random
) -> list[tuple[str, float, float, RGB, float, float]]:
    """(prop, width, height, colour, centre x, base y) around the podium; the scenario picks the props."""
    w, h, hz, u = stage.w, stage.h, stage.horizon, min(stage.w, stage.h)
    pal = plan.pal
    colours = (pal.secondary, pal.accent, lighten(pal.primary, 0.15), (246, 246, 246))
    back = {"city": "tower", "outdoor": "hill", "home": "plant", "office": "plant"}.get(plan.scenario, "")
    front = {"sports": "ball", "kitchen": "fruit", "office": "cube"}.get(plan.scenario)
    front = front or rng.choice(("orb", "cube"))
    props: list[tuple[str, float, float, RGB, float, float]] = []

    def clear_x(size: float) -> float | None:
        """A spot left or right of the podium where a prop this wide fits."""
        zones = [(size / 2, stage.product_x - keep_clear - size / 2),
                 (stage.product_x + keep_clear + size / 2, w - size / 2)]
        zones = [z for z in zones if z[1] > z[0]]
        return rng.uniform(*rng.choice(zones)) if zones else None

    for _ in range(rng.randint(3, 5) if back == "tower" else 2 if back else 0):
        base = hz + (h - hz) * rng.uniform(0.05, 0.2)
        size = {"tower": (u * 0.12, u * rng.uniform(0.22, 0.42)), "hill": (u * 0.5, u * 0.2),
                "plant": (u * 0.16, u * 0.22)}[back]
        x = clear_x(size[0])
        if x is not None:
            props.append(("cube" if back == "tower" else back, *size, rng.choice(colours[:3]), x, base))
    for _ in range(rng.randint(2, 4)):
        d = u * rng.uniform(0.06, 0.11)
        colour = rng.choice(FRUIT) if front == "fruit" else rng.choice(colours)
        kind = "orb" if front == "fruit" else front
        x = clear_x(d)
        if x is not None:
            base = hz + (h - hz) * rng.uniform(0.5, 0.92)
            props.append((kind, d, d * (1.15 if kind == "cube" else 1), colour, x, base))
    return sorted(props, key=lambda p: p[5])  # far ones first, so near ones overlap them


def compose_3d_render(plan: Plan, w: int, h: int, rng: random.Random) -> Image.Image:
    pal, u = plan.pal, min(w, h)
    hz = horizon_y(w, h, 0.6)
    pw, ph = product_size(plan, w, h, 0.46, 0.4)
    cx = side_x(w, h, rng, rng.uniform(0.0, 0.05), round(max(pw * 1.3, min(w, h) * 0.34)))
    stage = stage_for(plan, w, h, hz, cx, rng)
    wall, floor = lighten(pal.primary, 0.4), lighten(pal.primary, 0.22)
    room = [(0, lighten(wall, 0.1)), (hz, darken(wall, 0.06)), (hz + 0.001, lighten(floor, 0.1)),
            (1, darken(floor, 0.12))]
    img = gradient((w, h), room)
    draw = ImageDraw.Draw(img)
    line, step, slope = mix(floor, pal.ink, 0.1), u * 0.09, math.tan(math.radians(30))
    reach = h - stage.horizon
    for i in range(-int(reach / slope / step) - 1, int(w / step) + 2):
        x = i * step
        draw.line([(x, stage.horizon), (x + reach / slope, h)], fill=line, width=max(1, round(u * 0.002)))
        draw.line([(x + reach / slope, stage.horizon), (x, h)], fill=line, width=max(1, round(u * 0.002)))
    dw = max(pw * 1.3, u * 0.34)
    dh = round(dw * 0.4)
    base_y = round(stage.horizon + (h - stage.horizon) * 0.6)
    lean = lean_of(plan, 0.9)
    aw = round(max(dw * 1.1, pw * 1.2))
    arch = draw_prop("arch", aw, round(stage.horizon * 0.8), "glossy", mix(pal.primary, pal.accent, 0.2), pal,
                     plan.light_x, rng)
    ax = round(cx - aw / 2 + rng.uniform(-0.25, 0.25) * aw)
    drop_shadow(img, arch, ax, stage.horizon - arch.height, round(lean * u * 0.03), u * 0.01, 0.35, pal.ink)
    img.paste(arch, (ax, stage.horizon - arch.height), arch)
    for kind, pw_, ph_, colour, px_, py_ in _props_3d(plan, stage, dw * 0.6, rng):
        prop = draw_prop(kind, round(pw_), round(ph_), "glossy", colour, pal, plan.light_x, rng)
        x = round(px_ - prop.width / 2)
        cast_shadow(img, prop, x, round(py_), lean, 0.35, u * 0.003, 0.5, pal.ink)
        img.paste(prop, (x, round(py_) - prop.height), prop)
    podium_colour = lighten(pal.accent if pal.accent != pal.primary else pal.secondary, 0.3)
    podium = draw_prop("podium", round(dw), dh, "glossy", podium_colour, pal, plan.light_x, rng)
    px = round(cx - dw / 2)
    cast_shadow(img, podium, px, base_y, lean, 0.5, u * 0.003, 0.55, pal.ink)
    img.paste(podium, (px, base_y - dh), podium)
    sprite = product_sprite(plan, pw, ph, "glossy", rng)
    x = round(cx - sprite.width / 2)
    top = base_y - dh + round(dh * 0.2)
    gap = round(ph * 0.1) if plan.floats else 0
    if plan.floats:  # hovering: only a soft pool on the podium, the hard shadow would float too
        soft_ellipse(img, (cx - pw * 0.4, top - dh * 0.08, cx + pw * 0.4, top + dh * 0.08), u * 0.01, 150,
                     pal.ink)
    else:
        cast_shadow(img, sprite, x, top, lean, 0.3, u * 0.004, 0.5, pal.ink)
    img.paste(sprite, (x, top - sprite.height - gap), sprite)
    vignette(img, 45)
    return img


def compose_flat_illustration(plan: Plan, w: int, h: int, rng: random.Random) -> Image.Image:
    pal, u = plan.pal, min(w, h)
    hz = horizon_y(w, h, 0.64)
    pw, ph = product_size(plan, w, h, 0.55, 0.46)
    cx = side_x(w, h, rng, rng.uniform(0.0, 0.12), pw)
    stage = stage_for(plan, w, h, hz, cx, rng)
    img = Image.new("RGB", (w, h))
    draw_scene(img, "flat", stage, pal, plan.scenario, rng)
    draw = ImageDraw.Draw(img)
    outline = max(1, round(u / 160))
    base_y = round(stage.horizon + (h - stage.horizon) * 0.5)
    rx = ry = min(max(pw, ph) * 0.62, w * 0.46, h * 0.48)
    if plan.aspect > 1.3:  # a wide product gets a wide backing shape, not a circle that fills the frame
        rx, ry = pw * 0.62, min(max(ph, pw * 0.5) * 0.72, h * 0.48)
    blob_y = base_y - ph * 0.5
    backing = lighten(pal.accent, 0.55)
    draw.ellipse((cx - rx, blob_y - ry, cx + rx, blob_y + ry), fill=backing, outline=pal.ink, width=outline)
    for _ in range(rng.randint(8, 14)):
        sx, sy = rng.uniform(0.03, 0.97) * w, rng.uniform(0.04, 0.6) * h
        if ((sx - cx) / rx) ** 2 + ((sy - blob_y) / ry) ** 2 < 1.4:
            continue
        size = u * rng.uniform(0.012, 0.03)
        colour = rng.choice((pal.accent, pal.secondary, (255, 255, 255), lighten(pal.primary, 0.3)))
        shape = rng.random()
        if shape < 0.4:
            dot = (sx - size, sy - size, sx + size, sy + size)
            draw.ellipse(dot, fill=colour, outline=pal.ink, width=outline)
        elif shape < 0.7:
            draw.line([(sx - size, sy), (sx + size, sy)], fill=pal.ink, width=outline * 2)
            draw.line([(sx, sy - size), (sx, sy + size)], fill=pal.ink, width=outline * 2)
        else:
            draw.regular_polygon((sx, sy, size * 1.2), 3, rng.uniform(0, 120), fill=colour, outline=pal.ink,
                                 width=outline)
    sprite = product_sprite(plan, pw, ph, "flat", rng)
    x = round(cx - sprite.width / 2)
    gap = round(ph * 0.08) if plan.floats else 0
    draw.ellipse((cx - pw * 0.5, base_y - ph * 0.04, cx + pw * 0.5, base_y + ph * 0.05),
                 fill=mix(lighten(pal.accent, 0.55), pal.ink, 0.25))
    img.paste(sprite, (x, base_y - sprite.height - gap), sprite)
    return img


def compose_minimalist(plan: Plan, w: int, h: int, rng: random.Random) -> Image.Image:
    pal, u = plan.pal, min(w, h)
    hz = horizon_y(w, h, rng.uniform(0.6, 0.74))
    pw, ph = product_size(plan, w, h, 0.2, 0.24)
    cx = side_x(w, h, rng, rng.uniform(0.05, 0.18), pw)
    stage = stage_for(plan, w, h, hz, cx, rng)
    wall = lighten(pal.primary, rng.uniform(0.25, 0.45))
    img = gradient((w, h), [(0, lighten(wall, 0.08)), (hz, wall), (hz + 0.001, darken(wall, 0.07)),
                            (1, darken(wall, 0.12))])
    lx = plan.light_x * w  # daylight pooling on the wall from the side the light comes from
    pool = (lx - w * 0.3, -h * 0.1, lx + w * 0.3, stage.horizon * 0.9)
    soft_ellipse(img, pool, u * 0.12, 70, lighten(wall, 0.6))
    motif(Painter(img, "soft", pal.ink), stage, pal, plan.scenario, wall, rng)
    base_y = round(stage.horizon + (h - stage.horizon) * 0.4)
    if plan.scenario == "studio":
        r = max(pw, ph) * rng.uniform(0.9, 1.3)
        mx = cx + rng.uniform(-0.4, 0.4) * r
        ImageDraw.Draw(img).ellipse((mx - r, base_y - ph * 0.6 - r, mx + r, base_y - ph * 0.6 + r),
                                    outline=darken(wall, 0.18), width=max(1, round(u * 0.003)))
    lean = lean_of(plan, 1.4)
    # A plinth, the one prop a minimalist frame allows; cars and buildings stand on the ground.
    if rng.random() < 0.5 and plan.kind not in ("car", "house", "apartment"):
        dw = round(max(pw * 1.5, u * 0.12))
        dh = round(dw * 0.5)
        plinth = draw_prop("podium", dw, dh, "muted", mix(wall, pal.accent, 0.35), pal, plan.light_x, rng)
        cast_shadow(img, plinth, round(cx - dw / 2), base_y, lean, 0.3, u * 0.008, 0.2, pal.ink)
        img.paste(plinth, (round(cx - dw / 2), base_y - dh), plinth)
        base_y -= round(dh * 0.8)
    sprite = product_sprite(plan, pw, ph, "muted", rng)
    x = round(cx - sprite.width / 2)
    gap = round(ph * 0.06) if plan.floats else 0
    cast_shadow(img, sprite, x, base_y, lean, 0.22, u * 0.01, 0.22, pal.ink)
    contact = (cx - pw * 0.45, base_y - ph * 0.02, cx + pw * 0.45, base_y + ph * 0.03)
    soft_ellipse(img, contact, u * 0.006, 120, pal.ink)
    img.paste(sprite, (x, base_y - sprite.height - gap), sprite)
    return img


