"""Perceptual hashes, and grouping of near-duplicate images by them.

Models asked for several images of one prompt often return the same picture twice, or nearly so;
reviewers should see one of them. The hash is the DCT pHash (Zauner 2010; pHash.org keeps the same
8x8 coefficients): it survives resizing and recompression, which change pixels but not the lowest
frequencies of a 32x32 thumbnail.
"""

from __future__ import annotations

import math
import operator
import statistics

from PIL import Image

from creative.scoring.heuristic import working_copy

HASH_BITS = 64
# Two images this many bits apart or fewer are the same picture: a resize or recompression moves
# a few bits, a different composition about half of them (32).
DUPLICATE_THRESHOLD = 10

# The image is hashed at 32x32, and its 8x8 lowest frequencies are kept.
_SIDE = 32
_KEPT = 8
# The working copy is 8x the hash side: small enough that Pillow shrinks it with a fast integer
# reduce(), large enough that the last shrink averages many pixels (stable under resizing).
_WORKING_SIDE = 8 * _SIDE
# DCT-II basis, frequencies 1 to 8 only: the DC row and column (frequency 0) carry the mean
# brightness, which every coefficient would otherwise be compared against.
_COSINES: tuple[tuple[float, ...], ...] = tuple(
    tuple(math.cos(math.pi * frequency * (2 * x + 1) / (2 * _SIDE)) for x in range(_SIDE))
    for frequency in range(1, _KEPT + 1)
)


def phash(image: Image.Image) -> int:
    """A 64-bit perceptual hash; the first low-frequency coefficient is the most significant bit."""
    gray = working_copy(image, _WORKING_SIDE).convert("L")
    gray = gray.resize((_SIDE, _SIDE), Image.Resampling.BOX)
    pixels = gray.tobytes()
    rows = [pixels[y * _SIDE : (y + 1) * _SIDE] for y in range(_SIDE)]
    # Separable 2-D DCT: each row against the horizontal basis, then those columns against the vertical.
    horizontal = [[sum(map(operator.mul, row, basis)) for basis in _COSINES] for row in rows]
    columns = list(zip(*horizontal))  # columns[u][y]: frequency u of row y
    coefficients = [
        sum(map(operator.mul, vertical_basis, columns[u]))
        for vertical_basis in _COSINES
        for u in range(_KEPT)
    ]
    median = statistics.median(coefficients)
    value = 0
    for coefficient in coefficients:
        value = (value << 1) | (coefficient > median)
    return value


def phash_hex(image: Image.Image) -> str:
    """The perceptual hash as 16 lowercase hex digits, for storing beside the image."""
    return f"{phash(image):016x}"


def hamming(a: int, b: int) -> int:
    """The number of bits in which two hashes differ."""
    return (a ^ b).bit_count()


def group_duplicates(
    hashes: dict[int, int], *, scores: dict[int, float], threshold: int = DUPLICATE_THRESHOLD
) -> dict[int, int]:
    """Map every id to its group's representative: the best-scoring member, the lowest id on ties.

    Groups are single-link: A and C share a group when A is near B and B near C, even if A and C
    are further apart. Ids missing from `scores` rank below every scored id.
    """
    ids = sorted(hashes)
    parent = {item_id: item_id for item_id in ids}

    def root(item_id: int) -> int:
        while parent[item_id] != item_id:
            parent[item_id] = parent[parent[item_id]]  # path halving keeps the trees flat
            item_id = parent[item_id]
        return item_id

    # Every pair: a brief yields hundreds of images, so 10^4-10^5 XORs, well under a second.
    for index, first in enumerate(ids):
        for second in ids[index + 1 :]:
            if hamming(hashes[first], hashes[second]) <= threshold:
                first_root, second_root = root(first), root(second)
                if first_root != second_root:
                    parent[max(first_root, second_root)] = min(first_root, second_root)

    members: dict[int, list[int]] = {}
    for item_id in ids:
        members.setdefault(root(item_id), []).append(item_id)
    representative: dict[int, int] = {}
    for group in members.values():
        best = min(group, key=lambda item_id: (-scores.get(item_id, -math.inf), item_id))
        for item_id in group:
            representative[item_id] = best
    return representative
