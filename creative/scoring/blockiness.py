"""How blocky a JPEG is: the 8x8 grid its compression leaves, measured against the rest of the picture.

A JPEG codes each 8x8 block on its own; at low quality neighbouring blocks no longer meet, so the
step between the 8th and 9th column (and row) of every block is larger than the steps inside a
block, which the same compression has flattened. In a picture that was never compressed, or only
lightly, every column boundary looks alike. The ratio of the mean step across block boundaries to the
mean step inside blocks is about 1 for a clean image and grows with the damage (Wang, Bovik and Evans
2000 measure the same contrast in the frequency domain). The grid starts at the image's top-left
corner, so this is measured on pixels at their own resolution, never on a resized copy.
"""

from __future__ import annotations

import numpy as np

_BLOCK = 8
# The smallest mean step inside blocks (grey levels) that the grid is measured against: below it the
# inside is flat to the eye, and a grid of one-level steps (a gradient's own) would otherwise read as heavy.
_VISIBLE_STEP = 0.75


def blockiness_ratio(gray: np.ndarray) -> float:
    """Mean step across 8x8 block boundaries over the mean step inside blocks, both directions; 1.0 for
    an image too small to have a grid or without any steps at all."""
    ratios = [
        _boundary_ratio(profile)
        for profile in (_mean_steps(gray, axis=1), _mean_steps(gray, axis=0))
        if profile.size >= 2 * _BLOCK
    ]
    return float(np.mean(ratios)) if ratios else 1.0


def _mean_steps(gray: np.ndarray, *, axis: int) -> np.ndarray:
    """The mean absolute step between each column and the next (axis=1), or each row and the next."""
    pixels = gray.astype(np.int16)
    steps = np.abs(np.diff(pixels, axis=axis))
    means: np.ndarray = steps.mean(axis=1 - axis)
    return means


def _boundary_ratio(profile: np.ndarray) -> float:
    usable = profile.size - profile.size % _BLOCK
    by_phase = profile[:usable].reshape(-1, _BLOCK).mean(axis=0)
    # Step number 7 runs from the last pixel of a block to the first of the next.
    boundary = by_phase[_BLOCK - 1]
    # Against at least _VISIBLE_STEP: a smooth gradient drawn at 2048 px climbs one level every 8 pixels,
    # a periodic step nobody sees, and over a near-flat inside it would read as a heavy grid.
    inside = max(float(by_phase[: _BLOCK - 1].mean()), _VISIBLE_STEP)
    return float(boundary / inside)
