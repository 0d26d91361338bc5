"""The focal point editor's endpoint: a reviewer clicks the image, export crops keep that point in frame."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.access import member_login_required
from creative.forms import FocalPointForm
from creative.htmx import HtmxHttpRequest, redirect_back
from creative.models import Generation
from creative.pipeline import focal_point_set


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def focal_point(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    """Move the point; the editor's script gets the marker back, a plain form the large view."""
    generation = access.generation_for_reviewer(request, generation_id)
    brief_id = generation.prompt.brief_id
    form = FocalPointForm(request.POST)
    if not form.is_valid():
        return render(request, "_error.html", {"message": form.error_text()}, status=422)
    try:
        focal_point_set(generation=generation, x=form.cleaned_data["x"], y=form.cleaned_data["y"])
    except ValueError as exc:
        return render(request, "_error.html", {"message": str(exc)}, status=422)
    if not request.htmx:
        return redirect_back(request, reverse("reviews:image", args=[brief_id, generation.id]))
    generation = Generation.objects.get(id=generation.id)
    return render(request, "creative/_focal_point.html", {"generation": generation, "can_review": True})
