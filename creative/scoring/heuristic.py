"""Heuristic image score: ten criteria from 0 to 100, a weighted total, and a focal point.

Most criteria are measured on small copies of the image (512, 256 and 128 px on the long side), so a
2048 px image scores in milliseconds, and the same pixels always give the same score. Noise and JPEG
blockiness are measured on pixels at their own resolution (a centre crop of at most 1024 px), since a
shrunken copy averages the grain away and moves the 8x8 grid, and so is the gradation. Damage always
costs points: noise and compression lower their own criteria and no longer count as detail in
sharpness, clipped highlights and shadows lower clipping, and levels skipped by a brightening lower
gradation; sharpness does not change with exposure. The per-pixel work happens inside Pillow and
numpy; the Python side only sees histograms, a 64-colour palette and row/column projections. Colour
words and colour distances come from colour.py, which the palette check shares, so the two agree on
what "navy" is.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

from creative.scoring.blockiness import blockiness_ratio
from creative.scoring.clipping import clipping_score
from creative.scoring.colour import FAR_DELTA_E, NEAR_DELTA_E, colour_lab, delta_e_2000, srgb_to_lab
from creative.scoring.gradation import skipped_level_share
from creative.scoring.noise import noise_sigma

# How much each criterion counts towards the total. What makes an ad unusable (soft, badly lit,
# badly framed) counts most; colourfulness least, because minimalist briefs want little colour. The
# damage criteria (noise, blockiness, clipping, gradation) are each enough to outweigh what the damage
# seems to add elsewhere: grain looks like detail, and a brighter copy looks more colourful and contrasty.
WEIGHTS: dict[str, float] = {
    "sharpness": 0.15,
    "exposure": 0.13,
    "contrast": 0.11,
    "colourfulness": 0.08,
    "colour_match": 0.13,
    "composition": 0.11,
    "noise": 0.08,
    "blockiness": 0.08,
    "clipping": 0.07,
    "gradation": 0.06,
}
# colour_match when the brief names no colours (or only unknown words): neither reward nor penalty.
NEUTRAL_COLOUR_MATCH = 70.0

# Long side of the working copies: sharpness needs detail, colour and saliency do not.
DETAIL_SIDE = 512
TONE_SIDE = 256
# The largest centre crop measured at the image's own resolution, for noise and blockiness.
NATIVE_SIDE = 1024
SALIENCY_SIDE = 128
PALETTE_SIZE = 64

# A pixel counts fully towards a requested colour within NEAR_DELTA_E of it and not at all beyond
# FAR_DELTA_E; a colour covering COVERAGE_FOR_FULL_MATCH of the image is a full match.
COVERAGE_FOR_FULL_MATCH = 0.15
# Neighbouring pixels one level apart are a smooth gradient's quantisation, not detail. Above that, a
# step is detail when it is at least _WEBER_FRACTION of the brighter pixel's level (Weber's law: what
# the eye sees is a step relative to the light around it), so brightening or darkening a picture, which
# scales every level and every step alike, changes none of its sharpness. In a noisy image, steps up to
# _NOISE_STEPS times the noise's standard deviation are mostly the noise.
_SMOOTH_STEP = 2
_WEBER_FRACTION = 4 / 128
_NOISE_STEPS = 4.0
# Mean luminance above which an image starts to look washed out.
BRIGHT_MEAN = 170
# The 98th percentile of luminance below which a bright image still has its highlights' detail.
HIGHLIGHT_HEADROOM = 232
# Noise (standard deviation in grey levels at the image's own resolution, see noise.py): a clean
# photograph measures under 1.5 (fine texture reads as a little noise), a visibly grainy one 3 or more.
# The criterion is full up to _NOISE_CLEAN, so smoothing a clean image away (as JPEG does) gains
# nothing, and has halved _NOISE_HALF above it.
_NOISE_CLEAN = 1.5
_NOISE_HALF = 2.5
# Share of skipped levels (see gradation.py): none in a photograph as taken; a brightening by one stop
# skips about a quarter, by two stops half. Up to _GAPS_UNSEEN it costs nothing; _GAPS_HALF more halves
# the criterion, which never quite reaches 0, so each further stop costs more.
_GAPS_UNSEEN = 0.02
_GAPS_HALF = 0.2
# Blockiness ratio (see blockiness.py): a photograph measures about 1, saved at JPEG quality 90 from 1.1
# to 1.3, at quality 30 from 1.7 to 2.9, at quality 5 from 3 to 7; up to _BLOCKINESS_UNSEEN (a good JPEG)
# it costs nothing, so a blur that hides the faint grid of a good JPEG gains nothing; _BLOCKINESS_HALF
# times that halves the criterion.
_BLOCKINESS_UNSEEN = 1.2
_BLOCKINESS_HALF = 1.4


@dataclass(frozen=True)
class Score:
    """A weighted total, the criteria it came from, and where the eye goes (x, y in 0..1)."""

    total: float
    breakdown: dict[str, float] = field(default_factory=dict)
    focal_point: tuple[float, float] = (0.5, 0.5)


def score_image(image: Image.Image, *, colours: Sequence[str] = ()) -> Score:
    """Score an image 0-100 on every criterion in WEIGHTS; deterministic for the same pixels."""
    detail = _working_copy(image, DETAIL_SIDE)
    tone = _fit(detail, TONE_SIDE)
    small = _fit(tone, SALIENCY_SIDE)

    gray = tone.convert("L")
    native_crop = _native_crop(image)
    native = np.asarray(native_crop.convert("L"))
    noise = noise_sigma(native)
    palette = _palette(small)
    focal, composition = _focal_point_and_composition(small, palette)
    # The detail copy averages the grain over (shrink x shrink) pixels.
    shrink = max(1.0, max(native.shape) / max(detail.size))
    noise_score = 100 / (1 + (max(0.0, noise - _NOISE_CLEAN) / _NOISE_HALF) ** 2)
    blockiness = _blockiness(native)
    breakdown = {
        # Neither grain nor a JPEG's block edges are detail: what they hide of the edges is taken off. Inside
        # a visible grid the blocks have lost their detail outright, so sharpness falls with blockiness in
        # full; otherwise the crisp block edges of the worst JPEG would read as detail regained.
        "sharpness": _sharpness(detail.convert("L"), noise=noise / shrink)
        * (0.5 + noise_score / 200) * blockiness / 100,
        "exposure": _exposure(gray),
        "contrast": _contrast(gray),
        "colourfulness": _colourfulness(palette),
        "colour_match": _colour_match(palette, colours),
        "composition": composition,
        "noise": noise_score,
        "blockiness": blockiness,
        # On the smallest copy, whose averaging smooths grain and JPEG ringing off a clipped plateau.
        "clipping": clipping_score(np.asarray(small), noise=noise / (shrink * DETAIL_SIDE / SALIENCY_SIDE)),
        # At the image's own resolution: shrinking averages neighbouring pixels and refills skipped levels.
        "gradation": _gradation(np.asarray(native_crop)),
    }
    total = sum(WEIGHTS[name] * value for name, value in breakdown.items())
    return Score(
        total=round(total, 1),
        breakdown={name: round(value, 1) for name, value in breakdown.items()},
        focal_point=(round(focal[0], 3), round(focal[1], 3)),
    )


def score_bytes(data: bytes, *, colours: Sequence[str] = ()) -> Score:
    """Score encoded image bytes; JPEGs are decoded at reduced size, which is all scoring needs."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (DETAIL_SIDE, DETAIL_SIDE))
        image.load()
        return score_image(image, colours=colours)


# Working copies


def _working_copy(image: Image.Image, side: int) -> Image.Image:
    """An RGB copy no longer than `side`; transparency is flattened onto white, as a page shows it."""
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image = _fit(image, side)
    if image.mode in ("RGBA", "LA"):
        backdrop = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(backdrop, image.convert("RGBA"))
    return image.convert("RGB") if image.mode != "RGB" else image


# Public name for the similarity and palette modules, which need the same flattened, shrunken copy.
working_copy = _working_copy


def _native_crop(image: Image.Image) -> Image.Image:
    """The centre of the image at its own resolution, at most NATIVE_SIDE a side, flattened like a working
    copy; the crop starts on a multiple of 8 pixels, so a JPEG's 8x8 grid still starts at its corner."""
    width, height = image.size
    left = (max(0, width - NATIVE_SIDE) // 2) // 8 * 8
    top = (max(0, height - NATIVE_SIDE) // 2) // 8 * 8
    if left or top or width > NATIVE_SIDE or height > NATIVE_SIDE:
        image = image.crop((left, top, min(width, left + NATIVE_SIDE), min(height, top + NATIVE_SIDE)))
    return _working_copy(image, NATIVE_SIDE)


def _fit(image: Image.Image, side: int) -> Image.Image:
    """Shrink so the long side is at most `side`: an integer reduce() first, a box filter for the rest."""
    width, height = image.size
    longest = max(width, height)
    if longest <= side:
        return image
    factor = longest // side
    if factor > 1:
        image = image.reduce(factor)
        width, height = image.size
        longest = max(width, height)
    if longest > side:
        size = (max(1, round(width * side / longest)), max(1, round(height * side / longest)))
        image = image.resize(size, Image.Resampling.BOX)
    return image


@dataclass(frozen=True)
class _Palette:
    """The small copy reduced to a few colours: the image's colours by area, and where they are."""

    indices: Image.Image  # mode "L": each pixel's palette index
    rgb: list[tuple[int, int, int]]
    lab: list[tuple[float, float, float]]
    share: list[float]  # fraction of the image in each colour


def _palette(small: Image.Image) -> _Palette:
    quantized = small.quantize(PALETTE_SIZE, method=Image.Quantize.FASTOCTREE)
    flat = quantized.getpalette() or []
    counts = quantized.histogram()
    entries = len(flat) // 3
    rgb = [(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]) for i in range(entries)]
    pixels = small.width * small.height
    return _Palette(
        indices=Image.frombytes("L", quantized.size, quantized.tobytes()),
        rgb=rgb,
        lab=[srgb_to_lab(colour) for colour in rgb],
        share=[counts[i] / pixels for i in range(entries)],
    )


# Criteria


def _sharpness(gray: Image.Image, *, noise: float = 0.0) -> float:
    """How much detail a further blur would destroy (Crete-Roffet et al. 2007), in the blurrier direction.

    A ratio rather than raw edge strength, so a calm minimalist image is not punished for having
    few edges, only for having soft ones. Only steps the eye sees as detail count (see _WEBER_FRACTION),
    and only those that stand out of the grain, so adding noise never makes an image sharper and
    changing its exposure does not change its sharpness.
    """
    width, height = gray.size
    if width < 4 or height < 4:
        return 0.0
    pixels = np.asarray(gray, dtype=np.float32)
    smallest = max(_SMOOTH_STEP, math.ceil(_NOISE_STEPS * noise))
    lost_shares = []
    for radius, axis in (((4, 0), 1), ((0, 4), 0)):
        blurred = np.asarray(gray.filter(ImageFilter.BoxBlur(radius)), dtype=np.float32)
        steps = np.abs(np.diff(pixels, axis=axis))
        brighter = np.maximum(pixels[:, 1:], pixels[:, :-1]) if axis == 1 else np.maximum(pixels[1:], pixels[:-1])
        detail = np.where(steps >= np.maximum(smallest, _WEBER_FRACTION * brighter), steps, 0)
        total = float(detail.sum())
        if total == 0:
            return 0.0  # a flat image has no detail to be sharp
        lost = float(np.clip(detail - np.abs(np.diff(blurred, axis=axis)), 0, None).sum())
        lost_shares.append(lost / total)
    ratio = min(lost_shares)
    # Ratios seen at 512 px: 0.8 for crisp photos and renders, 0.4-0.5 after a 4 px blur at 2048,
    # 0.15 after a 12 px blur.
    return _ramp(ratio, low=0.15, high=0.9) * 100


def _blockiness(native: np.ndarray) -> float:
    """100 without a visible 8x8 grid, falling with the log of the blockiness ratio and never quite
    reaching 0, so a lower JPEG quality always costs more."""
    ratio = max(1.0, blockiness_ratio(native) / _BLOCKINESS_UNSEEN)
    return 100 / (1 + math.log(ratio) / math.log(_BLOCKINESS_HALF))


def _gradation(native: np.ndarray) -> float:
    skipped = max(0.0, skipped_level_share(native) - _GAPS_UNSEEN)
    return 100 / (1 + (skipped / _GAPS_HALF) ** 2)


def _exposure(gray: Image.Image) -> float:
    """Mid-tones well lit, little clipped to pure black or white.

    Clipping is capped as a penalty: a product on a white studio background is clipped by design.
    """
    histogram = gray.histogram()
    pixels = sum(histogram)
    mean = ImageStat.Stat(gray).mean[0]
    # Any mean from 60 to BRIGHT_MEAN is fine; brighter loses points gradually (a high-key product shot
    # keeps most of them), and pure black or white scores nothing. A bright image is washed out only when
    # its highlights have run into white: one whose brightest tones stay below it (pale wood, a misty
    # morning) is high-key by choice, and darkening it must not look like an improvement.
    washed_out = _ramp(_percentile(histogram, 0.98), low=HIGHLIGHT_HEADROOM, high=255)
    brightness = _ramp(mean, low=0, high=60) * (1 - washed_out * _ramp(mean, low=BRIGHT_MEAN, high=255))
    clipped = (sum(histogram[:4]) + sum(histogram[252:])) / pixels
    clipping = 1 - min(0.25, max(0.0, clipped - 0.02))
    return brightness * clipping * 100


def _contrast(gray: Image.Image) -> float:
    """RMS contrast and the spread between the 2nd and 98th percentile of luminance."""
    histogram = gray.histogram()
    spread = _percentile(histogram, 0.98) - _percentile(histogram, 0.02)
    deviation = ImageStat.Stat(gray).stddev[0]
    return (0.5 * _ramp(deviation, low=0, high=60) + 0.5 * _ramp(spread, low=0, high=200)) * 100


def _colourfulness(palette: _Palette) -> float:
    """Hasler and Suesstrunk's colourfulness M over the palette; M=45 ("averagely colourful") gives 72."""
    rg = [r - g for r, g, _ in palette.rgb]
    yb = [(r + g) / 2 - b for r, g, b in palette.rgb]
    mean_rg = sum(s * v for s, v in zip(palette.share, rg))
    mean_yb = sum(s * v for s, v in zip(palette.share, yb))
    var_rg = sum(s * (v - mean_rg) ** 2 for s, v in zip(palette.share, rg))
    var_yb = sum(s * (v - mean_yb) ** 2 for s, v in zip(palette.share, yb))
    m = math.sqrt(var_rg + var_yb) + 0.3 * math.hypot(mean_rg, mean_yb)
    return (1 - math.exp(-m / 35)) * 100


def _colour_match(palette: _Palette, colours: Sequence[str]) -> float:
    """How much of the image is close to each requested colour, averaged over the known colour words."""
    targets = [lab for lab in (colour_lab(name) for name in colours) if lab is not None]
    if not targets:
        return NEUTRAL_COLOUR_MATCH
    matches = []
    for target in targets:
        coverage = sum(
            share * (1 - _ramp(delta_e_2000(lab, target, kl=2), low=NEAR_DELTA_E, high=FAR_DELTA_E))
            for lab, share in zip(palette.lab, palette.share)
            if share > 0
        )
        matches.append(min(1.0, coverage / COVERAGE_FOR_FULL_MATCH))
    return sum(matches) / len(matches) * 100


# Saliency, focal point and composition


def _focal_point_and_composition(small: Image.Image, palette: _Palette) -> tuple[tuple[float, float], float]:
    """The weighted centroid of the most salient pixels, and how well the picture is composed around it."""
    saliency = _saliency(small, palette)
    columns, rows = _projections(saliency)
    total = sum(columns)
    if total <= 0:
        return (0.5, 0.5), 50.0  # nothing stands out: no focal point, no composition to judge

    # The focal point is where the strongest quarter of the saliency sits.
    threshold = _percentile(saliency.histogram(), 0.75)
    peak = saliency.point(lambda value: max(0, value - threshold))
    peak_columns, peak_rows = _projections(peak)
    if sum(peak_columns) <= 0:
        peak_columns, peak_rows = columns, rows
    focal = (_centroid(peak_columns), _centroid(peak_rows))

    # Subject on a third or a centre line.
    placement = (_line_closeness(focal[0]) + _line_closeness(focal[1])) / 2
    # Visual weight as a whole near the middle, even when the subject sits on a third.
    weight_centre = (_centroid(columns), _centroid(rows))
    balance = 1 - _ramp(math.hypot(weight_centre[0] - 0.5, weight_centre[1] - 0.5), low=0, high=0.25)
    # Not much of what matters cut by the frame.
    band = 0.08
    edge_x = _outer_share(columns, band)
    edge_y = _outer_share(rows, band)
    edge_share = 1 - (1 - edge_x) * (1 - edge_y)
    edge_area = 1 - (1 - 2 * band) ** 2
    margin = 1 - _ramp(edge_share / edge_area, low=0.5, high=1.5)

    return focal, (0.5 * placement + 0.25 * balance + 0.25 * margin) * 100


def _saliency(small: Image.Image, palette: _Palette) -> Image.Image:
    """Edge energy plus colour distinctness from the background, smoothed: an "L" map, 255 most salient.

    The background is taken to be the colours along the border, which is where product shots and
    illustrations put it; a subject that touches the border is still found by its edges.
    """
    edges = None
    for band in small.split():
        # FIND_EDGES clips negative responses; the inverted band supplies them.
        rising = band.filter(ImageFilter.FIND_EDGES)
        laplacian = ImageChops.add(rising, ImageOps.invert(band).filter(ImageFilter.FIND_EDGES))
        edges = laplacian if edges is None else ImageChops.lighter(edges, laplacian)
    if edges is None:  # unreachable (every image has a band); the error Pillow would raise drawing on None
        raise AttributeError("the image has no bands")
    # Pillow leaves the outermost pixels unfiltered: they are the frame, not edges in the picture.
    ImageDraw.Draw(edges).rectangle((0, 0, edges.width - 1, edges.height - 1), outline=0)
    edges = _stretch(edges.filter(ImageFilter.GaussianBlur(2)))

    distinct = _stretch(palette.indices.point(_distinctness_levels(palette)))

    return ImageChops.add(edges, distinct, scale=2).filter(ImageFilter.GaussianBlur(3))


def _distinctness_levels(palette: _Palette) -> list[int]:
    """A grey level per palette index: its distance (CIE76) to the nearest common border colour."""
    image = palette.indices
    width, height = image.size
    band = max(1, round(min(width, height) * 0.05))
    counts = [0] * 256
    strips = (
        (0, 0, width, band),
        (0, height - band, width, height),
        (0, band, band, height - band),
        (width - band, band, width, height - band),
    )
    for box in strips:
        if box[2] > box[0] and box[3] > box[1]:
            counts = [a + b for a, b in zip(counts, image.crop(box).histogram())]
    border_pixels = sum(counts) or 1
    background = [palette.lab[i] for i in range(len(palette.lab)) if counts[i] / border_pixels >= 0.02]
    levels = [0] * 256
    if background:
        for i, lab in enumerate(palette.lab):
            levels[i] = min(255, round(min(math.dist(lab, other) for other in background) * 255 / 50))
    return levels


def _stretch(gray: Image.Image) -> Image.Image:
    """Scale an "L" map so its maximum is 255 (a flat zero map stays zero)."""
    highest = gray.getextrema()[1]
    if highest in (0, 255):
        return gray
    return gray.point(lambda value: value * 255 // highest)


def _projections(gray: Image.Image) -> tuple[list[float], list[float]]:
    """Column and row means of a map, averaged inside Pillow."""
    values = gray.convert("F")
    # One band, so one float per pixel (Pillow's stubs allow a tuple per pixel for multi-band images).
    columns = cast("tuple[float, ...]", values.resize((gray.width, 1), Image.Resampling.BOX).get_flattened_data())
    rows = cast("tuple[float, ...]", values.resize((1, gray.height), Image.Resampling.BOX).get_flattened_data())
    return list(columns), list(rows)


def _centroid(weights: list[float]) -> float:
    total = sum(weights)
    if total <= 0:
        return 0.5
    return sum((i + 0.5) * w for i, w in enumerate(weights)) / (total * len(weights))


def _outer_share(weights: list[float], band: float) -> float:
    """The share of the weight within `band` of either end."""
    total = sum(weights)
    cut = max(1, round(len(weights) * band))
    return (sum(weights[:cut]) + sum(weights[-cut:])) / total if total > 0 else 0.0


def _line_closeness(position: float) -> float:
    """1 on a third or the centre line, falling to 0 at 0.2 of the image away from all of them."""
    distance = min(abs(position - line) for line in (1 / 3, 1 / 2, 2 / 3))
    return 1 - _ramp(distance, low=0, high=0.2)


# Small helpers


def _ramp(value: float, *, low: float, high: float) -> float:
    """0 at or below `low`, 1 at or above `high`, linear between."""
    if value <= low:
        return 0.0
    if value >= high:
        return 1.0
    return (value - low) / (high - low)


def _percentile(histogram: list[int], fraction: float) -> int:
    """The smallest level at or below which `fraction` of the pixels lie, from a 256-bin histogram."""
    pixels = sum(histogram)
    if pixels == 0:
        return 0
    needed = fraction * pixels
    running = 0
    for level, count in enumerate(histogram[:256]):
        running += count
        if running >= needed:
            return level
    return 255
