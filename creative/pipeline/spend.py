"""A workspace's spend: what is committed against its limits, and estimate against actual for the costs report.

Committed money is every image call not proven unbilled, at its actual cost where the provider reported one
and at its estimate otherwise (calls in flight included), plus the workspace's priced chat calls. The claim
(limits.slot_claim) reads it under the workspace's row lock, so the limit holds across every worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from creative.models import CallOutcome, CostSource, LLMCall, ProviderCall, Workspace
from creative.templatetags.creative_tags import dollars

ZERO = Decimal(0)
# A model whose reported costs run more than this share above their estimates is flagged.
OVER_ESTIMATE = Decimal("1.10")
_COST = Coalesce("reported_cents", "estimated_cents")
_MONEY = DecimalField(max_digits=14, decimal_places=4)


def day_start(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def month_start(now: datetime) -> datetime:
    return day_start(now).replace(day=1)


def committed_cents(*, workspace_id: int, since: datetime) -> Decimal:
    """Money the workspace has committed since `since`: image calls (actual, else estimate) and chat calls."""
    images = (ProviderCall.objects.filter(workspace_id=workspace_id, requested_at__gte=since)
              .exclude(outcome=CallOutcome.NOT_BILLED)
              .aggregate(total=Sum(_COST, default=ZERO))["total"])
    chat = (LLMCall.objects.filter(brief__workspace_id=workspace_id, requested_at__gte=since)
            .aggregate(total=Sum("cost_cents", default=ZERO))["total"])
    return Decimal(images) + Decimal(chat)


@dataclass(frozen=True)
class Limit:
    name: str  # "monthly", "daily"
    cents: int
    committed: Decimal

    @property
    def left(self) -> Decimal:
        return max(ZERO, Decimal(self.cents) - self.committed)

    def describe(self) -> str:
        return f"{self.name} spend limit of {dollars(self.cents)} ({dollars(self.committed)} committed)"


def workspace_limits(*, workspace: Workspace, now: datetime | None = None) -> list[Limit]:
    """The workspace's spend limits that are set, each with what is committed in its period."""
    now = now or timezone.now()
    limits = []
    for name, cents, since in (("monthly", workspace.monthly_limit_cents, month_start(now)),
                               ("daily", workspace.daily_limit_cents, day_start(now))):
        if cents is not None:
            limits.append(Limit(name, cents, committed_cents(workspace_id=workspace.id, since=since)))
    return limits


def limit_crossed(*, workspace: Workspace, adding: Decimal, now: datetime | None = None) -> str:
    """Why spending `adding` more would cross one of the workspace's limits, or "" when it would not."""
    for limit in workspace_limits(workspace=workspace, now=now):
        if limit.committed + Decimal(adding) > limit.cents:
            return f"this image would cross {workspace.name}'s {limit.describe()}"
    return ""


# The costs report: estimate against actual.


def _rows(calls, key: str, label) -> list[dict]:
    """Estimate against actual per `key`; the drift compares only calls with an actual cost to their estimates."""
    grouped = (
        calls.values(key)
        .annotate(
            calls=Count("id"),
            estimated=Sum("estimated_cents", default=ZERO),
            cost=Sum(_COST, default=ZERO),
            reported_calls=Count("id", filter=Q(reported_cents__isnull=False)),
            reported_estimated=Sum("estimated_cents", filter=Q(reported_cents__isnull=False), default=ZERO),
            reported=Sum("reported_cents", filter=Q(reported_cents__isnull=False), default=ZERO),
        )
        .order_by(key)
    )
    rows = []
    for row in grouped:
        drift = (Decimal(row["reported"]) / Decimal(row["reported_estimated"])
                 if row["reported_calls"] and row["reported_estimated"] else None)
        rows.append({
            "key": label(row[key]), "id": row[key], "calls": row["calls"], "estimated_cents": Decimal(row["estimated"]),
            "cost_cents": Decimal(row["cost"]), "reported_calls": row["reported_calls"],
            "drift": round(drift, 3) if drift is not None else None,
            "over_estimate": drift is not None and drift > OVER_ESTIMATE,
        })
    return rows


def _chat_by(calls, key: str) -> dict:
    return {row[key]: Decimal(row["total"]) for row in calls.values(key).annotate(
        total=Coalesce(Sum("cost_cents"), Value(ZERO), output_field=_MONEY)).order_by()}


def _add_chat(rows: list[dict], chat: dict) -> None:
    for row in rows:
        row["chat_cents"] = chat.get(row.pop("id"), ZERO)


def costs_report(*, workspaces, month: datetime | None = None, brief_id: int | None = None,
                 brief_rows: int = 50) -> dict:
    """Estimate against actual per workspace, month, model and brief (`month` limits it to that month), with
    chat costs beside the images' and the models whose reported costs run above their estimates flagged."""
    calls = ProviderCall.objects.filter(generation__prompt__brief__workspace__in=workspaces).exclude(
        outcome=CallOutcome.NOT_BILLED)
    chats = LLMCall.objects.filter(brief__workspace__in=workspaces)
    if month is not None:
        start = month_start(month)
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        calls = calls.filter(requested_at__gte=start, requested_at__lt=end)
        chats = chats.filter(requested_at__gte=start, requested_at__lt=end)
    if brief_id is not None:
        calls = calls.filter(generation__prompt__brief_id=brief_id)
        chats = chats.filter(brief_id=brief_id)

    names = {workspace.id: workspace.name for workspace in workspaces}
    by_workspace = _rows(calls, "generation__prompt__brief__workspace_id", lambda wid: names.get(wid, wid))
    _add_chat(by_workspace, _chat_by(chats, "brief__workspace_id"))
    by_month = _rows(calls.annotate(month=TruncMonth("requested_at")), "month", lambda m: f"{m:%Y-%m}")
    _add_chat(by_month, _chat_by(chats.annotate(month=TruncMonth("requested_at")), "month"))
    by_brief = _rows(calls, "generation__prompt__brief_id", lambda bid: bid)[-brief_rows:]
    _add_chat(by_brief, _chat_by(chats, "brief_id"))

    by_model = _rows(calls, "image_model__name", lambda name: name)
    sources = dict(calls.values_list("cost_source").annotate(n=Count("id")).order_by())
    return {
        "by_workspace": by_workspace, "by_month": by_month, "by_model": by_model, "by_brief": by_brief,
        "sources": {source or "in_flight": n for source, n in sources.items()},
        "over_estimate": [row["key"] for row in by_model if row["over_estimate"]],
        "cost_sources": list(CostSource.values),
    }
