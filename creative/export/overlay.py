"""Ad overlay: the brand's logo, headline and call-to-action drawn on a rendition, laid out per aspect.

Three layouts cover every preset: a row for banners (728x90, 970x250, 320x50), a column for tall
formats (skyscrapers, stories, pins), and corners for squares and landscapes. Everything stays
inside safe margins (and a story's safe zone, where the platform draws its own interface); text is
fitted, then shortened, then dropped, never drawn past the box; a scrim goes behind text whose
worst-case contrast with the picture is under WCAG AA (4.5:1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from .presets import Preset
from .text import (
    BLACK,
    DEFAULT_FONT,
    RGB,
    WHITE,
    TextBlock,
    blended,
    contrast_ratio,
    font_at,
    luminance_range,
    relative_luminance,
    text_fit,
    worst_contrast,
)

MIN_CONTRAST = 4.5
BANNER_ASPECT = 2.5  # wider than this: one row
TALL_ASPECT = 0.8  # narrower than this: one column


@dataclass(frozen=True)
class Brand:
    """What an overlay draws with: colours, font, logo (RGBA), and the words."""

    headline: str = ""
    call_to_action: str = ""
    primary: RGB = (58, 91, 217)  # the call-to-action button
    text: RGB = WHITE  # headline colour, when the picture behind it allows
    font_path: str = DEFAULT_FONT
    logo: Image.Image | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Placed:
    """One drawn element: kind is logo, headline, cta or scrim; box is (left, top, right, bottom)."""

    kind: str
    box: tuple[int, int, int, int]
    text: str = ""
    font_size: int = 0
    contrast: float = 0.0


@dataclass
class _Area:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


def safe_area(size: tuple[int, int], safe_zone: tuple[float, float, float, float] = (0, 0, 0, 0)) -> _Area:
    """The frame minus a margin of 5% of the short side (at least 2 px), and minus the preset's safe zone."""
    width, height = size
    margin = max(2, round(0.05 * min(width, height)))
    top, right, bottom, left = safe_zone
    return _Area(
        left=margin + round(left * width),
        top=margin + round(top * height),
        right=width - margin - round(right * width),
        bottom=height - margin - round(bottom * height),
    )


def overlay_apply(
    image: Image.Image, *, brand: Brand, preset: Preset | None = None
) -> tuple[Image.Image, list[Placed]]:
    """The image with the brand's overlay drawn on, and what was placed where."""
    safe_zone = preset.safe_zone if preset else (0.0, 0.0, 0.0, 0.0)
    area = safe_area(image.size, safe_zone)
    aspect = image.width / image.height
    if aspect >= BANNER_ASPECT:
        plan = _plan_banner(area, brand)
    elif aspect <= TALL_ASPECT:
        plan = _plan_tall(area, brand)
    else:
        plan = _plan_corners(area, brand, landscape=aspect >= 1.3)

    mode = image.mode
    canvas = image.convert("RGBA")
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    placed: list[Placed] = []
    for kind, box, content in plan:
        if isinstance(content, Image.Image):  # the logo: the only plan entry that is a picture
            layer.alpha_composite(content, (box[0], box[1]))
            placed.append(Placed("logo", box))
        elif kind == "headline":
            placed.extend(_draw_headline(draw, canvas, box, content, brand, area=area))
        elif kind == "cta":
            placed.append(_draw_button(draw, box, content, brand))
    canvas.alpha_composite(layer)
    return (canvas if mode == "RGBA" else canvas.convert(mode)), placed


def overlay_finisher(brand: Brand) -> Callable[[Image.Image, Preset], Image.Image]:
    """A `Finishing.finish` step drawing this brand's overlay on every rendition."""

    def finish(image: Image.Image, preset: Preset) -> Image.Image:
        return overlay_apply(image, brand=brand, preset=preset)[0]

    return finish


# Each plan is a list of (kind, box, content): the logo image scaled to fit, or a fitted TextBlock.
_Plan = list[tuple[str, tuple[int, int, int, int], "Image.Image | TextBlock"]]


def _plan_banner(area: _Area, brand: Brand) -> _Plan:
    plan: _Plan = []
    gap = max(3, area.height // 6)
    left, right = area.left, area.right
    logo = _fit_logo(brand.logo, width=area.width // 4, height=round(area.height * 0.8))
    if logo is not None:
        top = area.top + (area.height - logo.height) // 2
        plan.append(("logo", (left, top, left + logo.width, top + logo.height), logo))
        left += logo.width + gap
    button = _fit_button(
        brand.call_to_action,
        brand=brand,
        width=min(right - left, area.width * 3 // 10),
        height=area.height,
        max_size=round(area.height * 0.4),
    )
    if button is not None:
        block, width, height = button
        top = area.top + (area.height - height) // 2
        plan.append(("cta", (right - width, top, right, top + height), block))
        right -= width + gap
    lines = 2 if area.height >= 40 else 1
    max_size = round(area.height * 0.42)
    room = _pad(max_size)
    headline = text_fit(
        brand.headline,
        font_path=brand.font_path,
        width=right - left - 2 * room,
        height=area.height - 2 * room,
        max_lines=lines,
        max_size=max_size,
    )
    if headline is not None:
        top = area.top + (area.height - headline.height) // 2
        plan.append(
            ("headline", (left + room, top, left + room + headline.width, top + headline.height), headline)
        )
    return plan


def _plan_tall(area: _Area, brand: Brand) -> _Plan:
    plan: _Plan = []
    bottom = area.bottom
    logo = _fit_logo(brand.logo, width=round(area.width * 0.6), height=round(area.height * 0.12))
    top = area.top
    if logo is not None:
        left = area.left + (area.width - logo.width) // 2
        plan.append(("logo", (left, top, left + logo.width, top + logo.height), logo))
        top += logo.height
    button = _fit_button(
        brand.call_to_action,
        brand=brand,
        width=round(area.width * 0.9),
        height=round(area.height * 0.1),
        max_size=max(10, round(area.width * 0.08)),
    )
    if button is not None:
        block, width, height = button
        left = area.left + (area.width - width) // 2
        plan.append(("cta", (left, bottom - height, left + width, bottom), block))
        bottom -= height + max(4, height // 2)
    max_size = max(10, round(area.width * 0.11))
    room = _pad(max_size)
    headline = text_fit(
        brand.headline,
        font_path=brand.font_path,
        width=area.width - 2 * room,
        height=min(round(area.height * 0.3), bottom - top) - 2 * room,
        max_lines=5,
        max_size=max_size,
    )
    if headline is not None:
        left = area.left + (area.width - headline.width) // 2
        plan.append(
            (
                "headline",
                (left, bottom - room - headline.height, left + headline.width, bottom - room),
                headline,
            )
        )
    return plan


def _plan_corners(area: _Area, brand: Brand, *, landscape: bool) -> _Plan:
    plan: _Plan = []
    logo = _fit_logo(brand.logo, width=round(area.width * 0.3), height=round(area.height * 0.14))
    top = area.top
    if logo is not None:
        plan.append(("logo", (area.left, top, area.left + logo.width, top + logo.height), logo))
        top += logo.height
    bottom, right = area.bottom, area.right
    button = _fit_button(
        brand.call_to_action,
        brand=brand,
        width=round(area.width * (0.34 if landscape else 0.6)),
        height=round(area.height * 0.12),
        max_size=max(10, round(area.height * 0.05)),
    )
    if button is not None:
        block, width, height = button
        if landscape:  # beside the headline, bottom right
            plan.append(("cta", (right - width, bottom - height, right, bottom), block))
            right -= width + max(4, height // 2)
        else:  # under the headline, bottom left
            plan.append(("cta", (area.left, bottom - height, area.left + width, bottom), block))
            bottom -= height + max(4, height // 2)
    max_size = max(10, round(area.height * 0.08))
    room = _pad(max_size)
    headline = text_fit(
        brand.headline,
        font_path=brand.font_path,
        width=right - area.left - 2 * room,
        height=min(round(area.height * 0.35), bottom - top) - 2 * room,
        max_lines=3,
        max_size=max_size,
    )
    if headline is not None:
        left = area.left + room
        plan.append(
            (
                "headline",
                (left, bottom - room - headline.height, left + headline.width, bottom - room),
                headline,
            )
        )
    return plan


def _pad(font_size: int) -> int:
    """Room around text for its scrim: 40% of the largest font size it may take, at least 1 px."""
    return max(1, round(font_size * 0.4))


def _fit_logo(logo: Image.Image | None, *, width: int, height: int) -> Image.Image | None:
    if logo is None or width < 4 or height < 4:
        return None
    scale = min(width / logo.width, height / logo.height)
    size = (max(1, int(logo.width * scale)), max(1, int(logo.height * scale)))
    return logo.convert("RGBA").resize(size, Image.Resampling.LANCZOS)


def _fit_button(
    text: str, *, brand: Brand, width: int, height: int, max_size: int
) -> tuple[TextBlock, int, int] | None:
    """(TextBlock, button width, button height) for a one-line call-to-action inside width x height."""
    if not text.strip():
        return None
    # The label takes 60% of the button's height; the rest is padding.
    block = text_fit(
        text,
        font_path=brand.font_path,
        width=round(width * 0.8),
        height=round(height * 0.6),
        max_lines=1,
        max_size=max_size,
    )
    if block is None:
        return None
    pad_x = max(2, round(block.font_size * 0.7))
    pad_y = max(1, round(block.font_size * 0.35))
    return block, min(width, block.width + 2 * pad_x), min(height, block.height + 2 * pad_y)


def _draw_button(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], block: TextBlock, brand: Brand
) -> Placed:
    colour = _readable_on(brand.primary, preferred=brand.text)
    radius = max(1, (box[3] - box[1]) // 4)
    draw.rounded_rectangle(_inclusive(box), radius=radius, fill=(*brand.primary, 255))
    font = font_at(brand.font_path, block.font_size)
    x = box[0] + (box[2] - box[0] - block.width) // 2
    y = box[1] + (box[3] - box[1] - block.height) // 2
    draw.text((x, y), block.lines[0], font=font, fill=(*colour, 255), anchor="la")
    contrast = contrast_ratio(relative_luminance(colour), relative_luminance(brand.primary))
    return Placed("cta", box, text=block.lines[0], font_size=block.font_size, contrast=round(contrast, 2))


def _draw_headline(
    draw: ImageDraw.ImageDraw,
    picture: Image.Image,
    box: tuple[int, int, int, int],
    block: TextBlock,
    brand: Brand,
    *,
    area: _Area,
) -> list[Placed]:
    # The scrim pads the text but never reaches into the margins.
    pad = _pad(block.font_size)
    backdrop = (
        max(area.left, box[0] - pad),
        max(area.top, box[1] - pad),
        min(area.right, box[2] + pad),
        min(area.bottom, box[3] + pad),
    )
    darkest, lightest = luminance_range(picture, backdrop)
    colour, scrim, alpha = _text_treatment(brand.text, darkest, lightest)
    placed = []
    if alpha:
        draw.rounded_rectangle(_inclusive(backdrop), radius=pad, fill=(*scrim, round(255 * alpha)))
        placed.append(Placed("scrim", backdrop))
        darkest, lightest = (
            blended(darkest, scrim=scrim, alpha=alpha),
            blended(lightest, scrim=scrim, alpha=alpha),
        )
    font = font_at(brand.font_path, block.font_size)
    for index, line in enumerate(block.lines):
        draw.text(
            (box[0], box[1] + index * block.line_height), line, font=font, fill=(*colour, 255), anchor="la"
        )
    contrast = worst_contrast(colour, darkest, lightest)
    placed.append(
        Placed(
            "headline",
            box,
            text="\n".join(block.lines),
            font_size=block.font_size,
            contrast=round(contrast, 2),
        )
    )
    return placed


def _inclusive(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Pillow draws a rectangle's right and bottom edges too; boxes here end before them."""
    return (box[0], box[1], box[2] - 1, box[3] - 1)


def _text_treatment(preferred: RGB, darkest: float, lightest: float) -> tuple[RGB, RGB, float]:
    """(text colour, scrim colour, scrim alpha): the brand's colour, with the lightest scrim that brings its
    worst-case contrast to 4.5:1 (none when it reads as it is); white or black only when no scrim can."""
    for colour in (preferred, WHITE, BLACK):
        scrim = BLACK if relative_luminance(colour) > 0.3 else WHITE
        for alpha in (0.0, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85):
            low, high = (
                blended(darkest, scrim=scrim, alpha=alpha),
                blended(lightest, scrim=scrim, alpha=alpha),
            )
            if worst_contrast(colour, low, high) >= MIN_CONTRAST:
                return colour, scrim, alpha
    return WHITE, BLACK, 0.9


def _readable_on(background: RGB, *, preferred: RGB) -> RGB:
    back = relative_luminance(background)
    if contrast_ratio(relative_luminance(preferred), back) >= MIN_CONTRAST:
        return preferred
    return max((WHITE, BLACK), key=lambda colour: contrast_ratio(relative_luminance(colour), back))
