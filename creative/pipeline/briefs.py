"""The state machine: what happens next for a brief and for each of its generations (DESIGN §1, §3, §4).

Views, tasks and the CLI call these functions; each writes its rows before it returns, so the state of
a brief is always in the database and a restarted worker continues where the last one stopped.
"""

from __future__ import annotations

import logging
import zlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from creative import events
from creative.analysis import rules
from creative.analysis.schema import Requirements
from creative.models import (
    FINAL_STATUSES,
    Brief,
    BriefStatus,
    Generation,
    GenerationStatus,
    ImageModel,
    Prompt,
    Workspace,
)
from creative.prompting import prompts_for

logger = logging.getLogger(__name__)

IN_FLIGHT = (GenerationStatus.REQUESTING, GenerationStatus.SUBMITTED, GenerationStatus.POLLING)


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
) -> Brief:
    """Store a brief and queue its analysis; the analysis fans out into generations."""
    requirements_analyse(text=text)  # refuse unusable briefs before anything is stored
    if not models:
        raise BriefError("Pick at least one image model.")
    if not 1 <= images_per_prompt <= 10:
        raise BriefError("Images per prompt must be between 1 and 10.")
    from creative import tasks

    with transaction.atomic():
        brief = Brief.objects.create(
            workspace=workspace, author=author, text=text.strip(), status=BriefStatus.ANALYSING,
            images_per_prompt=images_per_prompt, budget_cents=budget_cents,
        )
        brief.image_models.set(models)
        transaction.on_commit(lambda: tasks.brief_analyse(brief.id))
    return brief


def brief_analyse(*, brief_id: int) -> None:
    """Analyse the brief, write its prompts and pending generations, and fan them out."""
    try:
        _brief_analyse(brief_id)
    except Exception as exc:
        # Whatever broke, the brief must not sit in "analysing" for ever: say so where people look.
        logger.exception("brief %s: analysis failed", brief_id)
        Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(
            status=BriefStatus.FAILED, error=f"Analysis failed: {type(exc).__name__}: {exc}"[:1000]
        )
        events.publish(brief_id, "brief_changed")
        raise


def _brief_analyse(brief_id: int) -> None:
    from creative import tasks

    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.ANALYSING:
            return  # already analysed by an earlier run of this task
        try:
            requirements = requirements_analyse(text=brief.text)
        except BriefError as exc:
            brief.status, brief.error = BriefStatus.FAILED, str(exc)
            brief.save(update_fields=["status", "error"])
            events.publish_on_commit(brief.id, "brief_changed")
            return
        brief.requirements, brief.analysis_source = requirements.to_dict(), "rules"
        generations = _plan_generations(brief, requirements)
        brief.status = BriefStatus.GENERATING
        brief.save(update_fields=["requirements", "analysis_source", "status"])
        ids = [g.id for g in generations]
        transaction.on_commit(lambda: [tasks.generation_run(gid) for gid in ids])
        events.publish_on_commit(brief.id, "brief_changed")


def _plan_generations(brief: Brief, requirements: Requirements) -> list[Generation]:
    models = list(brief.image_models.order_by("provider", "name"))
    generations = []
    for position, draft in enumerate(prompts_for(requirements)):
        prompt = Prompt.objects.create(
            brief=brief, position=position, style=draft.style, text=draft.text, negative_text=draft.negative_text,
        )
        for model in models:
            for n in range(brief.images_per_prompt):
                # Deterministic per brief, and within the signed 32-bit range every provider accepts.
                seed = zlib.crc32(f"{brief.id}:{position}:{model.name}:{n}".encode()) & 0x7FFFFFFF
                generations.append(Generation(prompt=prompt, image_model=model, seed=seed,
                                              estimated_cost_cents=model.price_cents))
    return Generation.objects.bulk_create(generations)


def brief_progress(*, brief: Brief) -> dict:
    """Counts by state and cost so far, for the progress bar and the CLI."""
    counts = Generation.objects.filter(prompt__brief=brief).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status__in=FINAL_STATUSES)),
        succeeded=Count("id", filter=Q(status__in=[GenerationStatus.SUCCEEDED, GenerationStatus.SCORED])),
        scored=Count("id", filter=Q(status=GenerationStatus.SCORED)),
        failed=Count("id", filter=Q(status=GenerationStatus.FAILED)),
        candidates=Count("id", filter=Q(candidate=True)),
        cost=Sum("cost_cents", filter=Q(cost_cents__isnull=False), default=Decimal(0)),
        estimate=Sum("estimated_cost_cents", default=Decimal(0)),
    )
    total = counts["total"] or 0
    counts["percent"] = round(100 * counts["done"] / total) if total else (100 if brief.status == BriefStatus.FAILED else 0)
    return counts


def briefs_progress(*, briefs: list[Brief]) -> dict[int, dict]:
    """brief_progress for many briefs in one query, for lists."""
    rows = (
        Generation.objects.filter(prompt__brief__in=briefs).values("prompt__brief_id").annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=FINAL_STATUSES)),
            failed=Count("id", filter=Q(status=GenerationStatus.FAILED)),
            candidates=Count("id", filter=Q(candidate=True)),
            cost=Sum("cost_cents", filter=Q(cost_cents__isnull=False), default=Decimal(0)),
        )
    )
    progress = {b.id: {"total": 0, "done": 0, "failed": 0, "candidates": 0, "cost": Decimal(0), "percent": 0}
                for b in briefs}
    for row in rows:
        entry = progress[row.pop("prompt__brief_id")]
        entry.update(row)
        entry["percent"] = round(100 * row["done"] / row["total"]) if row["total"] else 0
    return progress


def brief_advance(*, brief_id: int) -> bool:
    """Once every generation is final, select the candidates and open review; True if this call did it."""
    brief = Brief.objects.get(id=brief_id)
    if brief.status not in (BriefStatus.GENERATING, BriefStatus.SCORING):
        return False
    statuses = set(Generation.objects.filter(prompt__brief_id=brief_id).values_list("status", flat=True))
    if not statuses <= set(FINAL_STATUSES):
        waiting_on_scores = not (statuses & set(IN_FLIGHT) | {GenerationStatus.PENDING} & statuses)
        if waiting_on_scores and brief.status == BriefStatus.GENERATING:
            Brief.objects.filter(id=brief_id, status=BriefStatus.GENERATING).update(status=BriefStatus.SCORING)
            events.publish(brief_id, "brief_changed")
        return False
    with transaction.atomic():
        # The conditional update decides which of several finishing workers selects, exactly once.
        won = Brief.objects.filter(
            id=brief_id, status__in=[BriefStatus.GENERATING, BriefStatus.SCORING]
        ).update(status=BriefStatus.REVIEWING)
        if not won:
            return False
        candidates_select(brief_id=brief_id)
        events.publish_on_commit(brief_id, "brief_changed")
    return True


def candidates_select(*, brief_id: int) -> list[int]:
    """Mark the top share (ceil) of scored generations as candidates for review."""
    from creative.scoring.selection import select_top

    scores = dict(
        Generation.objects.filter(prompt__brief_id=brief_id, status=GenerationStatus.SCORED).values_list("id", "score")
    )
    chosen = select_top(scores, share=settings.CREATIVE_CANDIDATE_SHARE)
    Generation.objects.filter(prompt__brief_id=brief_id).exclude(id__in=chosen).update(candidate=False)
    Generation.objects.filter(id__in=chosen).update(candidate=True)
    for gid in chosen:
        events.publish_on_commit(brief_id, "generation_changed", generation_id=gid)
    return chosen
