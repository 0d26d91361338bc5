"""Product photos for tests: real-looking objects rendered on white, as a studio packshot comes.

Shaded with per-pixel lighting (a cylinder's Lambert falloff, a specular strip, a soft contact shadow,
sensor noise), so the cutout and the fidelity check meet the gradients and edges a camera gives, not
flat fills. Deterministic: the same call gives the same bytes.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def _cylinder_shading(width: int) -> np.ndarray:
    """Light across a cylinder lit from the upper left: 0.35 in the core shadow to 1.0, plus a highlight."""
    x = np.linspace(-1, 1, width)
    normal_z = np.sqrt(np.clip(1 - x * x, 0, 1))
    diffuse = np.clip(-0.45 * x + 0.85 * normal_z, 0, 1)
    highlight = np.exp(-((x + 0.42) ** 2) / 0.004) * 0.55
    return 0.35 + 0.65 * diffuse + highlight


def _studio(size: tuple[int, int]) -> np.ndarray:
    w, h = size
    y = np.linspace(0, 1, h)[:, None]
    sweep = 252 - 6 * y  # a white sweep, a touch darker toward the bottom
    return np.repeat(np.broadcast_to(sweep, (h, w))[..., None], 3, axis=2).astype(np.float32)


def _contact_shadow(canvas: np.ndarray, cx: int, base: int, half_width: int) -> None:
    h, w = canvas.shape[:2]
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).ellipse((cx - half_width, base - half_width * 0.12, cx + half_width,
                                    base + half_width * 0.12), fill=120)
    soft = np.asarray(shadow.filter(ImageFilter.GaussianBlur(half_width * 0.12)), np.float32) / 255
    canvas *= (1 - 0.45 * soft)[..., None]


def _finish(canvas: np.ndarray, fmt: str, seed: int) -> bytes:
    noise = np.random.default_rng(seed).normal(0, 1.6, canvas.shape)
    img = Image.fromarray(np.clip(canvas + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    img.save(buffer, fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def bottle_photo(*, size: tuple[int, int] = (800, 1000), fmt: str = "JPEG") -> bytes:
    """An amber glass bottle with a cream label and a black cap, on a white sweep."""
    w, h = size
    canvas = _studio(size)
    cx, body_w, top, base = w // 2, int(w * 0.3), int(h * 0.12), int(h * 0.86)
    _contact_shadow(canvas, cx, base, int(body_w * 0.75))
    # The silhouette: cap, neck, shoulder, body, as a row-by-row half width.
    rows = np.arange(h)
    half = np.zeros(h)
    neck_top, shoulder, body_top = top + int(h * 0.09), top + int(h * 0.2), top + int(h * 0.3)
    half[(rows >= top) & (rows < neck_top)] = body_w * 0.2
    half[(rows >= neck_top) & (rows < shoulder)] = body_w * 0.15
    t = np.clip((rows - shoulder) / max(1, body_top - shoulder), 0, 1)
    curve = body_w * (0.15 + 0.35 * (1 - np.cos(t * np.pi)) / 2)
    half[(rows >= shoulder) & (rows < body_top)] = curve[(rows >= shoulder) & (rows < body_top)]
    half[(rows >= body_top) & (rows < base)] = body_w * 0.5
    amber, cap, label = np.array([150, 78, 22.0]), np.array([30, 30, 34.0]), np.array([238, 226, 200.0])
    label_top, label_bottom = top + int(h * 0.42), top + int(h * 0.62)
    for y in range(top, base):
        hw = int(half[y])
        if hw < 2:
            continue
        shade = _cylinder_shading(2 * hw)
        colour = cap if y < neck_top else label if label_top <= y < label_bottom else amber
        canvas[y, cx - hw:cx + hw] = np.clip(colour[None, :] * shade[:, None], 0, 255)
    img = Image.fromarray(canvas.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=max(12, int(w * 0.045)))
    draw.text((cx, (label_top + label_bottom) // 2 - int(h * 0.025)), "AURORA", fill=(60, 36, 20), font=font,
              anchor="mm")
    draw.text((cx, (label_top + label_bottom) // 2 + int(h * 0.03)), "cold brew", fill=(150, 78, 22),
              font=ImageFont.load_default(size=max(10, int(w * 0.03))), anchor="mm")
    draw.rectangle((cx - body_w // 2, label_top + 4, cx + body_w // 2, label_top + 7), fill=(150, 78, 22))
    return _finish(np.asarray(img, np.float32), fmt, seed=1)


def watch_photo(*, size: tuple[int, int] = (900, 900), fmt: str = "JPEG") -> bytes:
    """A steel watch with a navy dial and a tan leather strap, standing on a white sweep."""
    w, h = size
    canvas = _studio(size)
    cx, cy, r = w // 2, int(h * 0.47), int(min(w, h) * 0.2)
    _contact_shadow(canvas, cx, int(h * 0.9), int(r * 1.1))
    img = Image.fromarray(canvas.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    strap = (150, 96, 52)
    draw.rounded_rectangle((cx - r * 0.55, int(h * 0.05), cx + r * 0.55, int(h * 0.9)), radius=int(r * 0.2),
                           fill=strap)
    for y in range(int(h * 0.1), int(h * 0.88), int(r * 0.22)):
        draw.line((cx - r * 0.45, y, cx + r * 0.45, y), fill=(128, 80, 42), width=2)
    arr = np.asarray(img, np.float32).copy()
    yy, xx = np.mgrid[0:h, 0:w]
    dist = np.hypot(xx - cx, yy - cy)
    case = dist < r
    light = np.clip(0.6 + 0.5 * ((cx - xx) + (cy - yy)) / (2 * r), 0.3, 1.2)
    arr[case] = np.clip(np.array([196, 200, 208.0]) * light[case][:, None], 0, 255)
    dial = dist < r * 0.82
    radial = 1 - 0.35 * (dist[dial] / (r * 0.82))
    arr[dial] = np.array([28, 44, 96.0]) * radial[:, None]
    img = Image.fromarray(arr.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for i in range(12):
        angle = i / 12 * 2 * np.pi
        x0, y0 = cx + np.sin(angle) * r * 0.7, cy - np.cos(angle) * r * 0.7
        x1, y1 = cx + np.sin(angle) * r * 0.78, cy - np.cos(angle) * r * 0.78
        draw.line((x0, y0, x1, y1), fill=(236, 236, 240), width=max(2, r // 40))
    draw.line((cx, cy, cx + r * 0.35, cy - r * 0.3), fill=(236, 236, 240), width=max(3, r // 25))
    draw.line((cx, cy, cx - r * 0.05, cy - r * 0.6), fill=(236, 236, 240), width=max(2, r // 35))
    draw.line((cx, cy, cx - r * 0.5, cy + r * 0.2), fill=(230, 90, 40), width=2)
    draw.rounded_rectangle((cx + r * 0.98, cy - r * 0.12, cx + r * 1.12, cy + r * 0.12), radius=4,
                           fill=(170, 174, 182))
    return _finish(np.asarray(img, np.float32), fmt, seed=2)


def transparent_png(data: bytes) -> bytes:
    """The photo's product on a transparent background, as a designer's own cutout would come."""
    img = Image.open(io.BytesIO(data)).convert("RGBA")
    arr = np.asarray(img).copy()
    whiteish = (arr[..., :3].astype(int).min(axis=2) > 236)
    arr[..., 3] = np.where(whiteish, 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(arr).save(buffer, "PNG")
    return buffer.getvalue()
