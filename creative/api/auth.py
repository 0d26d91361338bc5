"""Who is calling: a bearer token, and the role its scope acts with (401 without a valid one).

Object access follows creative.access: another workspace's object is 404, a scope whose role is not in the
permission's role set is 403.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from creative.access import CAN_REVIEW, CAN_WRITE_BRIEFS, MEMBERS
from creative.api import throttle
from creative.api.tokens import api_token_find
from creative.models import ApiToken, Batch, Brief, Export, Generation, Prompt

__all__ = ["CAN_REVIEW", "CAN_WRITE_BRIEFS", "MEMBERS", "TokenAuth", "batch_for", "brief_for", "export_for", "generation_for",
           "prompt_for", "require", "token_of"]

_Row = TypeVar("_Row", bound=Model)

_REFUSALS: dict[frozenset[str], str] = {
    CAN_WRITE_BRIEFS: "This token's scope cannot write briefs: it needs the designer scope.",
    CAN_REVIEW: "This token's scope cannot review or export: it needs the reviewer scope.",
}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_find(plain=token)
        if found is not None:
            throttle.request_count(token=found)
        return found


def token_of(request: HttpRequest) -> ApiToken:
    return cast(ApiToken, request.auth)  # type: ignore[attr-defined]  # set by TokenAuth before any operation


def require(request: HttpRequest, roles: frozenset[str]) -> ApiToken:
    """The request's token if its scope's role is in `roles` (a creative.access set); 403 otherwise."""
    token = token_of(request)
    if roles is not MEMBERS and token.role not in roles:
        raise HttpError(403, _REFUSALS.get(roles, "This token's scope cannot do this."))
    return token


def brief_for(request: HttpRequest, brief_id: int, roles: frozenset[str] = MEMBERS) -> Brief:
    return _in_workspace(request, Brief.objects.select_related("workspace"), "workspace_id", roles,
                         what="brief", id=brief_id)


def prompt_for(request: HttpRequest, prompt_id: int, roles: frozenset[str] = MEMBERS) -> Prompt:
    return _in_workspace(request, Prompt.objects.select_related("brief"), "brief__workspace_id", roles,
                         what="prompt", id=prompt_id)


def generation_for(request: HttpRequest, generation_id: int, roles: frozenset[str] = MEMBERS) -> Generation:
    generations = Generation.objects.select_related("prompt__brief__workspace", "image_model")
    return _in_workspace(request, generations, "prompt__brief__workspace_id", roles, what="image", id=generation_id)


def batch_for(request: HttpRequest, batch_id: int, roles: frozenset[str] = MEMBERS) -> Batch:
    return _in_workspace(request, Batch.objects.all(), "workspace_id", roles, what="batch", id=batch_id)


def export_for(request: HttpRequest, export_id: int, roles: frozenset[str] = MEMBERS) -> Export:
    return _in_workspace(request, Export.objects.select_related("brief__workspace"), "brief__workspace_id", roles,
                         what="export", id=export_id)


def _in_workspace(request: HttpRequest, queryset: QuerySet[_Row], workspace_path: str, roles: frozenset[str], *,
                  what: str, **lookup: Any) -> _Row:
    """The token's workspace's object, else 404 whatever the scope (another workspace's ids are not
    confirmed), then the scope's role checked (403)."""
    token = token_of(request)
    found = queryset.filter(**lookup, **{workspace_path: token.workspace_id}).first()
    if found is None:
        raise Http404(f"No such {what}")
    require(request, roles)
    return found
