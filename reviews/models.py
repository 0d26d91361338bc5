from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Decision(models.TextChoices):
    APPROVE = "approve"
    REJECT = "reject"
    COMMENT = "comment"


PAST_TENSE: dict[str, str] = {Decision.APPROVE: "approved", Decision.REJECT: "rejected", Decision.COMMENT: "commented"}


class Review(models.Model):
    """One reviewer's act on a generation; history is kept, the latest decision per reviewer counts."""

    generation = models.ForeignKey("creative.Generation", models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="reviews")
    guest_name = models.CharField(max_length=100, blank=True)
    # Who the guest is: their decisions count once, whatever name anyone else types (the name is for display).
    guest = models.ForeignKey("reviews.Guest", models.SET_NULL, null=True, blank=True, related_name="reviews")
    stage = models.CharField(max_length=50, blank=True)
    decision = models.CharField(max_length=8, choices=Decision)
    comment = models.TextField(blank=True)
    # A team comment the client's guests may read; guests' own comments are always shown to themselves.
    shared = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="review_decision"),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=False) | ~Q(guest_name=""), name="review_has_author"
            ),
        ]
        indexes = [models.Index(fields=["generation", "created"], name="review_by_generation")]

    def __str__(self):
        return f"{self.author_name} {self.decision_past} generation {self.generation_id}"

    @property
    def author_name(self) -> str:
        if self.reviewer is not None:  # no query when reviewer_id is None
            return self.reviewer.get_username()
        return f"{self.guest_name} (guest)"

    @property
    def decision_past(self) -> str:
        return PAST_TENSE[self.decision]


class ApprovalStage(models.Model):
    """One step of a workspace's approval chain, e.g. creative lead, then client."""

    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, related_name="approval_stages")
    name = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    approvals_needed = models.PositiveSmallIntegerField(default=1)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="approval_stages")

    class Meta:
        ordering = ["workspace", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="stage_name_unique")]

    def __str__(self):
        return f"{self.workspace}: {self.name}"


class GuestInvite(models.Model):
    """A link that lets a client review one brief without an account, until it expires or is revoked."""

    brief = models.ForeignKey("creative.Brief", models.CASCADE, related_name="guest_invites")
    token = models.CharField(max_length=64, unique=True)
    stage = models.ForeignKey(ApprovalStage, models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"guest invite to brief {self.brief_id}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Guest(models.Model):
    """One person reviewing through an invite: named once, fixed to the browser that gave the name."""

    invite = models.ForeignKey(GuestInvite, models.CASCADE, related_name="guests")
    name = models.CharField(max_length=100)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.name} (guest)"


class Activity(models.Model):
    """Who did what to a brief, and when: the brief's log."""

    brief = models.ForeignKey("creative.Brief", models.CASCADE, related_name="activities")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    guest_name = models.CharField(max_length=100, blank=True)
    verb = models.CharField(max_length=32)
    generation = models.ForeignKey("creative.Generation", models.SET_NULL, null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["brief", "-created"], name="activity_by_brief")]

    def __str__(self):
        return f"{self.actor_name} {self.verb}"

    @property
    def actor_name(self) -> str:
        if self.actor is not None:  # no query when actor_id is None
            return self.actor.get_username()
        return f"{self.guest_name} (guest)" if self.guest_name else "system"
