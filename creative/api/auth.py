"""Who is calling: a bearer token, and the role its scope acts with (401 without a valid one).

Object access follows creative.access: another workspace's object is 404, a scope whose role is not in the
permission's role set is 403.
"""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from creative.access import CAN_REVIEW, CAN_WRITE_BRIEFS, MEMBERS
from creative.api import throttle
from creative.api.tokens import api_token_find
from creative.models import ApiToken, Brief, Export, Generation, Prompt

__all__ = ["CAN_REVIEW", "CAN_WRITE_BRIEFS", "MEMBERS", "TokenAuth", "brief_for", "export_for", "generation_for",
           "prompt_for", "require", "token_of"]

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
    token = token_of(request)
    brief = Brief.objects.filter(id=brief_id, workspace_id=token.workspace_id).select_related("workspace").first()
    if brief is None:
        raise Http404("No such brief")
    require(request, roles)
    return brief


def prompt_for(request: HttpRequest, prompt_id: int, roles: frozenset[str] = MEMBERS) -> Prompt:
    token = token_of(request)
    prompt = Prompt.objects.filter(id=prompt_id, brief__workspace_id=token.workspace_id).select_related(
        "brief").first()
    if prompt is None:
        raise Http404("No such prompt")
    require(request, roles)
    return prompt


def generation_for(request: HttpRequest, generation_id: int, roles: frozenset[str] = MEMBERS) -> Generation:
    token = token_of(request)
    generation = (
        Generation.objects.filter(id=generation_id, prompt__brief__workspace_id=token.workspace_id)
        .select_related("prompt__brief__workspace", "image_model")
        .first()
    )
    if generation is None:
        raise Http404("No such image")
    require(request, roles)
    return generation


def export_for(request: HttpRequest, export_id: int, roles: frozenset[str] = MEMBERS) -> Export:
    token = token_of(request)
    export = Export.objects.filter(id=export_id, brief__workspace_id=token.workspace_id).select_related(
        "brief__workspace").first()
    if export is None:
        raise Http404("No such export")
    require(request, roles)
    return export
