"""A finished brief moved on to review: near-duplicates grouped, a good and varied shortlist chosen (DESIGN §1)."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

from django.conf import settings
from django.db import transaction

from creative import events
from creative.models import FINAL_STATUSES, Brief, BriefStatus, Generation, GenerationStatus
from creative.pipeline import transitions
from creative.pipeline.transitions import IN_FLIGHT
from creative.scoring.diversity import Item, shortlist
from creative.scoring.similarity import group_duplicates


def brief_advance(*, brief_id: int) -> bool:
    """Once every generation is final, select the candidates and open review; True if this call did it."""
    brief = Brief.objects.get(id=brief_id)
    if brief.status not in (BriefStatus.GENERATING, BriefStatus.SCORING):
        return False
    statuses = set(Generation.objects.filter(prompt__brief_id=brief_id).values_list("status", flat=True))
    if not statuses <= set(FINAL_STATUSES):
        waiting_on_scores = not (statuses & set(IN_FLIGHT) | {GenerationStatus.PENDING} & statuses)
        if waiting_on_scores and brief.status == BriefStatus.GENERATING:
            transitions.brief_scoring(brief_id=brief_id)
            events.publish(brief_id, "brief_changed")
        return False
    with transaction.atomic():
        # The conditional update decides which of several finishing workers selects, exactly once.
        if not transitions.brief_reviewing(brief_id=brief_id):
            return False
        candidates_select(brief_id=brief_id)
        events.publish_on_commit(brief_id, "brief_changed")
    return True


def candidates_select(*, brief_id: int) -> list[int]:
    """Group near-duplicates, then shortlist the top share (ceil) of scored images for quality and variety.

    Every near-duplicate but the best of its group points at that one (`duplicate_of`) and is never a
    candidate, so reviewers see each picture once; the shortlist is maximal marginal relevance over
    score, style, model and looks (scoring/diversity.py).
    """
    generations = list(
        Generation.objects.filter(prompt__brief_id=brief_id, status=GenerationStatus.SCORED)
        .select_related("prompt", "image_model").only("id", "score", "phash", "checks", "duplicate_of_id",
                                                       "prompt__style", "image_model__name")
    )
    hashes = {g.id: _hash_of(g) for g in generations}
    scores = {g.id: g.score or 0.0 for g in generations}
    representative = group_duplicates(hashes, scores=scores)
    group_sizes = Counter(representative.values())
    changed = []
    for generation in generations:
        best = representative[generation.id]
        duplicate_of = best if best != generation.id else None
        duplicates = group_sizes[generation.id] - 1 if duplicate_of is None else 0
        checks = generation.checks or {}
        if generation.duplicate_of_id != duplicate_of or checks.get("duplicates", 0) != duplicates:
            generation.duplicate_of_id = duplicate_of
            generation.checks = {**checks, "duplicates": duplicates}
            changed.append(generation)
    Generation.objects.bulk_update(changed, ["duplicate_of", "checks"])

    items = [Item(id=g.id, score=scores[g.id], style=g.prompt.style, model=g.image_model.name, phash=hashes[g.id])
             for g in generations if representative[g.id] == g.id]
    # The share is of every scored image (DESIGN §1); duplicates only cannot fill places.
    count = min(len(items), math.ceil(settings.CREATIVE_CANDIDATE_SHARE * len(generations)))
    chosen = shortlist(items, share=count / len(items))[:count] if count else []
    transitions.generations_shortlist(brief_id=brief_id, chosen=chosen)
    for gid in sorted(set(chosen) | {g.id for g in changed}):  # duplicate notes change cards too
        events.publish_on_commit(brief_id, "generation_changed", generation_id=gid)
    return chosen


def _hash_of(generation: Generation) -> int:
    """The stored perceptual hash; an image scored before hashes were kept gets a stand-in that is far
    from every other (a hash of its id), so it is never taken for anyone's duplicate."""
    if generation.phash:
        return int(generation.phash, 16)
    return int.from_bytes(hashlib.blake2b(str(generation.id).encode(), digest_size=8).digest(), "big")
