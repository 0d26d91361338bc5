"""A brief's activity log, and what a workspace has learnt: approval rate and cost per approved image."""

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from creative import access
from creative.models import Brief, Generation, GenerationStatus
from reviews.decisions import approval_of, rules_for
from reviews.models import Activity, Review


@login_required
def activity_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.get_brief_for_user(request.user, brief_id)
    entries = Activity.objects.filter(brief=brief).select_related("actor", "generation__image_model")[:500]
    return render(request, "reviews/activity.html", {"brief": brief, "entries": entries})


def _rate_rows(stats: dict) -> list[dict]:
    rows = []
    for key, s in sorted(stats.items()):
        reviewed = s["approved"] + s["rejected"]
        rows.append({
            "key": key, "images": s["images"], "approved": s["approved"], "rejected": s["rejected"],
            "approval_rate": round(100 * s["approved"] / reviewed) if reviewed else None,
            "cost": s["cost"], "cost_per_approved": (s["cost"] / s["approved"]) if s["approved"] else None,
        })
    return rows


def workspace_stats(workspace) -> dict:
    """Approval rate and cost per approved image, by model and by style, over the workspace's briefs."""
    from django.db.models import Prefetch

    rules = rules_for(workspace)
    by_model: dict = defaultdict(lambda: {"images": 0, "approved": 0, "rejected": 0, "cost": Decimal(0)})
    by_style: dict = defaultdict(lambda: {"images": 0, "approved": 0, "rejected": 0, "cost": Decimal(0)})
    generations = (
        Generation.objects.filter(prompt__brief__workspace=workspace, status=GenerationStatus.SCORED)
        .select_related("prompt", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.only(
            "id", "generation_id", "reviewer_id", "guest_name", "stage", "decision", "created")))
    )
    for generation in generations:
        state = approval_of(generation, rules).state
        for bucket in (by_model[generation.image_model.name], by_style[generation.prompt.style]):
            bucket["images"] += 1
            bucket["cost"] += generation.cost or 0
            if state in ("approved", "rejected"):
                bucket[state] += 1
    return {"by_model": _rate_rows(by_model), "by_style": _rate_rows(by_style)}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    panels = []
    for workspace in access.workspaces_for(request.user).order_by("name"):
        panels.append({"workspace": workspace, "briefs": Brief.objects.filter(workspace=workspace).count(),
                       **workspace_stats(workspace)})
    return render(request, "reviews/dashboard.html", {"panels": panels})
