"""Workspace membership gates every view, consumer and download (DESIGN §8); others' things answer 404."""

from django.http import Http404

from creative.models import Brief, Export, Generation, Membership, Role, Workspace


def memberships_for(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).select_related("workspace"))


def workspaces_for(user):
    return Workspace.objects.filter(memberships__user=user) if user.is_authenticated else Workspace.objects.none()


def role_in(user, workspace_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, workspace_id=workspace_id).values_list("role", flat=True).first()


def get_brief_for_user(user, brief_id: int) -> Brief:
    brief = Brief.objects.filter(id=brief_id, workspace__memberships__user=user).select_related("workspace").first()
    if brief is None or not user.is_authenticated:
        raise Http404("No such brief")
    return brief


def get_brief_for_reviewer(user, brief_id: int) -> Brief:
    brief = get_brief_for_user(user, brief_id)
    if role_in(user, brief.workspace_id) not in (Role.REVIEWER, Role.ADMIN):
        raise Http404("Only reviewers can do this")
    return brief


def get_generation_for_user(user, generation_id: int) -> Generation:
    if not user.is_authenticated:
        raise Http404("No such image")
    generation = (
        Generation.objects.filter(id=generation_id, prompt__brief__workspace__memberships__user=user)
        .select_related("prompt__brief__workspace", "image_model")
        .first()
    )
    if generation is None:
        raise Http404("No such image")
    return generation


def get_export_for_user(user, export_id: int) -> Export:
    if not user.is_authenticated:
        raise Http404("No such export")
    export = Export.objects.filter(id=export_id, brief__workspace__memberships__user=user).first()
    if export is None:
        raise Http404("No such export")
    return export


def can_watch(user, brief_id: int) -> bool:
    """Whether the user may watch this brief's gallery (any member of its workspace)."""
    return user.is_authenticated and Brief.objects.filter(id=brief_id, workspace__memberships__user=user).exists()
