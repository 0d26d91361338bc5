"""Text for overlays and watermarks: the bundled font, fitting text into a box, WCAG contrast."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageFont

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
DEFAULT_FONT = str(FONTS / "DejaVuSans-Bold.ttf")
# Below this, ad text stops being legible on a phone: text that does not fit at 9 px is
# shortened, and dropped when even its first word does not fit.
MIN_FONT_SIZE = 9
ELLIPSIS = "…"

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


@lru_cache(maxsize=256)
def font_at(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A FreeType font at a pixel size; cached, as every rendition asks for the same few sizes."""
    return ImageFont.truetype(path, size)


def font_check(path: str) -> None:
    """Raise OSError unless FreeType can load `path` (an uploaded brand font, say)."""
    ImageFont.truetype(path, 12)


@dataclass(frozen=True)
class TextBlock:
    """Text fitted into a box: its lines at one font size, and the size of the block they make."""

    lines: tuple[str, ...]
    font_size: int
    width: int
    height: int
    line_height: int
    shortened: bool = False


def text_fit(
    text: str, *, font_path: str, width: int, height: int, max_lines: int, max_size: int
) -> TextBlock | None:
    """The largest font size (max_size down to MIN_FONT_SIZE) at which `text` wraps into the box.

    At the smallest size, text that still does not fit is cut at a word and ends with an ellipsis;
    None when not even that fits. Lines never exceed `width`, the block never exceeds `height`.
    """
    text = " ".join(text.split())
    if not text or width <= 0 or height <= 0:
        return None
    size = max(MIN_FONT_SIZE, min(max_size, height))
    while size >= MIN_FONT_SIZE:
        block = _wrap(text, font_path=font_path, size=size, width=width, max_lines=max_lines)
        if block is not None and block.height <= height:
            return block
        size = size - max(1, size // 16)
    return _shortened(text, font_path=font_path, width=width, height=height, max_lines=max_lines)


def _wrap(text: str, *, font_path: str, size: int, width: int, max_lines: int) -> TextBlock | None:
    font = font_at(font_path, size)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if not current or font.getlength(word) > width:
            return None  # A single word wider than the box: a smaller size is needed.
        lines.append(current)
        current = word
        if len(lines) >= max_lines:
            return None
    lines.append(current)
    return _block(tuple(lines), font_path=font_path, size=size)


def _shortened(text: str, *, font_path: str, width: int, height: int, max_lines: int) -> TextBlock | None:
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        block = _wrap(
            " ".join(words[:count]) + ELLIPSIS,
            font_path=font_path,
            size=MIN_FONT_SIZE,
            width=width,
            max_lines=max_lines,
        )
        if block is not None and block.height <= height:
            return TextBlock(block.lines, block.font_size, block.width, block.height, block.line_height, True)
    return None


def _block(lines: tuple[str, ...], *, font_path: str, size: int) -> TextBlock:
    font = font_at(font_path, size)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent
    width = max(int(font.getlength(line) + 0.999) for line in lines)
    return TextBlock(lines, size, width, line_height * len(lines), line_height)


def relative_luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: float, second: float) -> float:
    """WCAG contrast ratio of two relative luminances, from 1 to 21."""
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


def luminance_range(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """The darkest and lightest relative luminance under `box`, ignoring the extreme 3% either way.

    Text must read against its worst background, not the average: a mean grey can hide a white
    product under white letters. Percentiles keep a few stray pixels from deciding.
    """
    region = image.crop(box).convert("L")
    if region.width * region.height > 96 * 96:
        region = region.resize((min(96, region.width), min(96, region.height)), Image.Resampling.BOX)
    histogram = region.histogram()
    total = sum(histogram)
    cut = max(1, int(total * 0.03))
    return _level_luminance(_percentile(histogram, cut)), _level_luminance(
        _percentile(histogram, total - cut)
    )


def _percentile(histogram: list[int], rank: int) -> int:
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= rank:
            return level
    return 255


def _level_luminance(level: float) -> float:
    return relative_luminance((round(level),) * 3)


def worst_contrast(text: RGB, darkest: float, lightest: float) -> float:
    luminance = relative_luminance(text)
    return min(contrast_ratio(luminance, darkest), contrast_ratio(luminance, lightest))


def blended(level_luminance: float, *, scrim: RGB, alpha: float) -> float:
    """Luminance of a background level under a scrim of `alpha`, blended as Pillow composites (in sRGB)."""
    level = _luminance_level(level_luminance)
    scrim_level = 0.2126 * scrim[0] + 0.7152 * scrim[1] + 0.0722 * scrim[2]
    return _level_luminance(level * (1 - alpha) + scrim_level * alpha)


def _luminance_level(luminance: float) -> float:
    value = luminance * 12.92 if luminance <= 0.0031308 else 1.055 * luminance ** (1 / 2.4) - 0.055
    return value * 255


def parse_colour(value: str, default: RGB) -> RGB:
    """'#3a5bd9' or '3a5bd9' as an RGB tuple; `default` for anything else."""
    value = (value or "").strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)) if len(value) == 6 else default
    except ValueError:
        return default
