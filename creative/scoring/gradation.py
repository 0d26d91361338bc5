"""How much of an image's tonal gradation is left: the share of levels a brightening skipped.

An 8-bit image that is brightened or contrast-stretched afterwards (exposure pushed in an editor, a
"levels" fix, an over-eager auto-enhance) spreads its 256 levels over a wider range: the levels in
between are never used again, and the histogram turns into a comb. Smooth skies and skin then show
bands, and the highlights pushed past white are gone for good. A photograph straight from a camera or
a model, a JPEG (its decoding fills every level) and a flat illustration (whose few colours have empty
levels around them, not between populated ones) leave no comb. Darkening merges levels instead of
skipping them; the exposure and clipping criteria judge that.

A level counts as skipped only where its neighbours on both sides are well populated: with at least
EXPECTED_PIXELS pixels predicted for it, an empty level is not chance.
"""

from __future__ import annotations

import numpy as np

# Neighbouring levels averaged on each side to predict a level's count.
NEIGHBOURS = 3
# The predicted count above which an empty level cannot be sampling (Poisson: e^-20 is nil).
EXPECTED_PIXELS = 20.0
# Only levels predicted to hold at least this share of the range's mean count are judged: the few
# scattered levels of a flat illustration's anti-aliased edges, a sliver of the picture, are no comb.
BULK_SHARE = 0.1
# With fewer levels to judge than this, the picture is a few flat colours (a poster, a logo on a plain
# backdrop) whose levels next to each colour's spike are all there is: no gradation to lose.
MIN_JUDGED = 16
# The share of pixels at each end of a channel's histogram left out of its tonal range: clipped
# plateaus and stray pixels are not gradation.
TAIL = 0.005


def skipped_level_share(rgb: np.ndarray) -> float:
    """The largest share, over the colour channels, of the levels in the bulk of a channel's tonal range
    that are skipped: 0 for an (h, w, 3) uint8 array with a smooth histogram, about 0.27 after one stop
    of brightening, 0.47 after two."""
    shares = [_skipped_share(np.bincount(rgb[..., channel].ravel(), minlength=256)) for channel in range(3)]
    return max(shares, default=0.0)


def _skipped_share(histogram: np.ndarray) -> float:
    counts = histogram.astype(np.float64)
    running = np.cumsum(counts)
    pixels = running[-1]
    if pixels == 0:
        return 0.0
    # The ends of the range are left out too: 0 and 255 hold the clipped pixels.
    low = max(1, int(np.searchsorted(running, TAIL * pixels)))
    high = min(254, int(np.searchsorted(running, (1 - TAIL) * pixels)))
    if high - low < 2 * NEIGHBOURS:
        return 0.0
    padded = np.pad(counts, NEIGHBOURS)
    below = sum(padded[offset : offset + 256] for offset in range(NEIGHBOURS)) / NEIGHBOURS
    above = sum(padded[NEIGHBOURS + 1 + offset : NEIGHBOURS + 257 + offset] for offset in range(NEIGHBOURS)) / NEIGHBOURS
    predicted = np.minimum(below, above)[low : high + 1]
    inside = counts[low : high + 1]
    judged = predicted >= max(EXPECTED_PIXELS, BULK_SHARE * float(inside.mean()))
    if np.count_nonzero(judged) < MIN_JUDGED:
        return 0.0
    return float(np.count_nonzero(judged & (inside == 0)) / np.count_nonzero(judged))
