"""What a person may ask of one generation after the fact: a retry, more like it, or a place among the candidates."""

from __future__ import annotations

import random

from django.db import transaction

from creative import events
from creative.models import BriefStatus, Generation
from creative.pipeline import queue, transitions


def generation_retry(*, generation: Generation) -> bool:
    """A person's explicit retry of a failed generation (including `unknown_outcome`): back to pending."""
    if not transitions.generation_reset(generation_id=generation.id):
        return False
    # Selection runs again when the brief next finishes, and it would redraw the shortlist reviewers are
    # working through (promoted and approved candidates included). With a shortlist, the brief stays in
    # review and the new image arrives as a card a reviewer can promote; without one (every image
    # failed), the retries finish the brief and select as the first run would have.
    brief_id = generation.prompt.brief_id
    if not Generation.objects.filter(prompt__brief_id=brief_id, candidate=True).exists():
        transitions.brief_generating(brief_id=brief_id, left=BriefStatus.REVIEWING)
    queue.generation_run(generation.id)
    return True


def generation_more_like_this(*, generation: Generation) -> Generation:
    """A new generation with the same prompt and model and a new seed, queued at once."""
    with transaction.atomic():
        twin = Generation.objects.create(
            prompt=generation.prompt, image_model=generation.image_model,
            seed=random.SystemRandom().randrange(1, 2**31), estimated_cost_cents=generation.image_model.price_cents,
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
