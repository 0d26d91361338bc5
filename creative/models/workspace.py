from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    DESIGNER = "designer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Workspace(models.Model):
    name = models.CharField(max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="creative.Membership", related_name="workspaces")
    approvals_needed = models.PositiveSmallIntegerField(
        default=1, help_text="Approvals from different reviewers before an image counts as approved."
    )
    # Checked when each image is claimed, under this row's lock, against what is committed: paid, in flight,
    # and chat calls. Months and days follow TIME_ZONE.
    monthly_limit_cents = models.PositiveIntegerField(
        null=True, blank=True, help_text="Spend limit per calendar month, in cents; empty for none."
    )
    daily_limit_cents = models.PositiveIntegerField(
        null=True, blank=True, help_text="Optional spend limit per day, in cents; empty for none."
    )
    # Every member's allowance unless their membership sets their own; empty for none.
    member_briefs_per_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    member_images_per_day = models.PositiveIntegerField(
        null=True, blank=True, help_text="A brief's planned images, each More like this and each retry count."
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role, default=Role.DESIGNER)
    # This member's own allowance, overriding the workspace's; empty follows the workspace.
    briefs_per_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    images_per_day = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role"),
        ]

    def __str__(self):
        return f"{self.user} in {self.workspace} as {self.role}"

    @property
    def briefs_per_hour_limit(self) -> int | None:
        return self.briefs_per_hour if self.briefs_per_hour is not None else self.workspace.member_briefs_per_hour

    @property
    def images_per_day_limit(self) -> int | None:
        return self.images_per_day if self.images_per_day is not None else self.workspace.member_images_per_day


class RequestKind(models.TextChoices):
    BRIEF = "brief"
    MORE_LIKE_THIS = "more_like_this"
    RETRY = "retry"


class ImageRequest(models.Model):
    """Images a member asked for (a brief's planned images, a More like this, a retry), written with the
    request under the membership's lock: the member's images-per-day allowance sums these rows."""

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="image_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="image_requests")
    brief = models.ForeignKey("creative.Brief", models.CASCADE, null=True, blank=True, related_name="image_requests")
    kind = models.CharField(max_length=16, choices=RequestKind)
    images = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(kind__in=RequestKind.values), name="imagerequest_kind")]
        indexes = [
            # The allowance sums one member's requests in one workspace today.
            models.Index(fields=["workspace", "user", "created"], name="imagerequest_allowance"),
        ]

    def __str__(self):
        return f"{self.images} image(s) by {self.user} ({self.kind})"
