"""Client review without an account: reviewers send an expiring link; the guest gives a name once."""

from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.access import member_login_required
from creative.htmx import HtmxHttpRequest
from creative.models import Generation
from reviews import gallery
from reviews.decisions import Actor, activity_record, approval_of, rules_for
from reviews.forms import InviteForm
from reviews.guests import (
    GuestAlreadyNamed,
    guest_actor,
    guest_for,
    guest_join,
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
@member_login_required
def invite(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = access.brief_for_reviewer(request, brief_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        raise BadRequest(form.error_text())
    days = form.cleaned_data["days"] or 7
    created = invite_create(brief=brief, created_by=request.user, days=days)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="invited a guest",
                    detail=f"link valid until {created.expires_at:%Y-%m-%d %H:%M} UTC")
    return _invites_panel(request, brief)


@require_POST
@member_login_required
def revoke(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = get_object_or_404(GuestInvite, id=invite_id)
    brief = access.brief_for_reviewer(request, invite.brief_id)
    invite_revoke(invite=invite)
    activity_record(brief_id=brief.id, actor=Actor(user=request.user), verb="revoked a guest link")
    return _invites_panel(request, brief)


@vary_on_headers("HX-Request")
def guest_gallery(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The one brief the link opens; the guest names themselves once, and this browser stays that guest."""
    invite = usable_invite(token)
    guest = guest_for(request.session, invite)
    if request.method == "POST" and "name" in request.POST:
        try:
            guest = guest_join(session=request.session, invite=invite, name=request.POST["name"])
        except GuestAlreadyNamed as exc:
            return render(request, "reviews/guest_name.html", {"invite": invite, "error": str(exc), "guest": guest},
                          status=409)
        except ValueError as exc:
            return render(request, "reviews/guest_name.html", {"invite": invite, "error": str(exc)}, status=422)
        activity_record(brief_id=invite.brief_id, actor=guest_actor(guest, invite), verb="opened the guest link")
        return redirect(reverse("reviews:guest", args=[token]))
    if guest is None:
        return render(request, "reviews/guest_name.html", {"invite": invite})
    view = gallery.GalleryFilter.from_query(request.GET)
    page = page_number(request)
    if request.htmx and page:
        context = gallery.more_cards_context(invite.brief, view=view, can_review=True, page=page, guest=guest)
        return render(request, "reviews/_cards_page.html", context)
    context = gallery.page_context(invite.brief, view=view, can_review=True, page=page or 1, guest=guest)
    return render(request, "reviews/gallery.html", context)


def _visible_generation(invite, generation_id: int) -> Generation:
    """An image of the invited brief that the client may see (guest_sees), or 404."""
    generation = get_object_or_404(
        gallery.generations_for(invite.brief).select_related("prompt__brief__workspace"), id=generation_id
    )
    if not gallery.guest_sees(generation, approval_of(generation, rules_for(invite.brief.workspace))):
        raise Http404("No such image")
    return generation


@require_POST
@vary_on_headers("HX-Request")
def guest_review(request: HtmxHttpRequest, token: str, generation_id: int) -> HttpResponse:
    invite = usable_invite(token)
    guest = guest_for(request.session, invite)
    if guest is None:
        raise Http404("Give your name on the review page first")
    generation = _visible_generation(invite, generation_id)
    return record_and_render(request, generation, guest_actor(guest, invite), can_act=True, guest=guest,
                             back=reverse("reviews:guest", args=[token]))


@require_GET
def guest_image(request: HttpRequest, token: str, generation_id: int, kind: str) -> FileResponse:
    """Thumbnails and originals of the images the client may see, to a browser that has named its guest."""
    invite = usable_invite(token)
    if guest_for(request.session, invite) is None:
        raise Http404("No image")
    generation = _visible_generation(invite, generation_id)
    field = generation.thumbnail if kind == "thumb" else generation.image
    if not field:
        raise Http404("No image")
    return FileResponse(field.open("rb"))
