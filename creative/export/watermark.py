"""Watermarks: a text ("DRAFT") or logo mark at a position and opacity, for client previews.

Final files carry none unless the export asks for one; share links can add one to what they serve
without touching the stored renditions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw

from .presets import Preset
from .text import DEFAULT_FONT, font_at

POSITIONS = ("center", "tiled", "top_left", "top_right", "bottom_left", "bottom_right")


@dataclass(frozen=True)
class Watermark:
    """Text or a logo (RGBA); opacity from 0 (invisible) to 1."""

    text: str = ""
    position: str = "center"
    opacity: float = 0.35
    logo: Image.Image | None = field(default=None, compare=False)
    font_path: str = DEFAULT_FONT

    def __post_init__(self) -> None:
        if self.position not in POSITIONS:
            raise ValueError(
                f"unknown watermark position {self.position!r}; expected one of {', '.join(POSITIONS)}"
            )
        if not 0 <= self.opacity <= 1:
            raise ValueError("watermark opacity must be between 0 and 1")

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.logo is not None) and self.opacity > 0


def watermark_from_options(options: dict[str, Any] | None, *, logo: Image.Image | None = None) -> Watermark | None:
    """A Watermark from stored options ({"text", "position", "opacity", "logo": bool}), or None for none."""
    options = options or {}
    mark = Watermark(
        text=str(options.get("text", "")).strip()[:60],
        position=options.get("position") or "center",
        opacity=float(options.get("opacity", 0.35)),
        logo=logo if options.get("logo") else None,
    )
    return mark if mark.active else None


def watermark_apply(image: Image.Image, *, watermark: Watermark) -> Image.Image:
    """The image with the watermark blended in; the same mode and size."""
    if not watermark.active:
        return image
    mode = image.mode
    canvas = image.convert("RGBA")
    mark = _mark(watermark, canvas.size)
    alpha = mark.getchannel("A").point(lambda value: round(value * watermark.opacity))
    mark.putalpha(alpha)
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    for x, y in _positions(watermark.position, canvas.size, mark.size):
        # Tiles may start left of the frame: composite only the part inside it.
        if x < canvas.width and y < canvas.height and x + mark.width > 0 and y + mark.height > 0:
            layer.alpha_composite(mark, dest=(max(0, x), max(0, y)), source=(max(0, -x), max(0, -y)))
    canvas.alpha_composite(layer)
    return canvas if mode == "RGBA" else canvas.convert(mode)


def watermark_finisher(watermark: Watermark) -> Callable[[Image.Image, Preset], Image.Image]:
    """A `Finishing.finish` step watermarking every rendition."""

    def finish(image: Image.Image, preset: Preset) -> Image.Image:
        return watermark_apply(image, watermark=watermark)

    return finish


def _mark(watermark: Watermark, size: tuple[int, int]) -> Image.Image:
    """The mark alone, fully opaque, sized for the image: big in the centre, small in corners."""
    width, height = size
    share = 0.6 if watermark.position == "center" else (0.3 if watermark.position == "tiled" else 0.22)
    target_width = max(8, round(width * share))
    target_height = max(6, round(height * (0.3 if watermark.position == "center" else 0.12)))
    if watermark.logo is not None:
        logo = watermark.logo.convert("RGBA")
        scale = min(target_width / logo.width, target_height / logo.height)
        return logo.resize(
            (max(1, round(logo.width * scale)), max(1, round(logo.height * scale))), Image.Resampling.LANCZOS
        )
    text = watermark.text.strip()
    probe = font_at(watermark.font_path, 100)
    left, top, right, bottom = probe.getbbox(text)
    scale = min(target_width / max(1, right - left), target_height / max(1, bottom - top))
    font = font_at(watermark.font_path, max(6, int(100 * scale)))
    left, top, right, bottom = font.getbbox(text)
    outline = max(1, int(font.size) // 18)
    mark = Image.new("RGBA", (int(right - left) + 2 * outline, int(bottom - top) + 2 * outline), (0, 0, 0, 0))
    # White letters with a dark outline read on light and dark pictures alike.
    ImageDraw.Draw(mark).text(
        (outline - left, outline - top),
        text,
        font=font,
        fill=(255, 255, 255, 255),
        stroke_width=outline,
        stroke_fill=(0, 0, 0, 255),
    )
    return mark


def _positions(position: str, size: tuple[int, int], mark: tuple[int, int]) -> list[tuple[int, int]]:
    width, height = size
    mark_width, mark_height = mark
    margin = max(2, round(0.04 * min(width, height)))
    if position == "center":
        return [((width - mark_width) // 2, (height - mark_height) // 2)]
    if position == "tiled":
        step_x, step_y = mark_width + margin * 3, mark_height + margin * 4
        return [
            (x + (row % 2) * step_x // 2, y)
            for row, y in enumerate(range(margin, height, step_y))
            for x in range(margin - step_x // 2, width, step_x)
        ]
    x = margin if position.endswith("left") else width - margin - mark_width
    y = margin if position.startswith("top") else height - margin - mark_height
    return [(x, y)]
