"""A finished brief moved on to review: near-duplicates grouped, a good and varied shortlist chosen (DESIGN §1)."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

from django.conf import settings
from django.db import transaction

from creative import events
from creative.models import FINAL_STATUSES, Brief, BriefStatus, Generation, GenerationStatus, WebhookEvent
from creative.pipeline import learning, transitions
from creative.pipeline.transitions import IN_FLIGHT
from creative.scoring import learned
from creative.scoring.diversity import Item, shortlist
from creative.scoring.similarity import group_duplicates
from creative.webhooks import emit


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
        # Learn from the decisions made so far before ranking this brief (cheap; skipped when none are new).
        learning.judgment_refit(workspace_id=brief.workspace_id)
        chosen = candidates_select(brief_id=brief_id)
        events.publish_on_commit(brief_id, "brief_changed")
        emit.event_emit(event=WebhookEvent.BRIEF_READY_FOR_REVIEW, brief_id=brief_id, candidates=len(chosen))
    return True


def candidates_select(*, brief_id: int) -> list[int]:
    """Group near-duplicates, then shortlist the top share (ceil) of scored images for quality and variety.

    Every near-duplicate but the best of its group points at that one (`duplicate_of`) and is never a
    candidate, so reviewers see each picture once; the shortlist is maximal marginal relevance over
    score, style, model and looks (scoring/diversity.py).
    """
    generations = list(
        Generation.objects.filter(prompt__brief_id=brief_id, status=GenerationStatus.SCORED)
        .select_related("prompt", "image_model")
        .only("id", "score", "score_breakdown", "phash", "phash_crops", "checks", "duplicate_of_id",
              "prompt__style", "prompt__brief_id", "image_model__name")
    )
    hashes = {g.id: _signature(g) for g in generations}
    # The workspace's learned model of approval, blended in as evidence grows (scoring/learned.py).
    model = learning.learned_model(workspace_id=Brief.objects.values_list("workspace_id", flat=True).get(id=brief_id))
    features = {g.id: learning.features_for(g) for g in generations} if model else {}
    scores = {g.id: learned.blended_score(plain=g.score or 0.0, model=model, features=features.get(g.id, {}))
              for g in generations}
    representative = group_duplicates(hashes, scores=scores)
    group_sizes = Counter(representative.values())

    items = [Item(id=g.id, score=scores[g.id], style=g.prompt.style, model=g.image_model.name,
                  phash=hashes[g.id][0], crops=hashes[g.id][1:])
             for g in generations if representative[g.id] == g.id and product_kept(g)]
    # The share is of every scored image (DESIGN §1); duplicates only cannot fill places.
    count = min(len(items), math.ceil(settings.CREATIVE_CANDIDATE_SHARE * len(generations)))
    chosen = shortlist(items, share=count / len(items))[:count] if count else []
    reasons = pick_reasons(items, chosen)
    for item_id, reason in reasons.items():
        taught = learned.learned_reason(model, features.get(item_id, {}))
        # Where the learned taste, not the plain score or variety, put the image on the list.
        if taught and reason in ("highest score", "most different from the others"):
            reasons[item_id] = taught

    changed = []
    for generation in generations:
        best = representative[generation.id]
        duplicate_of = best if best != generation.id else None
        duplicates = group_sizes[generation.id] - 1 if duplicate_of is None else 0
        checks = {k: v for k, v in (generation.checks or {}).items() if k != "pick_reason"}
        checks["duplicates"] = duplicates
        if generation.id in reasons:
            checks["pick_reason"] = reasons[generation.id]
        if generation.duplicate_of_id != duplicate_of or checks != (generation.checks or {}):
            generation.duplicate_of_id = duplicate_of
            generation.checks = checks
            changed.append(generation)
    Generation.objects.bulk_update(changed, ["duplicate_of", "checks"])
    transitions.generations_shortlist(brief_id=brief_id, chosen=chosen)
    for gid in sorted(set(chosen) | {g.id for g in changed}):  # duplicate notes change cards too
        events.publish_on_commit(brief_id, "generation_changed", generation_id=gid)
    return chosen


def product_kept(generation: Generation) -> bool:
    """False when the image lost the brief's product (fidelity below the threshold): a reviewer may still
    promote it, but the shortlist never picks it."""
    return (generation.checks or {}).get("product", {}).get("ok", True)


def pick_reasons(items: list[Item], chosen: list[int]) -> dict[int, str]:
    """Why each shortlisted image was picked, in words a reviewer reads on its card.

    The shortlist trades a little score for variety, so an 86 may be picked over an 87: the first pick is the
    best score; a later one is the best of a style or model not yet on the list, or else it was picked for
    looking least like the others.
    """
    by_id = {item.id: item for item in items}
    best_of_style = {item.style: item.id for item in sorted(items, key=lambda i: (i.score, -i.id))}
    best_of_model = {item.model: item.id for item in sorted(items, key=lambda i: (i.score, -i.id))}
    reasons, styles, models = {}, set(), set()
    for position, item_id in enumerate(chosen):
        item = by_id[item_id]
        if position == 0:
            reasons[item_id] = "highest score"
        elif item.style not in styles and best_of_style[item.style] == item_id:
            reasons[item_id] = f"best {item.style.replace('_', ' ')} image"
        elif item.model not in models and best_of_model[item.model] == item_id:
            reasons[item_id] = f"best image from {item.model}"
        else:
            reasons[item_id] = "most different from the others"
        styles.add(item.style)
        models.add(item.model)
    return reasons


def _signature(generation: Generation) -> tuple[int, ...]:
    """The stored perceptual hash and its crops' hashes (similarity.phashes); an image scored before
    hashes were kept gets a stand-in that is far from every other (a hash of its id), so it is never
    taken for anyone's duplicate."""
    if generation.phash:
        return (int(generation.phash, 16), *(int(value, 16) for value in generation.phash_crops or ()))
    return (int.from_bytes(hashlib.blake2b(str(generation.id).encode(), digest_size=8).digest(), "big"),)
