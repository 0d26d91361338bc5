"""The focal point editor's endpoint: a reviewer clicks the image, export crops keep that point in frame."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.htmx import HtmxHttpRequest, redirect_back
from creative.models import Generation
from creative.pipeline import focal_point_set


@require_POST
@vary_on_headers("HX-Request")
@login_required
def focal_point(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    """Move the point; the editor's script gets the marker back, a plain form the large view."""
    generation = access.get_generation_for_user(request.user, generation_id)
    brief_id = generation.prompt.brief_id
    access.get_brief_for_reviewer(request.user, brief_id)
    try:
        x, y = float(request.POST.get("x", "")), float(request.POST.get("y", ""))
        focal_point_set(generation=generation, x=x, y=y)
    except ValueError as exc:
        return HttpResponse(f'<p class="error">{exc}</p>', status=422)
    if not request.htmx:
        return redirect_back(request, reverse("reviews:image", args=[brief_id, generation.id]))
    generation = Generation.objects.get(id=generation.id)
    return render(request, "creative/_focal_point.html", {"generation": generation, "can_review": True})
