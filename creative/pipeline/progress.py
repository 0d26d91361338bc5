"""How far a brief has got and what it has cost so far, for the progress bar, lists and the CLI."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from creative.judgment import llm_cost_cents
from creative.models import FINAL_STATUSES, Brief, BriefStatus, Generation, GenerationStatus, LLMCall


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
    # Judgment is part of what a brief costs: chat calls are added to the images' cost.
    counts["llm_cost"] = llm_cost_cents(brief_id=brief.id)
    counts["image_cost"], counts["cost"] = counts["cost"], counts["cost"] + counts["llm_cost"]
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
    llm = LLMCall.objects.filter(brief__in=briefs).values("brief_id").annotate(
        cost=Sum("cost_cents", default=Decimal(0)))
    for row in llm:  # judgment is part of what a brief costs, as in brief_progress
        progress[row["brief_id"]]["cost"] += row["cost"]
    return progress
