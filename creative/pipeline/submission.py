"""A brief as a person submits it: checked for something to advertise, priced, stored and queued for analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg

from creative import judgment, pricing, text_limits
from creative.analysis import language, rules
from creative.analysis.schema import FIELDS, Requirements
from creative.models import (
    Brief,
    BriefStatus,
    ImageModel,
    LLMCall,
    LLMOutcome,
    LLMRole,
    RequestKind,
    Workspace,
)
from creative.pipeline import queue
from creative.pipeline.allowances import AllowanceError, allowance_take
from creative.shapes import ShapeError, default_shapes, shapes_clean

PROMPT_COUNT = 5  # one prompt per style
# Tokens (input, output) of one call per role until the ledger has calls of its own to average: the brief and
# its instructions in, requirements out; requirements in, five prompts out; an image with its criteria in,
# scores and a comment out. Rough sizes of our own requests, to be replaced by what the ledger records.
LLM_TOKENS: dict[str, tuple[float, float]] = {LLMRole.ANALYSIS: (1500, 600), LLMRole.PROMPTS: (1500, 1500), LLMRole.SCORING: (1600, 300)}
RECENT_CALLS = 50


EMPTY = "The brief is empty: describe the product, the audience and what the image should show."


class BriefError(ValueError):
    """A brief that cannot run, with a message for the person who wrote it."""


def requirements_analyse(*, text: str) -> Requirements:
    """Requirements from brief text by rules; BriefError when nothing usable is in it. With an analysis model
    configured only an empty brief is refused: the model reads any language and may name what the rules missed."""
    if not text.strip():
        raise BriefError(EMPTY)
    requirements = rules.analyse(text)
    if judgment.model_for(LLMRole.ANALYSIS):
        return requirements
    if requirements.language not in language.SUPPORTED:
        raise BriefError(language.unsupported_message(language=requirements.language))
    if not requirements.is_usable():
        raise BriefError(
            "No product found in the brief: say what is advertised, e.g. "
            "\"an ad image for a smartwatch, targeting urban professionals\"."
        )
    return requirements


@dataclass(frozen=True)
class Estimate:
    """What a brief will cost before it runs: its images at their estimates, and each role a model plays."""

    images: int
    images_cents: Decimal
    roles_cents: dict[str, Decimal] = field(default_factory=dict)  # role -> cents, for priced roles
    unpriced_roles: tuple[str, ...] = ()  # roles played by a model without a price: unknown, not free

    @property
    def total_cents(self) -> Decimal:
        return self.images_cents + sum(self.roles_cents.values(), Decimal(0))


def _tokens_per_call(role: str, spec: str) -> tuple[float, float]:
    """The average tokens of the role's recent calls to this model, else the default size of such a call."""
    provider, _, model = spec.partition(":")
    recent = (LLMCall.objects.filter(role=role, provider=provider, model=model, input_tokens__gt=0)
              .exclude(outcome=LLMOutcome.IN_FLIGHT).order_by("-id").values("id")[:RECENT_CALLS])
    averages = LLMCall.objects.filter(id__in=recent).aggregate(i=Avg("input_tokens"), o=Avg("output_tokens"))
    return (averages["i"], averages["o"]) if averages["i"] is not None else LLM_TOKENS[role]


def brief_estimate(*, models: list[ImageModel], images_per_prompt: int, prompt_count: int = PROMPT_COUNT,
                   shapes: list[str] | None = None) -> Estimate:
    """What a brief will cost at the prices in effect: each image in each shape, and the analysis, prompt writing
    and vision scoring calls (one each per brief, one scoring call per image) of the roles a model plays."""
    per_image = sum((pricing.image_estimate_cents(model=m) for m in models), Decimal(0))
    per_prompt = images_per_prompt * len(shapes or default_shapes())
    images = len(models) * per_prompt * prompt_count
    calls = {LLMRole.ANALYSIS: 1, LLMRole.PROMPTS: 1, LLMRole.SCORING: images}
    roles: dict[str, Decimal] = {}
    unpriced = []
    for role, count in calls.items():
        if not (spec := judgment.model_for(role)) or not count:
            continue
        provider, _, model = spec.partition(":")
        price = judgment.price_for(provider, model)
        if price is None:
            unpriced.append(role)
            continue
        tokens_in, tokens_out = _tokens_per_call(role, spec)
        per_call = (Decimal(str(tokens_in)) * Decimal(str(price[0]))
                    + Decimal(str(tokens_out)) * Decimal(str(price[1]))) / pricing.MILLION
        roles[role] = (per_call * count).quantize(Decimal("0.0001"))
    return Estimate(images=images, images_cents=per_image * per_prompt * prompt_count,
                    roles_cents=roles, unpriced_roles=tuple(unpriced))


def brief_estimate_cents(*, models: list[ImageModel], images_per_prompt: int, prompt_count: int = PROMPT_COUNT,
                         shapes: list[str] | None = None) -> Decimal:
    """What a brief will cost, images and chat calls, shown before it runs."""
    return brief_estimate(models=models, images_per_prompt=images_per_prompt, prompt_count=prompt_count,
                          shapes=shapes).total_cents


def brief_submit(
    *,
    workspace: Workspace,
    author,
    text: str,
    models: list[ImageModel],
    images_per_prompt: int,
    budget_cents: int | None = None,
    review_prompts: bool = False,
    review_requirements: bool = False,
    requirements: Requirements | None = None,
    shapes: list[str] | None = None,
) -> Brief:
    """Store a brief and queue its analysis; the analysis fans out into generations, stops in confirming for
    the designer to check the requirements when `review_requirements` is set (or no product is found), or in
    draft to edit the prompts when `review_prompts` is. Given `requirements` (the CLI's file) replace the
    analysis. `shapes` (creative.shapes keys, default square) each image is made in. Over the author's allowance (briefs per hour, images per day) it raises BriefError and creates
    nothing."""
    if problem := text_limits.text_problem(text, limit=text_limits.BRIEF_TEXT, what="The brief"):
        raise BriefError(problem)
    if requirements is not None:
        if not requirements.is_usable():
            raise BriefError("The requirements name no product: set \"product\" to what is advertised.")
    elif review_requirements:
        if not text.strip():  # anything else is the designer's to fill in on the requirements form
            raise BriefError(EMPTY)
    else:
        requirements_analyse(text=text)  # refuse unusable briefs before anything is stored
    if not models:
        raise BriefError("Pick at least one image model.")
    if not 1 <= images_per_prompt <= 10:
        raise BriefError("Images per prompt must be between 1 and 10.")
    try:
        shapes = shapes_clean(shapes if shapes is not None else default_shapes())
    except ShapeError as exc:
        raise BriefError(str(exc)) from None
    with transaction.atomic():
        try:
            request = allowance_take(workspace=workspace, user=author, images=len(models) * images_per_prompt
                                     * len(shapes) * PROMPT_COUNT, kind=RequestKind.BRIEF, new_brief=True)
        except AllowanceError as exc:
            raise BriefError(str(exc)) from None
        brief = Brief.objects.create(
            workspace=workspace, author=author, text=text.strip(), status=BriefStatus.ANALYSING,
            images_per_prompt=images_per_prompt, budget_cents=budget_cents, review_prompts=review_prompts,
            review_requirements=review_requirements, shapes=shapes,
        )
        if requirements is not None:
            brief.requirements = requirements.to_dict()
            brief.requirements_sources = dict.fromkeys(FIELDS, "file")
            brief.analysis_source = "file"
            brief.save(update_fields=["requirements", "requirements_sources", "analysis_source"])
        brief.image_models.set(models)
        if request is not None:
            request.brief = brief
            request.save(update_fields=["brief"])
        queue.brief_analyse_on_commit(brief.id)
    return brief
