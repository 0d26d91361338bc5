"""Product fidelity: is the advertiser's product in the image, unaltered?

The product is found by template matching: masked normalised cross-correlation (Padfield, "Masked
object registration in the Fourier domain", IEEE TIP 2012) of the cutout's luminance over the image,
computed with FFTs at a range of scales, coarse then fine. Only the cutout's own pixels count (its
alpha is the mask), so a new background does not matter, and NCC ignores brightness and contrast, so
a relit product still matches. No feature detector is needed: ads keep the product upright and
unmirrored, and plain numpy keeps it free of an OpenCV dependency.

At the best match two things are measured: shape, the correlation itself (a distorted, redrawn or
missing product correlates poorly), and colour, the mean CIE76 difference in Lab between the matched
pixels and the cutout's (a recoloured product keeps its shape but not its colour). Shape weighs more:
a recoloured product is still the product in the wrong colour, a distorted one is not the product.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from creative.references.cutout import lab_array

WORK_SIDE = 256  # the image is searched at this long side: the product spans 30-250 px, plenty to match
COARSE_SIDE = 128
COARSE_KEEP = 3  # sizes refined at the working scale
MIN_SPAN, MAX_SPAN = 0.12, 1.0  # the product's long side as a share of the image's short side
THRESHOLD = 60.0  # below this the card says "product altered or missing" and it is never shortlisted
# Correlations mapped to 0-1 shape points: a random patch of a busy image reaches the floors, the product
# as composited (scaled, relit, on a new background) the full values. Measured on tests/scoring's set.
SHAPE_FLOOR, SHAPE_FULL = 0.3, 0.95
EDGE_FLOOR, EDGE_FULL = 0.2, 0.6
COLOUR_SCALE = 22.0  # a mean ΔE this large costs most of the colour points


@dataclass(frozen=True)
class Fidelity:
    score: float  # 0-100
    shape: float  # 0-1
    colour: float  # 0-1
    box: tuple[float, float, float, float]  # where the product was found, fractions x0, y0, x1, y1

    @property
    def kept(self) -> bool:
        return self.score >= THRESHOLD


def product_fidelity(image: Image.Image, cutout: Image.Image) -> Fidelity:
    """How well `image` (RGB) keeps the product in `cutout` (RGBA): found, then compared, 0-100."""
    cut = cutout.convert("RGBA")
    if bbox := cut.getchannel("A").point(lambda v: 255 if v > 24 else 0).getbbox():
        cut = cut.crop(bbox)
    cut.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BILINEAR)  # never drawn larger than that below
    work = _working(image, WORK_SIDE)
    small = _working(work, COARSE_SIDE)
    # Coarse to fine: the best few sizes at a small scale, refined around each at the working scale, and
    # the winner picked by the whole judgment, since NCC alone favours a smaller copy matched inside the
    # product (the mask hides the outline that would not fit).
    coarse = sorted(_search(small, cut, _spans(small, cut, step=1.12)), reverse=True)[:COARSE_KEEP]
    factor = work.width / small.width
    around = sorted({round(found[1] * factor * 1.03**k, 1) for found in coarse for k in range(-2, 3)})
    return max((_judge(work, cut, *found) for found in _search(work, cut, around)), key=lambda f: f.score)


def _judge(work: Image.Image, cut: Image.Image, ncc: float, height: float, x: int, y: int) -> Fidelity:
    width = max(1, round(height * cut.width / cut.height))
    edges = _edge_match(work, cut, x, y, width, round(height))
    # Both must hold: the product's shading (NCC) and its outline and detail (edges) where it was found.
    shape = _stretch(ncc, SHAPE_FLOOR, SHAPE_FULL) * _stretch(edges, EDGE_FLOOR, EDGE_FULL)
    colour = _colour(work, cut, x, y, width, round(height))
    # Shape first: a recoloured product still scores above a distorted one, and neither passes.
    score = 100 * shape**2 * (0.55 + 0.45 * colour)
    box = (x / work.width, y / work.height, (x + width) / work.width, (y + height) / work.height)
    x0, y0, x1, y1 = (round(v, 3) for v in box)
    return Fidelity(round(score, 1), round(shape, 3), round(colour, 3), (x0, y0, x1, y1))


def fidelity_in(image: Image.Image, cutouts: Sequence[bytes]) -> Fidelity | None:
    """The best fidelity of an image (RGB) over the brief's product cutouts (PNG); None when it has none."""
    if not cutouts:
        return None
    found = []
    for cut in cutouts:
        with Image.open(io.BytesIO(cut)) as c:
            found.append(product_fidelity(image, c.convert("RGBA")))
    return max(found, key=lambda f: f.score)


def _working(image: Image.Image, side: int) -> Image.Image:
    scale = side / max(image.size)
    size = (max(8, round(image.width * scale)), max(8, round(image.height * scale)))
    image = image if image.mode == "RGB" else image.convert("RGB")
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _spans(work: Image.Image, cut: Image.Image, *, step: float) -> list[float]:
    """Template heights (px at the working size) from as large as fits down to the smallest product."""
    w, h = work.size
    aspect = cut.width / cut.height
    largest = min(h, w / aspect) * 0.98
    smallest = min(w, h) * MIN_SPAN / max(1.0, aspect)
    spans, span = [], largest
    while span >= max(6.0, smallest):
        spans.append(span)
        span /= step
    return spans or [largest]


def _luma(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"), np.float64)


def _search(work: Image.Image, cut: Image.Image, heights: list[float]) -> list[tuple[float, float, int, int]]:
    """(best NCC, template height, x, y) at each of the given template heights that fits."""
    image = _luma(work)
    h, w = image.shape
    # Correlation by FFT: sum of image[y + i, x + j] * kernel[i, j] for every (y, x) at once.
    f_image, f_square = np.fft.rfft2(image), np.fft.rfft2(image * image)
    found = []
    for height in heights:
        th = round(height)
        tw = round(height * cut.width / cut.height)
        if not (4 <= th <= h and 4 <= tw <= w):
            continue
        small = cut.resize((tw, th), Image.Resampling.BILINEAR, reducing_gap=2.0)
        mask = (np.asarray(small.getchannel("A"), np.float64) > 127).astype(np.float64)
        count = mask.sum()
        if count < 16:
            continue
        template = _luma(small)
        centred = (template - (template * mask).sum() / count) * mask
        energy = (centred * centred).sum()
        if energy < 1e-6:
            continue
        f_mask = np.conj(np.fft.rfft2(mask, s=(h, w)))
        sums = np.fft.irfft2(f_image * f_mask, s=(h, w))
        squares = np.fft.irfft2(f_square * f_mask, s=(h, w))
        cross = np.fft.irfft2(f_image * np.conj(np.fft.rfft2(centred, s=(h, w))), s=(h, w))
        valid = (slice(0, h - th + 1), slice(0, w - tw + 1))
        variance = squares[valid] - sums[valid] ** 2 / count
        ncc = np.where(variance > count * 1.0, cross[valid] / np.sqrt(np.maximum(variance, 1e-9) * energy), 0.0)
        y, x = np.unravel_index(int(np.argmax(ncc)), ncc.shape)
        found.append((float(ncc[y, x]), height, int(x), int(y)))
    return found or [(-1.0, heights[0], 0, 0)]


def _stretch(value: float, floor: float, full: float) -> float:
    return max(0.0, min(1.0, (value - floor) / (full - floor)))


def _gradient(luma: np.ndarray) -> np.ndarray:
    gy, gx = np.gradient(luma)
    magnitude: np.ndarray = np.hypot(gx, gy)
    return magnitude


def _edge_match(work: Image.Image, cut: Image.Image, x: int, y: int, width: int, height: int) -> float:
    """Correlation of the cutout's edges (its outline and inner detail) with the image's at the match: a
    product stretched or squeezed there has its outline where the cutout has none."""
    small = cut.resize((width, height), Image.Resampling.BILINEAR)
    alpha = np.asarray(small.getchannel("A"), np.float64) / 255
    expected = _gradient(_luma(small)) * alpha + _gradient(alpha) * 60
    found = _gradient(_luma(work.crop((x, y, x + width, y + height))))
    if found.shape != expected.shape:
        return 0.0
    # The product and a thin ring round it, where its outline falls: the scene's own edges further out
    # say nothing about the product.
    near = np.asarray(small.getchannel("A").filter(ImageFilter.MaxFilter(5))) > 24
    expected, found = expected[near], found[near]
    a, b = expected - expected.mean(), found - found.mean()
    norm = math.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / norm) if norm > 1e-9 else 0.0


def _colour(work: Image.Image, cut: Image.Image, x: int, y: int, width: int, height: int) -> float:
    """1 when the matched pixels have the cutout's colours, falling toward 0 as the mean ΔE grows."""
    small = cut.resize((width, height), Image.Resampling.BILINEAR)
    alpha = np.asarray(small.getchannel("A"), np.float64) / 255
    region = np.asarray(work.crop((x, y, x + width, y + height)))
    if region.shape[:2] != alpha.shape or alpha.sum() < 1:
        return 0.0
    difference = np.linalg.norm(lab_array(region) - lab_array(np.asarray(small.convert("RGB"))), axis=-1)
    mean = float((difference * alpha).sum() / alpha.sum())
    return math.exp(-((mean / COLOUR_SCALE) ** 2))
