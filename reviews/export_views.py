"""The gallery's export panel: export what reviewers approved, with the options the panel offers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from creative import access
from creative.access import member_login_required
from creative.forms import watermark_posted
from reviews.exports import approved_export_create


def _export_options(post) -> dict:
    """export_create's keyword arguments from the panel's form; a bare POST (API, tests) gets the defaults."""
    if "options" not in post:
        return {}
    channels, presets, formats = post.getlist("channels"), post.getlist("presets"), post.getlist("formats")
    if not channels and not presets:
        raise ValueError("Pick at least one channel or size.")
    if not formats:
        raise ValueError("Pick at least one format.")
    try:
        quality = int(post.get("quality") or 85)
    except ValueError:
        raise ValueError("Quality must be a number.") from None
    overlay = post.get("overlay") == "1"
    return {
        "channels": channels,
        "presets": presets,
        "formats": formats,
        "quality": quality,
        "overlay": overlay,
        "headline": post.get("headline", "") if overlay else None,
        "call_to_action": post.get("call_to_action", "") if overlay else None,
        "watermark": watermark_posted(post),
    }


def _list(request: HttpRequest, brief, *, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "brief": brief,
        "exports": brief.exports.order_by("-created")[:10],
        "list_only": True,
        "can_review": True,  # only reviewers reach this view
        "export_error": error,
    }
    return render(request, "reviews/_exports.html", context, status=status)


@require_POST
@member_login_required
def export(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.brief_for_reviewer(request, brief_id)
    try:
        approved_export_create(brief=brief, requested_by=request.user, **_export_options(request.POST))
    except ValueError as exc:
        return _list(request, brief, error=str(exc), status=422)
    return _list(request, brief)
