"""A brief as a person submits it: checked for something to advertise, priced, stored and queued for analysis."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from creative.analysis import rules
from creative.analysis.schema import Requirements
from creative.models import Brief, BriefStatus, ImageModel, Workspace
from creative.pipeline import queue


class BriefError(ValueError):
    """A brief that cannot run, with a message for the person who wrote it."""


def requirements_analyse(*, text: str) -> Requirements:
    """Requirements from brief text; BriefError when nothing usable is in it."""
    if not text.strip():
        raise BriefError("The brief is empty: describe the product, the audience and what the image should show.")
    requirements = rules.analyse(text)
    if not requirements.is_usable():
        raise BriefError(
            "No product found in the brief: say what is advertised, e.g. "
            "\"an ad image for a smartwatch, targeting urban professionals\"."
        )
    return requirements


def brief_estimate_cents(*, models: list[ImageModel], images_per_prompt: int, prompt_count: int = 5) -> Decimal:
    """What a brief will cost at list prices, shown before it runs."""
    return sum((m.price_cents for m in models), Decimal(0)) * images_per_prompt * prompt_count


def brief_submit(
    *,
    workspace: Workspace,
    author,
    text: str,
    models: list[ImageModel],
    images_per_prompt: int,
    budget_cents: int | None = None,
    review_prompts: bool = False,
) -> Brief:
    """Store a brief and queue its analysis; the analysis fans out into generations, or stops in draft
    for the designer to edit the prompts when `review_prompts` is set."""
    requirements_analyse(text=text)  # refuse unusable briefs before anything is stored
    if not models:
        raise BriefError("Pick at least one image model.")
    if not 1 <= images_per_prompt <= 10:
        raise BriefError("Images per prompt must be between 1 and 10.")
    with transaction.atomic():
        brief = Brief.objects.create(
            workspace=workspace, author=author, text=text.strip(), status=BriefStatus.ANALYSING,
            images_per_prompt=images_per_prompt, budget_cents=budget_cents, review_prompts=review_prompts,
        )
        brief.image_models.set(models)
        queue.brief_analyse_on_commit(brief.id)
    return brief
