"""What the workspace has spent: per brief (images and chat calls) and per month, model and brief."""

import re
from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.errors import HttpError

from creative import pipeline
from creative.api.auth import brief_for, token_of
from creative.api.responses import ERRORS, MAX_ID
from creative.api.schemas import BriefCostsOut, CostRow, CostsOut
from creative.models import Workspace

router = Router(tags=["costs"])
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _rows(rows: list[dict]) -> list[CostRow]:
    return [CostRow(key=str(r["key"]), calls=r["calls"], estimated_cents=float(r["estimated_cents"]),
                    cost_cents=float(r["cost_cents"]), chat_cents=float(r.get("chat_cents") or 0)) for r in rows]


@router.get("/briefs/{brief_id}/costs", response={200: BriefCostsOut, **ERRORS}, url_name="brief_costs")
def brief_costs(request: HttpRequest, brief_id: int = Path(ge=1, le=MAX_ID)):
    """What the brief was estimated at and has cost so far, images and chat calls apart."""
    brief = brief_for(request, brief_id)
    progress = pipeline.brief_progress(brief=brief)
    return BriefCostsOut(brief_id=brief.id, estimate_cents=float(progress["estimate"]),
                         image_cents=float(progress["image_cost"]), chat_cents=float(progress["llm_cost"]),
                         total_cents=float(progress["cost"]))


@router.get("/costs", response={200: CostsOut, **ERRORS}, url_name="costs")
def costs(request: HttpRequest, month: str | None = Query(None, pattern=r"^\d{4}-\d{2}$",
                                                           description="YYYY-MM; all months when absent.")):
    """Estimate against actual per month, model and brief (the admin costs report, for this workspace)."""
    start = None
    if month and (found := MONTH.match(month)):  # the Query pattern has checked the form already
        year, number = (int(part) for part in found.groups())
        if not (1 <= number <= 12 and 2000 <= year <= 9999):
            raise HttpError(422, "month must be YYYY-MM.")
        start = datetime(year, number, 1, tzinfo=timezone.get_current_timezone())
    report = pipeline.costs_report(workspaces=Workspace.objects.filter(id=token_of(request).workspace_id),
                                   month=start)
    return CostsOut(month=month, by_month=_rows(report["by_month"]), by_model=_rows(report["by_model"]),
                    by_brief=_rows(report["by_brief"]))
