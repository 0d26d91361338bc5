"""How far a brief has got and what it has cost so far, for the progress bar, lists and the CLI."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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
    counts["undelivered"] = undelivered_reason(brief=brief, total=total, failed=counts["failed"])
    return counts


def undelivered_reason(*, brief: Brief, total: int, failed: int) -> str:
    """Why a brief has nothing to review, when every image it asked for failed ("" otherwise).

    The brief still moves on to review (a person may retry images from there), so the pages say plainly
    that there is nothing to look at, and why, rather than show a finished progress bar.
    """
    if not total or failed < total:
        return ""
    first = (
        Generation.objects.filter(prompt__brief=brief, status=GenerationStatus.FAILED)
        .order_by("id").values("error_kind", "error_detail").first()
    )
    cause = (first["error_detail"] or first["error_kind"] or "unknown error")[:200] if first else "unknown error"
    return f"all {total} image{'s' if total != 1 else ''} failed: {cause}"


def briefs_progress(*, briefs: list[Brief]) -> dict[int, dict[str, Any]]:
    """brief_progress for many briefs in one query, for lists."""
    rows = (
        Generation.objects.filter(prompt__brief__in=briefs).values("prompt__brief_id").annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=FINAL_STATUSES)),
            failed=Count("id", filter=Q(status=GenerationStatus.FAILED)),
            candidates=Count("id", filter=Q(candidate=True)),
            # Not `cost`: that names Generation's property, which django-stubs will not let a row shadow.
            spent=Sum("cost_cents", filter=Q(cost_cents__isnull=False), default=Decimal(0)),
        )
    )
    progress: dict[int, dict[str, Any]] = {
        b.id: {"total": 0, "done": 0, "failed": 0, "candidates": 0, "cost": Decimal(0), "percent": 0}
        for b in briefs
    }
    for row in rows:
        entry = progress[row["prompt__brief_id"]]
        entry.update(total=row["total"], done=row["done"], failed=row["failed"], candidates=row["candidates"],
                     cost=row["spent"])
        entry["percent"] = round(100 * row["done"] / row["total"]) if row["total"] else 0
    llm = LLMCall.objects.filter(brief__in=briefs).values("brief_id").annotate(
        cost=Sum("cost_cents", default=Decimal(0)))
    for spend in llm:  # judgment is part of what a brief costs, as in brief_progress
        progress[spend["brief_id"]]["cost"] += spend["cost"]
    return progress
