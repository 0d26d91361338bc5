"""Reference images a brief carries: decoding an upload within limits and cutting the product out.

Pure Pillow and numpy, free of Django, so the renderer's and scoring's worker processes can use it.
"""

from creative.references.cutout import Cutout, cutout_from_box, cutout_make
from creative.references.decode import (
    REFERENCE_MAX_PIXELS,
    REFERENCE_MAX_SIDE,
    ReferenceImageError,
    reference_decode,
)

__all__ = [
    "REFERENCE_MAX_PIXELS",
    "REFERENCE_MAX_SIDE",
    "Cutout",
    "ReferenceImageError",
    "cutout_from_box",
    "cutout_make",
    "reference_decode",
]
