"""Perceptual hashes, and grouping of near-duplicate images by them.

Models asked for several images of one prompt often return the same picture twice, or nearly so,
and people hand in mirrored or lightly cropped copies; reviewers should see one of them. The hash is
the DCT pHash (Zauner 2010; pHash.org keeps the same 8x8 coefficients): it survives resizing,
recompression and brightening, which change pixels but not the lowest frequencies of a 32x32
thumbnail. Each bit is the sign of one coefficient, so a mirrored copy's hash is known without its
pixels: mirroring flips the sign of every coefficient of odd horizontal frequency (MIRROR_MASK), and
distances are taken to the hash and to its mirror. A crop moves the picture under the frequencies,
so an image also has the hashes of its own slight crops (phashes): a copy cropped by up to 10% lands
within a few bits of one of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from PIL import Image

from creative.scoring.heuristic import working_copy

HASH_BITS = 64
# Two images this many bits apart or fewer are the same picture: a resize, recompression or crop of
# up to 10% (against the nearest crop hash) moves up to 9 bits, two different photographs are 18 or
# more apart (bench/judgment.py).
DUPLICATE_THRESHOLD = 10

# The image is hashed at 32x32, and its 8x8 lowest frequencies are kept.
_SIDE = 32
_KEPT = 8
# The working copy is 8x the hash side: small enough that Pillow shrinks it with a fast integer
# reduce(), large enough that the last shrink averages many pixels (stable under resizing).
_WORKING_SIDE = 8 * _SIDE
# DCT-II basis, frequencies 1 to 8 only: the DC row and column (frequency 0) carry the mean
# brightness, which brightening changes and which says nothing about the picture.
_BASIS = np.array(
    [[math.cos(math.pi * frequency * (2 * x + 1) / (2 * _SIDE)) for x in range(_SIDE)] for frequency in range(1, _KEPT + 1)]
)
# Bit (v, u), most significant first, is frequency v + 1 down and u + 1 across; mirroring left to right
# negates the coefficients of odd horizontal frequency, so their bits flip.
MIRROR_MASK = sum(1 << (HASH_BITS - 1 - (v * _KEPT + u)) for v in range(_KEPT) for u in range(0, _KEPT, 2))
# The crops whose hashes phashes() adds: every share cut from the width and height, anchored at each
# corner, edge middle and the centre.
CROP_SHARES = (0.05, 0.10)
_ANCHORS = (0.0, 0.5, 1.0)


def phash(image: Image.Image) -> int:
    """A 64-bit perceptual hash; the first low-frequency coefficient is the most significant bit."""
    return _hash_of(working_copy(image, _WORKING_SIDE).convert("L"))


def phashes(image: Image.Image) -> tuple[int, ...]:
    """The image's hash, then the hashes of its slight crops (CROP_SHARES, nine anchors each)."""
    gray = working_copy(image, _WORKING_SIDE).convert("L")
    width, height = gray.size
    hashes = [_hash_of(gray)]
    for share in CROP_SHARES:
        kept_width, kept_height = round(width * (1 - share)), round(height * (1 - share))
        for across in _ANCHORS:
            for down in _ANCHORS:
                left, top = round((width - kept_width) * across), round((height - kept_height) * down)
                hashes.append(_hash_of(gray.crop((left, top, left + kept_width, top + kept_height))))
    return tuple(hashes)


def _hash_of(gray: Image.Image) -> int:
    thumbnail = np.asarray(gray.resize((_SIDE, _SIDE), Image.Resampling.BOX), dtype=np.float64)
    coefficients = _BASIS @ thumbnail @ _BASIS.T  # [vertical frequency, horizontal frequency]
    value = 0
    for positive in (coefficients.ravel() > 0).tolist():
        value = (value << 1) | positive
    return value


def phash_hex(image: Image.Image) -> str:
    """The perceptual hash as 16 lowercase hex digits, for storing beside the image."""
    return f"{phash(image):016x}"


def hamming(a: int, b: int) -> int:
    """The number of bits in which two hashes differ."""
    return (a ^ b).bit_count()


def distance(a: int, b: int) -> int:
    """Bits between two hashes, or between one and the other's mirror image, whichever is fewer."""
    return min(hamming(a, b), hamming(a, b ^ MIRROR_MASK))


def signature_distance(first: int | Sequence[int], second: int | Sequence[int]) -> int:
    """The fewest bits between either image's own hash and any hash of the other (its crops included).

    A signature is a hash, or phashes()'s tuple: the image's own hash first, then its crops' hashes.
    """
    first_hashes, second_hashes = _hashes(first), _hashes(second)
    return min(
        min(distance(first_hashes[0], other) for other in second_hashes),
        min(distance(second_hashes[0], other) for other in first_hashes),
    )


def _hashes(signature: int | Sequence[int]) -> Sequence[int]:
    return (signature,) if isinstance(signature, int) else signature


def group_duplicates(
    hashes: Mapping[int, int | Sequence[int]], *, scores: dict[int, float], threshold: int = DUPLICATE_THRESHOLD
) -> dict[int, int]:
    """Map every id to its group's representative: the best-scoring member, the lowest id on ties.

    `hashes` holds each id's signature (a hash, or phashes()'s tuple). Groups are single-link: A and C
    share a group when A is near B and B near C, even if A and C are further apart. Ids missing from
    `scores` rank below every scored id.
    """
    ids = sorted(hashes)
    parent = {item_id: item_id for item_id in ids}

    def root(item_id: int) -> int:
        while parent[item_id] != item_id:
            parent[item_id] = parent[parent[item_id]]  # path halving keeps the trees flat
            item_id = parent[item_id]
        return item_id

    near = _near_pairs([_hashes(hashes[item_id]) for item_id in ids], threshold=threshold)
    for first_index, second_index in near:
        first_root, second_root = root(ids[first_index]), root(ids[second_index])
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


def _near_pairs(signatures: list[Sequence[int]], *, threshold: int) -> list[tuple[int, int]]:
    """Index pairs (i < j) of signatures within `threshold`, as signature_distance measures it.

    Every pair at once in numpy: a brief yields hundreds of images with 19 hashes each, 10^6-10^7
    comparisons, a few milliseconds.
    """
    if len(signatures) < 2:
        return []
    width = max(len(signature) for signature in signatures)
    # Signatures shorter than the longest are padded with their own hash, which changes no minimum.
    padded = np.array(
        [list(signature) + [signature[0]] * (width - len(signature)) for signature in signatures], dtype=np.uint64
    )
    own = padded[:, :1, None]  # (n, 1, 1)
    others = padded.T[None, :, :]  # (1, width, n)
    # closest[i, j]: the fewest bits from i's own hash to any hash of j, or to its mirror.
    closest = np.minimum(
        np.bitwise_count(own ^ others), np.bitwise_count(own ^ (others ^ np.uint64(MIRROR_MASK)))
    ).min(axis=1)
    within = np.minimum(closest, closest.T) <= threshold
    first, second = np.nonzero(np.triu(within, k=1))
    return list(zip(first.tolist(), second.tolist()))


def near_any(signature: int | Sequence[int], others: Iterable[int | Sequence[int]], *,
             threshold: int = DUPLICATE_THRESHOLD) -> bool:
    """Whether an image is a near-duplicate of any of `others`."""
    return any(signature_distance(signature, other) <= threshold for other in others)
