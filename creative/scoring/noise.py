"""How noisy an image is: Immerkaer's fast noise variance estimate, taken where the picture is flattest.

Immerkaer (1996) filters the image with the difference of two Laplacians, which cancels every smooth
tone and straight edge and leaves mostly noise; the mean absolute response times sqrt(pi/2) / 6 is
the noise's standard deviation. Texture answers the filter too, so the estimate is taken over 8x8
blocks and the tenth percentile kept: every photograph has some flat sky, wall or shadow, and there
the response is the noise alone. Measured at the image's own resolution (up to 1024 px), where a
person looking at it at 100% sees the grain.
"""

from __future__ import annotations

import math

import numpy as np

_BLOCK = 8
_FLATTEST_SHARE = 0.10
_SCALE = math.sqrt(math.pi / 2) / 6


def noise_sigma(gray: np.ndarray) -> float:
    """The noise's standard deviation in grey levels (0-255) of a 2-D uint8 luminance array."""
    height, width = gray.shape
    if height < _BLOCK + 2 or width < _BLOCK + 2:
        return 0.0
    pixels = gray.astype(np.int16)
    # The 3x3 mask [[1,-2,1],[-2,4,-2],[1,-2,1]] is separable: a second difference across, then down.
    across = pixels[:, :-2] + pixels[:, 2:] - 2 * pixels[:, 1:-1]
    response = across[:-2] + across[2:] - 2 * across[1:-1]
    np.abs(response, out=response)
    rows, columns = response.shape
    rows -= rows % _BLOCK
    columns -= columns % _BLOCK
    strips = response[:rows, :columns].reshape(rows // _BLOCK, _BLOCK, columns).sum(axis=1, dtype=np.int32)
    blocks = strips.reshape(rows // _BLOCK, columns // _BLOCK, _BLOCK).sum(axis=2).ravel()
    flattest = int(blocks.size * _FLATTEST_SHARE)
    return float(np.partition(blocks, flattest)[flattest]) / (_BLOCK * _BLOCK) * _SCALE
