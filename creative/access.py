"""Who may do what, decided at the view edge in one place (DESIGN §8), as healthchecks' `_get_rw_check_for_user`.

Each role set below names a permission; each `<thing>_for_<level>` helper fetches one object for the
request's user at that level. Someone outside the object's workspace gets 404 (its existence is not theirs to
learn); a member whose role lacks the permission gets 403 with the reason, since they can see the brief.
Guests hold an invite token instead of a membership: reviews/guests.py checks them.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from creative.models import Batch, Brief, Export, Generation, Membership, Role, Workspace

MEMBERS = frozenset(Role.values)  # see briefs, galleries, images, activity, brand kits; download exports
CAN_WRITE_BRIEFS = frozenset({Role.DESIGNER, Role.ADMIN})  # write briefs, edit prompts, shape the brand kit
# Decide on images and on what leaves the building: approve, comment, promote, retry (may pay twice),
# more like this (pays), focal point, export, share and revoke links, invite guests.
CAN_REVIEW = frozenset({Role.REVIEWER, Role.ADMIN})

_REFUSALS: dict[frozenset[str], str] = {
    CAN_WRITE_BRIEFS: "Only designers and admins can do this.",
    CAN_REVIEW: "Only reviewers and admins can do this.",
}


def member_login_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Pages send an anonymous visitor to the login form; actions answer 403, so no htmx swap shows a login page."""
    page = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated and request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Log in first.")
        return page(request, *args, **kwargs)

    return wrapper


def role_in(user, workspace_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, workspace_id=workspace_id).values_list("role", flat=True).first()


def workspaces_for(user, roles: frozenset[str] = MEMBERS) -> QuerySet[Workspace]:
    """Workspaces where the user holds one of `roles`.

    Both conditions sit in one filter() so they apply to the same membership row; chaining a second
    filter() would join another row and mean "some member of this workspace has the role".
    """
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user, memberships__role__in=roles)


def _require(user, workspace_id: int, roles: frozenset[str]) -> None:
    if role_in(user, workspace_id) not in roles:
        raise PermissionDenied(_REFUSALS.get(roles, "Your role cannot do this."))


def _workspace(request: HttpRequest, workspace_id: int, roles: frozenset[str]) -> Workspace:
    workspace = workspaces_for(request.user).filter(id=workspace_id).first()
    if workspace is None:
        raise Http404("No such workspace")
    _require(request.user, workspace.id, roles)
    return workspace


def _brief(request: HttpRequest, brief_id: int, roles: frozenset[str]) -> Brief:
    brief = (
        Brief.objects.filter(id=brief_id, workspace__in=workspaces_for(request.user))
        .select_related("workspace")
        .first()
    )
    if brief is None:
        raise Http404("No such brief")
    _require(request.user, brief.workspace_id, roles)
    return brief


def _generation(request: HttpRequest, generation_id: int, roles: frozenset[str]) -> Generation:
    generation = (
        Generation.objects.filter(id=generation_id, prompt__brief__workspace__in=workspaces_for(request.user))
        .select_related("prompt__brief__workspace", "image_model")
        .first()
    )
    if generation is None:
        raise Http404("No such image")
    _require(request.user, generation.prompt.brief.workspace_id, roles)
    return generation


def _export(request: HttpRequest, export_id: int, roles: frozenset[str]) -> Export:
    export = (
        Export.objects.filter(id=export_id, brief__workspace__in=workspaces_for(request.user))
        .select_related("brief__workspace")
        .first()
    )
    if export is None:
        raise Http404("No such export")
    _require(request.user, export.brief.workspace_id, roles)
    return export


def _batch(request: HttpRequest, batch_id: int, roles: frozenset[str]) -> Batch:
    batch = Batch.objects.filter(id=batch_id, workspace__in=workspaces_for(request.user)).first()
    if batch is None:
        raise Http404("No such batch")
    _require(request.user, batch.workspace_id, roles)
    return batch


def workspace_for_member(request: HttpRequest, workspace_id: int) -> Workspace:
    return _workspace(request, workspace_id, MEMBERS)


def workspace_for_designer(request: HttpRequest, workspace_id: int) -> Workspace:
    return _workspace(request, workspace_id, CAN_WRITE_BRIEFS)


def workspace_for_reviewer(request: HttpRequest, workspace_id: int) -> Workspace:
    return _workspace(request, workspace_id, CAN_REVIEW)


def brief_for_member(request: HttpRequest, brief_id: int) -> Brief:
    return _brief(request, brief_id, MEMBERS)


def brief_for_designer(request: HttpRequest, brief_id: int) -> Brief:
    return _brief(request, brief_id, CAN_WRITE_BRIEFS)


def brief_for_reviewer(request: HttpRequest, brief_id: int) -> Brief:
    return _brief(request, brief_id, CAN_REVIEW)


def generation_for_member(request: HttpRequest, generation_id: int) -> Generation:
    return _generation(request, generation_id, MEMBERS)


def generation_for_reviewer(request: HttpRequest, generation_id: int) -> Generation:
    return _generation(request, generation_id, CAN_REVIEW)


def export_for_member(request: HttpRequest, export_id: int) -> Export:
    return _export(request, export_id, MEMBERS)


def export_for_reviewer(request: HttpRequest, export_id: int) -> Export:
    return _export(request, export_id, CAN_REVIEW)


def can_review(user, brief: Brief) -> bool:
    """Whether pages show this member the reviewer's buttons (the views above still check every action)."""
    return role_in(user, brief.workspace_id) in CAN_REVIEW


def can_write_briefs(user, workspace_id: int) -> bool:
    return role_in(user, workspace_id) in CAN_WRITE_BRIEFS


def brief_watch_level(user, brief_id: int) -> bool | None:
    """For the gallery's websocket: None if the user may not watch, else whether they may review."""
    if not user.is_authenticated:
        return None
    role = (
        Membership.objects.filter(user=user, workspace__briefs__id=brief_id).values_list("role", flat=True).first()
    )
    return None if role is None else role in CAN_REVIEW


def batch_for_member(request: HttpRequest, batch_id: int) -> Batch:
    return _batch(request, batch_id, MEMBERS)


def batch_for_reviewer(request: HttpRequest, batch_id: int) -> Batch:
    return _batch(request, batch_id, CAN_REVIEW)
