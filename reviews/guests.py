"""Guest reviewers: an expiring, revocable link to one brief, and who a guest is.

A guest gives a name once per invite per browser; the session (a signed, server-side record bound to the
browser's cookie) then holds that guest's id, and decisions are keyed by it, never by the typed name: one
browser cannot become a second reviewer, and typing someone else's name does not speak for them.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from reviews.decisions import Actor
from reviews.models import ApprovalStage, Guest, GuestInvite

logger = logging.getLogger(__name__)

SESSION_KEY = "guest_invites"  # invite token -> the id of the Guest this browser is
DEFAULT_DAYS = 7


class GuestAlreadyNamed(ValueError):
    """This browser already reviews through this invite under a name; a second one would count twice."""


def invite_group(invite_id: int) -> str:
    """The channel group of every open websocket holding this invite, so revoking can close them."""
    return f"guest-invite-{invite_id}"


def invite_create(*, brief, created_by, days: int = DEFAULT_DAYS, stage: ApprovalStage | None = None) -> GuestInvite:
    """A new link for one brief; the last approval stage by default, as clients usually sign off last."""
    if stage is None:
        stage = ApprovalStage.objects.filter(workspace_id=brief.workspace_id).order_by("-position", "-id").first()
    return GuestInvite.objects.create(brief=brief, created_by=created_by, stage=stage, token=secrets.token_urlsafe(24),
                                      expires_at=timezone.now() + timedelta(days=days))


def invite_revoke(*, invite: GuestInvite) -> None:
    """Close the link: its pages answer 404 and its open galleries are disconnected at once."""
    GuestInvite.objects.filter(id=invite.id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    transaction.on_commit(lambda: _disconnect(invite.id))


def _disconnect(invite_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(invite_group(invite_id), {"type": "guest.revoked", "invite_id": invite_id})
    except Exception:  # Best effort: every pushed event re-checks the invite before it is shown.
        logger.warning("could not disconnect the guests of invite %s", invite_id, exc_info=True)


def usable_invite(token: str) -> GuestInvite:
    """The invite for this token, or 404: expired and revoked links show nothing of the brief."""
    invite = GuestInvite.objects.select_related("brief__workspace", "stage").filter(token=token).first()
    if invite is None or not invite.is_usable:
        raise Http404("This review link has expired or was revoked")
    return invite


def guest_for(session, invite: GuestInvite) -> Guest | None:
    """The guest this browser is for this invite, or None if it has not given a name yet."""
    guest_id = (session.get(SESSION_KEY) or {}).get(invite.token)
    if not isinstance(guest_id, int):  # sessions from before guests had ids held the typed name
        return None
    return Guest.objects.select_related("invite").filter(id=guest_id, invite=invite).first()


def guest_join(*, session, invite: GuestInvite, name: str) -> Guest:
    """Record who this browser is for this invite; refused if it already gave a name."""
    name = name.strip()[:100]
    if not name:
        raise ValueError("Please give your name.")
    current = guest_for(session, invite)
    if current is not None:
        raise GuestAlreadyNamed(f"This browser already reviews as {current.name}; one person, one name.")
    guest = Guest.objects.create(invite=invite, name=name)
    guests = dict(session.get(SESSION_KEY) or {})
    guests[invite.token] = guest.id
    session[SESSION_KEY] = guests
    return guest


def guest_actor(guest: Guest, invite: GuestInvite) -> Actor:
    return Actor(guest_name=guest.name, guest_id=guest.id, guest_stage=invite.stage.name if invite.stage else "")
