"""The product alone, as RGBA: from the upload's own transparency, or cut from a plain background.

The classic method studio packshots allow, with no model weights: estimate the background colour from
the image's border, mark every pixel within a CIE76 distance of it in Lab space (perceptual, so a
white backdrop's faint gradient stays background while an off-white label does not), keep only the
background connected to the border (a flood fill, so white parts inside the product stay), then
open and close the mask to drop specks and seal hairline gaps. When the border is not one colour
(a busy photo) there is no cutout: the designer draws a box around the product instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter
from scipy import ndimage

# The mask is found on a copy at most this long a side, then scaled to the photo: plenty for an edge
# that is feathered anyway, and it keeps an upload's cutout under ~50 ms.
MASK_SIDE = 512
BORDER = 0.02  # of the short side: the frame the background colour is read from
BACKGROUND_DELTA_E = 14.0  # within this of the border colour is background
UNIFORM_SHARE = 0.85  # of border pixels near its median colour, for the background to count as plain
MIN_SHARE, MAX_SHARE = 0.01, 0.97  # a product filling less or more of the frame is a failed cut


@dataclass(frozen=True)
class Cutout:
    image: Image.Image  # RGBA, cropped to the product
    method: str  # "alpha" (the upload's own), "background" (cut from a plain one), "box" (the designer's)


def lab_array(rgb: np.ndarray) -> np.ndarray:
    """sRGB (..., 3) uint8 to CIE Lab (D65) as float32."""
    c = rgb.astype(np.float32) / 255.0
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = c @ np.array([[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]],
                       dtype=np.float32)
    xyz /= np.array([0.95047, 1.0, 1.08883], dtype=np.float32)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def cutout_make(image: Image.Image) -> Cutout | None:
    """The product cut out of an RGBA upload: its alpha when it has one, else from a plain background;
    None when neither works (the designer then draws a box)."""
    alpha = np.asarray(image.getchannel("A"))
    if (alpha < 250).mean() > 0.01 and (alpha > 5).mean() > MIN_SHARE:
        return _cropped(image, image.getchannel("A"), "alpha")
    mask = _background_mask(image.convert("RGB"))
    return None if mask is None else _cropped(image, mask, "background")


def cutout_from_box(image: Image.Image, box: tuple[float, float, float, float]) -> Cutout:
    """The product inside the designer's box (fractions x0, y0, x1, y1): cut from the box's background
    when it is plain, else the box itself."""
    w, h = image.size
    x0, y0, x1, y1 = box
    crop = image.crop((round(x0 * w), round(y0 * h), max(round(x1 * w), round(x0 * w) + 1),
                       max(round(y1 * h), round(y0 * h) + 1)))
    mask = _background_mask(crop.convert("RGB"))
    if mask is None:
        return Cutout(crop.convert("RGBA"), "box")
    cut = _cropped(crop, mask, "box")
    if cut is None:  # the mask kept nothing; callers read `.image`, which on None raises the same
        raise AttributeError("the box holds no product to cut out")
    return cut


def _background_mask(rgb: Image.Image) -> Image.Image | None:
    """An L mask of the product (255) at the photo's size, or None when the background is not plain."""
    small = rgb.copy()
    small.thumbnail((MASK_SIDE, MASK_SIDE), Image.Resampling.BILINEAR)
    lab = lab_array(np.asarray(small))
    h, w = lab.shape[:2]
    b = max(2, round(min(w, h) * BORDER))
    frame = np.concatenate([lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3),
                            lab[:, -b:].reshape(-1, 3)])
    background = np.median(frame, axis=0)
    if (np.linalg.norm(frame - background, axis=1) < BACKGROUND_DELTA_E * 0.7).mean() < UNIFORM_SHARE:
        return None
    near = np.linalg.norm(lab - background, axis=-1) < BACKGROUND_DELTA_E
    # Background is what is near the border colour and connected to the border (4-connected regions).
    regions, _ = ndimage.label(near)
    touching = np.unique(np.concatenate([regions[0], regions[-1], regions[:, 0], regions[:, -1]]))
    product = ~np.isin(regions, touching[touching > 0])
    share = product.mean()
    if not MIN_SHARE <= share <= MAX_SHARE:
        return None
    mask = Image.fromarray(np.where(product, 255, 0).astype(np.uint8))
    # Opening drops specks of noise; closing seals hairline gaps along a pale product's edge.
    mask = mask.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    mask = mask.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.MinFilter(3))
    return mask.resize(rgb.size, Image.Resampling.BILINEAR)


def _cropped(image: Image.Image, mask: Image.Image, method: str) -> Cutout | None:
    # A one-pixel feather: the product's edge blends into any scene instead of showing stair steps.
    mask = mask.filter(ImageFilter.GaussianBlur(0.7)) if method != "alpha" else mask
    bbox = mask.point(lambda v: 255 if v > 24 else 0).getbbox()
    if bbox is None:
        return None
    cut = image.convert("RGBA")
    cut.putalpha(mask)
    return Cutout(cut.crop(bbox), method)
