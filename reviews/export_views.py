from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from creative import access
from creative.pipeline import export_create
from reviews.decisions import Actor, activity_record, approved_generations


@require_POST
@login_required
def export(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.get_brief_for_reviewer(request.user, brief_id)
    approved = approved_generations(brief)
    try:
        export = export_create(brief=brief, generations=[g for g, _ in approved], requested_by=request.user,
                               approvals={g.id: names for g, names in approved})
    except ValueError as exc:
        return HttpResponse(f'<p class="error" id="export-error">{exc}</p>', status=422)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="exported",
                    detail=f"export {export.id}: {len(approved)} image(s)")
    return render(request, "reviews/_exports.html", {"brief": brief, "exports": brief.exports.order_by("-created")[:10]})
