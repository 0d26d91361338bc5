"""Client review without an account: reviewers send an expiring link; the guest gives a name once."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.htmx import HtmxHttpRequest
from creative.models import Generation
from reviews import gallery
from reviews.decisions import Actor, activity_record
from reviews.guests import (
    guest_actor,
    guest_name,
    guest_name_remember,
    invite_create,
    invite_revoke,
    usable_invite,
)
from reviews.models import GuestInvite
from reviews.views import page_number, record_and_render


def _invites_panel(request, brief) -> HttpResponse:
    invites = brief.guest_invites.select_related("stage", "created_by")[:20]
    return render(request, "reviews/_invites.html", {"brief": brief, "invites": invites})


@require_POST
@login_required
def invite(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.get_brief_for_reviewer(request.user, brief_id)
    try:
        days = max(1, min(90, int(request.POST.get("days") or 7)))
    except ValueError:
        days = 7
    created = invite_create(brief=brief, created_by=request.user, days=days)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="invited a guest",
                    detail=f"link valid until {created.expires_at:%Y-%m-%d %H:%M} UTC")
    return _invites_panel(request, brief)


@require_POST
@login_required
def revoke(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = get_object_or_404(GuestInvite, id=invite_id)
    brief = access.get_brief_for_reviewer(request.user, invite.brief_id)
    invite_revoke(invite=invite)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="revoked a guest link")
    return _invites_panel(request, brief)


@vary_on_headers("HX-Request")
def guest_gallery(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The one brief the link opens; the guest's name is asked once and kept in their session."""
    invite = usable_invite(token)
    if request.method == "POST" and "name" in request.POST:
        name = request.POST["name"].strip()[:100]
        if not name:
            return render(request, "reviews/guest_name.html", {"invite": invite, "error": "Please give your name."},
                          status=422)
        guest_name_remember(request.session, token, name)
        activity_record(brief_id=invite.brief_id, actor=guest_actor(invite, name), verb="opened the guest link")
        return redirect(reverse("reviews:guest", args=[token]))
    name = guest_name(request.session, token)
    if not name:
        return render(request, "reviews/guest_name.html", {"invite": invite})
    view = gallery.GalleryFilter.from_query(request.GET)
    page = page_number(request)
    if request.htmx and page:
        context = gallery.more_cards_context(invite.brief, view=view, can_review=True, guest_token=token, page=page)
        return render(request, "reviews/_cards_page.html", context)
    context = gallery.page_context(invite.brief, view=view, can_review=True, guest_token=token,
                                   page=page or 1)
    return render(request, "reviews/gallery.html", {**context, "guest_name": name})


@require_POST
@vary_on_headers("HX-Request")
def guest_review(request: HtmxHttpRequest, token: str, generation_id: int) -> HttpResponse:
    invite = usable_invite(token)
    name = guest_name(request.session, token)
    if not name:
        raise Http404("Give your name on the review page first")
    generation = get_object_or_404(Generation.objects.select_related("prompt__brief__workspace"), id=generation_id,
                                   prompt__brief=invite.brief)
    return record_and_render(request, generation, guest_actor(invite, name), can_act=True, guest_token=token,
                             back=reverse("reviews:guest", args=[token]))


def guest_image(request: HttpRequest, token: str, generation_id: int, kind: str) -> FileResponse:
    """Thumbnails and originals of the invited brief only."""
    invite = usable_invite(token)
    generation = get_object_or_404(Generation, id=generation_id, prompt__brief=invite.brief)
    field = generation.thumbnail if kind == "thumb" else generation.image
    if not field or not guest_name(request.session, token):
        raise Http404("No image")
    return FileResponse(field.open("rb"))
