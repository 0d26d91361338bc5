"""A brief's activity log, and what a workspace has learnt: approval rate and cost per approved image."""

from collections import defaultdict
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from creative import access, pipeline
from creative.access import member_login_required
from creative.models import Brief, Generation, GenerationStatus
from creative.pipeline import learning
from creative.scoring.learned import Model, weighed_most
from reviews.decisions import approval_of, rules_for
from reviews.models import Activity, Review


@require_GET
@member_login_required
def activity_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.brief_for_member(request, brief_id)
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
            bucket["cost"] += generation.cost_cents or 0  # what was billed, as the gallery counts it
            if state in ("approved", "rejected"):
                bucket[state] += 1
    return {"by_model": _rate_rows(by_model), "by_style": _rate_rows(by_style)}


@require_GET
@member_login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    panels = []
    for workspace in access.workspaces_for(request.user).order_by("name"):
        panels.append({"workspace": workspace, "briefs": Brief.objects.filter(workspace=workspace).count(),
                       **workspace_stats(workspace), "costs": pipeline.costs_report(workspaces=[workspace], brief_rows=10),
                       "limits": pipeline.workspace_limits(workspace=workspace),
                       "learning": learning_panel(workspace=workspace, user=request.user)})
    return render(request, "reviews/dashboard.html", {"panels": panels})


def learning_panel(*, workspace, user) -> dict:
    """What the ranking learnt in a workspace: plain against learned AUC on later decisions, the criteria
    the team weighs most, approval by model and style with a 90% interval, and the switch."""
    judgment = learning.judgment_for(workspace_id=workspace.id)
    model = Model.from_json(judgment.model)
    return {"judgment": judgment, "weighed": weighed_most(model) if model else [],
            "rates": learning.approval_rates(workspace_id=workspace.id),
            "can_switch": access.role_in(user, workspace.id) in access.CAN_REVIEW}


@require_POST
@member_login_required
def learning_switch(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """A reviewer (or admin) turns the learned ranking on or off for the workspace's next shortlists."""
    workspace = access.workspace_for_reviewer(request, workspace_id)
    enabled = request.POST.get("enabled")
    if enabled not in ("on", "off"):
        return HttpResponseBadRequest("Say enabled=on or enabled=off.")
    learning.learning_switch(workspace_id=workspace.id, enabled=enabled == "on")
    return redirect("reviews:dashboard")
