"""A shortlist that is good and varied: maximal marginal relevance over score, style, model and pHash.

Taking the top fifth by score alone tends to show reviewers one style from one model several
times over. Maximal marginal relevance (Carbonell and Goldstein 1998) trades a little score for
variety: each pick is the item best on score minus its likeness to what is already picked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from creative.scoring.similarity import DUPLICATE_THRESHOLD, distance, signature_distance

# Reviewers see the top fifth of what was generated (DESIGN.md section 1); the pipeline passes
# settings.CREATIVE_CANDIDATE_SHARE.
CANDIDATE_SHARE = 0.2
# Mirror-aware distance (similarity.distance) at which two pictures no longer look alike at all:
# unrelated photographs are 18 to 32 bits apart.
_UNRELATED_BITS = 32

# How alike two items are, from 0 to 1, is the sum of these shares. Style counts most because the
# brief asks for five styles and a reviewer choosing between them needs each one in front of them.
# Looks count as much: two images that look alike waste a place whatever made them. The model
# counts least: the same model in two styles already gives visibly different pictures.
STYLE_SIMILARITY = 0.4
MODEL_SIMILARITY = 0.2
IMAGE_SIMILARITY = 0.4
# Score against variety. At 0.7, ten points of score are worth 0.07 of gain, less than a shared
# style costs (0.3 x 0.4 = 0.12): variety decides between items a few points apart, while twenty
# points (0.14) outweigh a shared style.
QUALITY_WEIGHT = 0.7


@dataclass(frozen=True)
class Item:
    """One scored image as the shortlist sees it; score is 0-100, phash a 64-bit perceptual hash, crops
    the hashes of its slight crops when they are known (similarity.phashes)."""

    id: int
    score: float
    style: str
    model: str
    phash: int
    crops: tuple[int, ...] = ()

    @property
    def signature(self) -> tuple[int, ...]:
        return (self.phash, *self.crops)


def similarity(first: Item, second: Item) -> float:
    """How alike two items are, from 0 (nothing shared) to 1 (same style, model and picture); a mirrored
    copy looks like its source."""
    looks = max(0.0, 1 - distance(first.phash, second.phash) / _UNRELATED_BITS)
    return (
        STYLE_SIMILARITY * (first.style == second.style)
        + MODEL_SIMILARITY * (first.model == second.model)
        + IMAGE_SIMILARITY * looks
    )


def shortlist(
    items: list[Item], *, share: float = CANDIDATE_SHARE, quality_weight: float = QUALITY_WEIGHT
) -> list[int]:
    """Ids of at most ceil(share * n) items (at least one), in pick order; the best-scoring item comes first.

    Near-duplicates of a picked item (mirrored and cropped copies included, see
    similarity.signature_distance) are never picked: one picture never takes two places, even if the
    list comes out shorter. Equal gains go to the lower id, so the same items always give the same list.
    """
    if not items:
        return []
    count = min(len(items), max(1, math.ceil(share * len(items))))
    remaining = sorted(items, key=lambda item: item.id)
    first = min(remaining, key=lambda item: (-item.score, item.id))
    chosen = [first]
    remaining.remove(first)
    # The largest similarity of each remaining item to anything chosen, updated after each pick.
    closest = {item.id: similarity(item, first) for item in remaining}

    while len(chosen) < count:
        pool = [
            item for item in remaining
            if all(signature_distance(item.signature, picked.signature) > DUPLICATE_THRESHOLD for picked in chosen)
        ]
        if not pool:
            break

        def gain(item: Item) -> float:
            return quality_weight * item.score / 100 - (1 - quality_weight) * closest[item.id]

        best = min(pool, key=lambda item: (-gain(item), item.id))
        chosen.append(best)
        remaining.remove(best)
        for item in remaining:
            closest[item.id] = max(closest[item.id], similarity(item, best))
    return [item.id for item in chosen]
