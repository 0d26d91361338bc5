"""API tokens: made and revoked by a workspace admin, shown once, kept as a sha256 of the whole token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from creative.models import ApiToken, Role, TokenScope, Workspace

PREFIX = "cpk"  # so a leaked token is recognisable to secret scanners and people


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str  # shown once, never stored


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def api_token_create(*, workspace: Workspace, created_by, name: str, scope: str,
                     expires_at: datetime | None = None) -> IssuedToken:
    """A new token acting as `created_by` with `scope`'s role; its plain text exists only in the answer."""
    if scope not in TokenScope.values:
        raise ValueError(f"Unknown scope {scope!r}.")
    name = name.strip()[:100]
    if not name:
        raise ValueError("Name the token after what uses it.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("The expiry must be in the future.")
    prefix = secrets.token_hex(6)
    plain = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(workspace=workspace, created_by=created_by, name=name, prefix=prefix,
                                    secret_hash=_digest(plain), scope=scope, expires_at=expires_at)
    return IssuedToken(token=token, plain=plain)


def api_token_revoke(*, token_id: int, workspace: Workspace) -> bool:
    """Revoke a token for good; False when it was revoked already or is not this workspace's."""
    return ApiToken.objects.filter(id=token_id, workspace=workspace, revoked_at__isnull=True).update(
        revoked_at=timezone.now()) == 1


def api_token_find(*, plain: str) -> ApiToken | None:
    """The active token `plain` is, whose maker is still an admin of its workspace; None otherwise."""
    parts = plain.split("_", 2)  # the secret itself may hold underscores
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = (
        ApiToken.objects.filter(prefix=parts[1], revoked_at__isnull=True,
                                # An admin who left (or lost the role) takes their tokens' access with them.
                                created_by__memberships__workspace_id=F("workspace_id"),
                                created_by__memberships__role=Role.ADMIN)
        .select_related("workspace", "created_by")
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(plain)):
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token
