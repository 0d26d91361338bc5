"""What a person may ask of one generation after the fact: more like it, or a place among the candidates."""

from __future__ import annotations

import random

from django.db import transaction

from creative import events
from creative.models import Generation, GenerationStatus


def generation_more_like_this(*, generation: Generation) -> Generation:
    """A new generation with the same prompt and model and a new seed, queued at once."""
    from creative import tasks

    with transaction.atomic():
        twin = Generation.objects.create(
            prompt=generation.prompt, image_model=generation.image_model,
            seed=random.SystemRandom().randrange(1, 2**31), estimated_cost_cents=generation.image_model.price_cents,
        )
        # The brief stays in review: selection is not rerun, so no reviewer's candidate disappears; the
        # new image arrives as a card a reviewer can promote.
        events.publish_on_commit(generation.prompt.brief_id, "brief_changed")
        transaction.on_commit(lambda: tasks.generation_run(twin.id))
    return twin


def generation_promote(*, generation: Generation) -> bool:
    """Make a scored image a candidate for review although selection left it out."""
    updated = Generation.objects.filter(id=generation.id, status=GenerationStatus.SCORED, candidate=False).update(
        candidate=True
    )
    if updated:
        events.publish_on_commit(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)
    return bool(updated)
