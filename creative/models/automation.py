"""Automation: API tokens, idempotent writes, and webhook endpoints with their delivery log (issue 18)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from creative.models.workspace import Role


class TokenScope(models.TextChoices):
    DESIGNER = "designer"
    REVIEWER = "reviewer"
    READ_ONLY = "read_only", "read-only"


# The workspace role each scope acts with; read-only acts with none, so only reads pass (creative.access sets).
SCOPE_ROLES: dict[str, str | None] = {
    TokenScope.DESIGNER: Role.DESIGNER,
    TokenScope.REVIEWER: Role.REVIEWER,
    TokenScope.READ_ONLY: None,
}


class ApiToken(models.Model):
    """A workspace's key to the API, acting as the admin who made it with its scope's role.

    Only the sha256 of the secret is kept; `prefix` is the token's public first part, shown in lists and
    used to find the row.
    """

    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, related_name="api_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(max_length=16, choices=TokenScope)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The fixed rate-limit window this token is in, and the requests counted in it (creative.api.throttle).
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=Q(scope__in=TokenScope.values), name="apitoken_scope")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…, {self.scope})"

    @property
    def role(self) -> str | None:
        return SCOPE_ROLES[self.scope]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an `Idempotency-Key`, replayed to every retry with that key.

    The unique constraint is what makes concurrent retries safe: one insert wins and runs the write, the
    others find its row. A row without a status is a write still running.
    """

    token = models.ForeignKey(ApiToken, models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64, help_text="sha256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_once_per_key")]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'running'})"


class WebhookEvent(models.TextChoices):
    BRIEF_READY_FOR_REVIEW = "brief.ready_for_review"
    BRIEF_FAILED = "brief.failed"
    GENERATION_FAILED = "generation.failed"
    REVIEW_DECIDED = "review.decided"
    EXPORT_DONE = "export.done"
    EXPORT_FAILED = "export.failed"


class WebhookEndpoint(models.Model):
    """A URL a workspace wants events POSTed to, signed with its own secret (Standard Webhooks)."""

    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100, help_text="whsec_ and base64 of the signing key.")
    events = models.JSONField(default=list, help_text="WebhookEvent values this endpoint receives.")
    enabled = models.BooleanField(default=True)
    # Set when a delivery failed for its whole retry schedule (a day): the endpoint stops receiving events.
    disabled_reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"  # waiting for its first or next attempt
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # every attempt of the schedule failed


class WebhookDelivery(models.Model):
    """One event for one endpoint: the body is fixed when the event happens, so every retry signs the same bytes."""

    endpoint = models.ForeignKey(WebhookEndpoint, models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40, unique=True, help_text="The webhook-id header: msg_ and hex.")
    event = models.CharField(max_length=32, choices=WebhookEvent)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhookdelivery_status"),
            models.CheckConstraint(condition=Q(event__in=WebhookEvent.values), name="webhookdelivery_event"),
        ]
        indexes = [
            # The delivery log lists an endpoint's latest deliveries.
            models.Index(fields=["endpoint", "-created"], name="webhookdelivery_log"),
        ]

    def __str__(self):
        return f"{self.event} to {self.endpoint_id} ({self.status})"


class BatchSource(models.TextChoices):
    APP = "app"
    API = "api"
    CLI = "cli"


class Batch(models.Model):
    """Briefs started together from a product feed (one row per product) with shared settings."""

    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, related_name="batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="batches")
    source = models.CharField(max_length=8, choices=BatchSource)
    # Shared by every row: {"models": [names], "images_per_prompt": 3, "budget_cents": null}.
    shared = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.CheckConstraint(condition=Q(source__in=BatchSource.values), name="batch_source")]

    def __str__(self):
        return f"Batch {self.pk} ({self.rows.count()} rows)"


class BatchRow(models.Model):
    """One feed row: the brief it started, or why it could not (with its line in the feed)."""

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text="The row's line in a CSV feed, or its position in a JSON feed.")
    name = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, help_text="The row as read from the feed.")
    # The feed's name for the row's product photo (a path, or an uploaded file's name): its brief shows it.
    product_image = models.CharField(max_length=500, blank=True)
    channels = models.JSONField(default=list, blank=True)
    brief = models.ForeignKey("creative.Brief", models.SET_NULL, null=True, blank=True, related_name="batch_rows")
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["batch", "line"]

    def __str__(self):
        return f"line {self.line}: {self.name or self.error}"
