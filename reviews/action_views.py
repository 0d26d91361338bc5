"""A person's explicit actions on one generation: retry, more like this, promote. Each is logged."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.access import member_login_required
from creative.htmx import HtmxHttpRequest, redirect_back
from creative.pipeline import generation_more_like_this, generation_promote, generation_retry
from creative.pipeline.allowances import AllowanceError
from reviews import gallery
from reviews.decisions import Actor, activity_record, rules_for


def _card(request: HtmxHttpRequest, brief, generation_id: int, note: str = "") -> HttpResponse:
    """The updated card for htmx; a plain form goes back to the page it came from."""
    if not request.htmx:
        return redirect_back(request, reverse("reviews:gallery", args=[brief.id]))
    generation = gallery.generations_for(brief).get(id=generation_id)
    context = gallery.card_context(generation, brief=brief, rules=rules_for(brief.workspace),
                                   can_review=access.can_review(request.user, brief))
    return render(request, "reviews/_generation_card.html", {**context, "note": note})


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def retry(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    """Send a failed generation again; for `unknown_outcome` this may pay twice, which is why a reviewer decides."""
    generation = access.generation_for_reviewer(request, generation_id)
    brief = generation.prompt.brief
    error = f"{generation.error_kind}: {generation.error_detail[:150]}"
    try:
        retried = generation_retry(generation=generation, member=request.user)
    except AllowanceError as exc:
        return HttpResponse(f'<p class="error">{escape(exc)}</p>', status=422)
    if not retried:
        return HttpResponse('<p class="error">Only failed images can be retried.</p>', status=422)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="retried", generation=generation,
                    detail=f"after {error}")
    return _card(request, brief, generation.id)


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def more_like_this(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    generation = access.generation_for_reviewer(request, generation_id)
    brief = generation.prompt.brief
    try:
        twin = generation_more_like_this(generation=generation, member=request.user)
    except AllowanceError as exc:
        return HttpResponse(f'<p class="error">{escape(exc)}</p>', status=422)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="asked for more like", generation=generation,
                    detail=f"new image {twin.id}")
    return _card(request, brief, generation.id, note=f"A new image like this one is on its way (#{twin.id}).")


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def promote(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    generation = access.generation_for_reviewer(request, generation_id)
    brief = generation.prompt.brief
    if not generation_promote(generation=generation):
        return HttpResponse('<p class="error">Only scored images that are not candidates can be promoted.</p>',
                            status=422)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="promoted", generation=generation)
    return _card(request, brief, generation.id)
