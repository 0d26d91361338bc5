"""What a person may ask of one generation after the fact: a retry, more like it, or a place among the candidates."""

from __future__ import annotations

import random

from django.db import transaction

from creative import events, pricing
from creative.models import BriefStatus, Generation, RequestKind
from creative.pipeline import queue, transitions
from creative.pipeline.allowances import allowance_take


def generation_retry(*, generation: Generation, member=None) -> bool:
    """A person's explicit retry of a failed generation (including `unknown_outcome`): back to pending.
    It counts as an image against the member's allowance (AllowanceError, and nothing changes, when over)."""
    with transaction.atomic():
        if not transitions.generation_reset(generation_id=generation.id):
            return False
        allowance_take(workspace=generation.prompt.brief.workspace, user=member, images=1, kind=RequestKind.RETRY,
                       brief=generation.prompt.brief)  # over the allowance: raises, and the reset rolls back
    # Selection runs again when the brief next finishes, and it would redraw the shortlist reviewers are
    # working through (promoted and approved candidates included). With a shortlist, the brief stays in
    # review and the new image arrives as a card a reviewer can promote; without one (every image
    # failed), the retries finish the brief and select as the first run would have.
    brief_id = generation.prompt.brief_id
    if not Generation.objects.filter(prompt__brief_id=brief_id, candidate=True).exists():
        transitions.brief_generating(brief_id=brief_id, left=BriefStatus.REVIEWING)
    queue.generation_run(generation.id)
    return True


def generation_more_like_this(*, generation: Generation, member=None) -> Generation:
    """A new generation with the same prompt and model and a new seed, queued at once; it counts against
    the member's allowance (AllowanceError, and nothing is created, when over)."""
    with transaction.atomic():
        allowance_take(workspace=generation.prompt.brief.workspace, user=member, images=1,
                       kind=RequestKind.MORE_LIKE_THIS, brief=generation.prompt.brief)
        twin = Generation.objects.create(
            prompt=generation.prompt, image_model=generation.image_model, shape=generation.shape,
            seed=random.SystemRandom().randrange(1, 2**31),
            estimated_cost_cents=pricing.image_estimate_cents(model=generation.image_model),
        )
        # The brief stays in review: selection is not rerun, so no reviewer's candidate disappears; the
        # new image arrives as a card a reviewer can promote.
        events.publish_on_commit(generation.prompt.brief_id, "brief_changed")
        queue.generation_run_on_commit(twin.id)
    return twin


def generation_promote(*, generation: Generation) -> bool:
    """Make a scored image a candidate for review although selection left it out."""
    promoted = transitions.generation_promote(generation_id=generation.id)
    if promoted:
        events.publish_on_commit(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)
    return promoted
