"""The cost ledger: one row per provider call, written before the call is made."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class CallOutcome(models.TextChoices):
    IN_FLIGHT = "in_flight"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_BILLED = "not_billed"  # the provider proved no work was done (connection refused, 429)


class CostSource(models.TextChoices):
    """Where a recorded cost comes from; shared by image calls and chat calls."""

    REPORTED = "reported"  # the provider's own charge (BFL `cost`, Stability credits)
    USAGE = "usage"  # token counts the provider reported, at the model's per-token prices in effect
    ESTIMATE = "estimate"  # nothing reported: the list price per image


class ProviderCall(models.Model):
    generation = models.ForeignKey("creative.Generation", models.CASCADE, related_name="calls")
    # The brief's workspace, copied at the claim: its spend limit sums these rows under the workspace's lock.
    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, null=True, blank=True, related_name="calls")
    image_model = models.ForeignKey("creative.ImageModel", models.PROTECT, related_name="calls")
    attempt = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=CallOutcome, default=CallOutcome.IN_FLIGHT)
    estimated_cents = models.DecimalField(max_digits=8, decimal_places=3)
    # The actual cost when the provider reported a charge or usage (`cost_source` says which); null otherwise.
    reported_cents = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    cost_source = models.CharField(max_length=16, choices=CostSource, blank=True, help_text="Empty while in flight.")
    usage = models.JSONField(default=dict, blank=True, help_text="Token counts the provider reported, by kind.")
    error_kind = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=CallOutcome.values), name="providercall_outcome"),
            models.UniqueConstraint(fields=["generation", "attempt"], name="providercall_once_per_attempt"),
            models.CheckConstraint(condition=Q(cost_source__in=["", *CostSource.values]),
                                   name="providercall_cost_source"),
        ]
        indexes = [
            # The requests-per-minute limit counts a model's calls in the last minute.
            models.Index(fields=["image_model", "requested_at"], name="providercall_rate"),
            # The workspace spend limit sums the workspace's calls this month and today.
            models.Index(fields=["workspace", "requested_at"], name="providercall_spend"),
        ]

    def __str__(self):
        return f"call {self.attempt} of generation {self.generation_id} ({self.outcome})"

    @property
    def cost_cents(self):
        if self.outcome == CallOutcome.NOT_BILLED:
            return 0
        return self.reported_cents if self.reported_cents is not None else self.estimated_cents
