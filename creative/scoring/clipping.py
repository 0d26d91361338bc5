"""How much of an image is clipped, where tone and detail can never come back.

Over-exposure pushes highlights past the top of the range one channel after another; under-exposure
crushes shadows to black. Clipped pixels share one value: a plateau at the very top (or bottom) of
the image's range. The plateau stays flat when the image is later darkened, desaturated or flattened,
so the criterion counts pixels at the image's own brightest (or darkest) level rather than at 255 (or
0): such edits never "repair" a blown-out sky. The criterion falls steadily with the clipped share
rather than stopping at a cap, so a studio backdrop that is white by design costs some points too,
the price of telling a blown-out sky from a lit one.
"""

from __future__ import annotations

import math

import numpy as np

# A pixel is clipped when its brightest channel (or its luma) is within PLATEAU_LEVELS of the image's
# brightest level and that is white (CLIPPED_LEVEL or more) or a neutral grey of at least
# HIGHLIGHT_FLOOR (white that was darkened later); or when it is within PLATEAU_LEVELS of the darkest
# level and that is at most SHADOW_CEILING. A flat illustration's brightest or darkest colour is a
# design choice, not a clipped highlight or crushed shadow.
PLATEAU_LEVELS = 2
CLIPPED_LEVEL = 250
HIGHLIGHT_FLOOR = 128
NEUTRAL_SPREAD = 16
SHADOW_CEILING = 40
# Noise (and JPEG ringing) scatters clipped pixels a little way off the plateau: within this many
# standard deviations of the noise (see noise.py), a pixel still counts as clipped.
NOISE_MARGIN = 1.5
# The share of pixels with one channel clipped that a vivid, well-exposed photograph may show.
ONE_CHANNEL_NORMAL = 0.2
# A sliver of clipping (a specular glint, a black border line) is normal in a good photograph.
ALLOWED_SHARE = 0.01
# The clipped share (beyond the allowance) at which the criterion has fallen to 1/e of full marks.
FALLOFF_SHARE = 0.2


def clipped_shares(rgb: np.ndarray, *, noise: float = 0.0) -> tuple[float, float]:
    """The share of pixels clipped in the highlights and in the shadows, of an (h, w, 3) uint8 array
    whose noise has standard deviation `noise` grey levels."""
    if rgb.size == 0:
        return 0.0, 0.0
    margin = PLATEAU_LEVELS + NOISE_MARGIN * noise
    brightest = rgb.max(axis=2)
    # Rec. 601 luma: a clipped white plateau stays flat in it when the colour is taken out.
    luma = rgb @ np.array([0.299, 0.587, 0.114])
    neutral = (brightest - rgb.min(axis=2)) <= NEUTRAL_SPREAD
    highlights = shadows = 0.0
    for channel in (brightest, luma):
        top, bottom = float(channel.max()), float(channel.min())
        plateau = channel >= top - margin
        if top < CLIPPED_LEVEL:
            plateau &= neutral
        # Highlights by luma alone: a saturated petal with one channel at 255 is vivid, not blown out,
        # and counting it would let desaturating or darkening the photograph "repair" it.
        if top >= HIGHLIGHT_FLOOR and channel is luma:
            highlights = np.count_nonzero(plateau) / channel.size
        if bottom <= SHADOW_CEILING:
            shadows = max(shadows, np.count_nonzero(channel <= bottom + margin) / channel.size)
    # Over-exposure clips a colour's channels one after another: a pixel with two channels at the top
    # has lost its hue's gradation. One clipped channel is common in a vivid photograph, so only the
    # share beyond what vivid photographs show (ONE_CHANNEL_NORMAL) counts, at half weight.
    ordered = np.sort(rgb, axis=2)
    two_channels = np.count_nonzero(ordered[..., 1] >= CLIPPED_LEVEL) / brightest.size
    one_channel = np.count_nonzero(ordered[..., 2] >= CLIPPED_LEVEL) / brightest.size
    highlights = max(highlights, two_channels + 0.5 * max(0.0, one_channel - ONE_CHANNEL_NORMAL))
    return highlights, shadows


def clipping_score(rgb: np.ndarray, *, noise: float = 0.0) -> float:
    """100 for an image with no more than a sliver clipped, falling smoothly as more is lost."""
    highlights, shadows = clipped_shares(rgb, noise=noise)
    lost = max(0.0, highlights - ALLOWED_SHARE) + max(0.0, shadows - ALLOWED_SHARE)
    return 100 * math.exp(-lost / FALLOFF_SHARE)
