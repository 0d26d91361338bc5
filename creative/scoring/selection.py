"""Which scored images become candidates for review."""

from __future__ import annotations

import math

# Reviewers see the top fifth of what was generated; DESIGN.md section 1.
CANDIDATE_SHARE = 0.2


def select_top(scores: dict[int, float], *, share: float = CANDIDATE_SHARE) -> list[int]:
    """Ids of the best ceil(share * n) scored items, best first; equal scores go to the lower id."""
    if not scores:
        return []
    count = math.ceil(share * len(scores))
    ranked = sorted(scores, key=lambda item_id: (-scores[item_id], item_id))
    return ranked[:count]
