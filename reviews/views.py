from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_POST

from creative import access
from creative.models import Role
from creative.pipeline import export_create
from reviews import gallery
from reviews.decisions import approved_generations, latest_decisions, review_record
from reviews.models import Decision


def _can_review(request: HttpRequest, brief) -> bool:
    return access.role_in(request.user, brief.workspace_id) in (Role.REVIEWER, Role.ADMIN)


@login_required
def gallery_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.get_brief_for_user(request.user, brief_id)
    context = gallery.page_context(brief, user=request.user, can_review=_can_review(request, brief))
    return render(request, "reviews/gallery.html", context)


@require_POST
@login_required
def review(request: HttpRequest, generation_id: int) -> HttpResponse:
    generation = access.get_generation_for_user(request.user, generation_id)
    brief = access.get_brief_for_reviewer(request.user, generation.prompt.brief_id)
    decision = request.POST.get("decision", "")
    if decision not in Decision.values:
        return HttpResponseBadRequest("decision must be approve, reject or comment")
    try:
        review_record(generation=generation, reviewer=request.user, decision=decision,
                      comment=request.POST.get("comment", ""))
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    generation = gallery.generations_for(brief).get(id=generation_id)
    context = gallery.card_context(generation, brief=brief, user=request.user, can_review=True)
    return render(request, "reviews/_generation_card.html", context)


@require_POST
@login_required
def export(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.get_brief_for_reviewer(request.user, brief_id)
    generations = approved_generations(brief)
    approvals = {}
    for generation in generations:
        reviewers = {r.reviewer_id: r.reviewer.get_username() for r in generation.reviews.all() if r.reviewer_id}
        approvals[generation.id] = sorted(reviewers[rid] for rid, d in latest_decisions(generation).items()
                                          if d == Decision.APPROVE)
    try:
        export_create(brief=brief, generations=generations, requested_by=request.user, approvals=approvals)
    except ValueError as exc:
        return HttpResponse(f'<p class="error" id="export-error">{exc}</p>', status=422)
    return render(request, "reviews/_exports.html", {"brief": brief, "exports": brief.exports.order_by("-created")[:10]})
