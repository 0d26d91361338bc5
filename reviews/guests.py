"""Guest reviewers: an expiring, revocable link to one brief, and the name a guest gives once."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from reviews.decisions import Actor
from reviews.models import ApprovalStage, GuestInvite

SESSION_KEY = "guest_invites"  # token -> the name the guest gave
DEFAULT_DAYS = 7


def invite_create(*, brief, created_by, days: int = DEFAULT_DAYS, stage: ApprovalStage | None = None) -> GuestInvite:
    """A new link for one brief; the last approval stage by default, as clients usually sign off last."""
    if stage is None:
        stage = ApprovalStage.objects.filter(workspace_id=brief.workspace_id).order_by("-position", "-id").first()
    return GuestInvite.objects.create(brief=brief, created_by=created_by, stage=stage, token=secrets.token_urlsafe(24),
                                      expires_at=timezone.now() + timedelta(days=days))


def invite_revoke(*, invite: GuestInvite) -> None:
    GuestInvite.objects.filter(id=invite.id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def usable_invite(token: str) -> GuestInvite:
    """The invite for this token, or 404: expired and revoked links show nothing of the brief."""
    invite = GuestInvite.objects.select_related("brief__workspace", "stage").filter(token=token).first()
    if invite is None or not invite.is_usable:
        raise Http404("This review link has expired or was revoked")
    return invite


def guest_name(session, token: str) -> str:
    return (session.get(SESSION_KEY) or {}).get(token, "")


def guest_name_remember(session, token: str, name: str) -> None:
    names = dict(session.get(SESSION_KEY) or {})
    names[token] = name
    session[SESSION_KEY] = names


def guest_actor(invite: GuestInvite, name: str) -> Actor:
    return Actor(guest_name=name, guest_stage=invite.stage.name if invite.stage else "")
