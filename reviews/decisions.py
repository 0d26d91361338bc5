"""Review operations: what a reviewer's approve, reject or comment does to a generation."""

from django.db import transaction

from creative import events
from creative.models import Generation, GenerationStatus
from reviews.models import Decision, Review


def review_record(*, generation: Generation, reviewer, decision: str, comment: str = "") -> Review:
    """Record a decision (or a comment alone) by a reviewer; others see it live."""
    if decision not in Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    if generation.status != GenerationStatus.SCORED:
        raise ValueError("only finished, scored images can be reviewed")
    comment = comment.strip()
    if decision == Decision.COMMENT and not comment:
        raise ValueError("a comment needs text")
    with transaction.atomic():
        review = Review.objects.create(generation=generation, reviewer=reviewer, decision=decision, comment=comment)
        brief_id = generation.prompt.brief_id
        events.publish_on_commit(brief_id, "generation_changed", generation_id=generation.id)
    return review


def latest_decisions(generation: Generation) -> dict[int, str]:
    """Reviewer id -> their latest approve/reject on this generation (comments alone do not change it)."""
    latest: dict[int, str] = {}
    for review in generation.reviews.all():  # ordered by time, so later rows win
        if review.decision != Decision.COMMENT and review.reviewer_id:
            latest[review.reviewer_id] = review.decision
    return latest


def approval_state(generation: Generation, approvals_needed: int = 1) -> str:
    """'approved', 'rejected' or '' for a generation, by the workspace's approval rule."""
    decisions = latest_decisions(generation).values()
    approvals = sum(1 for d in decisions if d == Decision.APPROVE)
    if approvals >= max(approvals_needed, 1):
        return "approved"
    if any(d == Decision.REJECT for d in decisions):
        return "rejected"
    return ""


def approved_generations(brief) -> list[Generation]:
    needed = brief.workspace.approvals_needed
    generations = (
        Generation.objects.filter(prompt__brief=brief, status=GenerationStatus.SCORED)
        .select_related("prompt", "image_model")
        .prefetch_related("reviews")
    )
    return [g for g in generations if approval_state(g, needed) == "approved"]
