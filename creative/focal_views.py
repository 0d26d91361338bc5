"""The focal point editor's endpoint: a reviewer clicks the image, export crops keep that point in frame."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from creative import access
from creative.models import Generation
from creative.pipeline.delivery import focal_point_set


@require_POST
@login_required
def focal_point(request: HttpRequest, generation_id: int) -> HttpResponse:
    generation = access.get_generation_for_user(request.user, generation_id)
    access.get_brief_for_reviewer(request.user, generation.prompt.brief_id)
    try:
        x, y = float(request.POST.get("x", "")), float(request.POST.get("y", ""))
        focal_point_set(generation=generation, x=x, y=y)
    except ValueError as exc:
        return HttpResponse(f'<p class="error">{exc}</p>', status=422)
    generation = Generation.objects.get(id=generation.id)
    return render(request, "creative/_focal_point.html", {"generation": generation, "can_review": True})
