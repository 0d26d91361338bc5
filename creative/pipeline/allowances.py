"""Each member's allowance: briefs per hour and images per day (admin data on the workspace or membership).

A request takes the allowance inside the transaction that creates what it asks for, under a lock on the
member's membership row, so two tabs submitting at once cannot both take the last images. A refusal
raises before anything is created. Hours are rolling; days follow TIME_ZONE.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from creative.models import Brief, ImageRequest, Membership, Workspace
from creative.pipeline.spend import day_start


class AllowanceError(ValueError):
    """A request over the member's allowance, with a message naming the limit."""


def _briefs_this_hour(workspace: Workspace, user, now) -> int:
    return Brief.objects.filter(workspace=workspace, author=user, created__gt=now - timedelta(hours=1)).count()


def _images_today(workspace: Workspace, user, now) -> int:
    return (ImageRequest.objects.filter(workspace=workspace, user=user, created__gte=day_start(now))
            .aggregate(total=Sum("images", default=0))["total"])


def allowance_take(*, workspace: Workspace, user, images: int, kind: str, new_brief: bool = False,
                   brief: Brief | None = None) -> ImageRequest | None:
    """Count `images` (and a new brief, when `new_brief`) against the member's allowance, or raise
    AllowanceError; must run inside the transaction that creates the request."""
    if user is None or not getattr(user, "pk", None):
        return None  # the CLI and system jobs act for no member
    membership = (Membership.objects.select_for_update().select_related("workspace")
                  .filter(workspace=workspace, user=user).first())
    if membership is None:
        return None  # a superuser outside the workspace's members: no member allowance applies
    now = timezone.now()
    if new_brief and (limit := membership.briefs_per_hour_limit) is not None:
        if (recent := _briefs_this_hour(workspace, user, now)) >= limit:
            raise AllowanceError(f"You have submitted {recent} briefs in the last hour; your limit in "
                                 f"{workspace.name} is {limit} per hour. Try again later.")
    if (limit := membership.images_per_day_limit) is not None:
        if (today := _images_today(workspace, user, now)) + images > limit:
            raise AllowanceError(f"This asks for {images} image{'s' if images != 1 else ''} and you have asked "
                                 f"for {today} today; your limit in {workspace.name} is {limit} images per day.")
    return ImageRequest.objects.create(workspace=workspace, user=user, brief=brief, kind=kind, images=images,
                                       created=now)


def allowance_left(*, workspace: Workspace, user) -> dict[str, int | None]:
    """What the member may still ask for: {"briefs": n or None, "images": n or None} (None: no limit)."""
    membership = Membership.objects.select_related("workspace").filter(workspace=workspace, user=user).first()
    left: dict[str, int | None] = {"briefs": None, "images": None}
    if membership is None:
        return left
    now = timezone.now()
    if (limit := membership.briefs_per_hour_limit) is not None:
        left["briefs"] = max(0, limit - _briefs_this_hour(workspace, user, now))
    if (limit := membership.images_per_day_limit) is not None:
        left["images"] = max(0, limit - _images_today(workspace, user, now))
    return left
