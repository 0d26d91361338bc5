"""The language-model ledger: one row per chat call (analysis, prompt writing, vision scoring).

Image calls have their own ledger (`ProviderCall`), written under the per-model limits; chat calls
are cheap and unthrottled, but they are billed by the token and they can fail, so each one records
what it cost and, when the pipeline went on without it, what it did instead and why.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from creative.models.ledger import CostSource


class LLMRole(models.TextChoices):
    ANALYSIS = "analysis"
    PROMPTS = "prompts"
    SCORING = "scoring"


class LLMOutcome(models.TextChoices):
    IN_FLIGHT = "in_flight"
    SUCCEEDED = "succeeded"
    REPAIRED = "repaired"  # the answer was partial or invalid; the usable part was kept, rules filled the rest
    FAILED = "failed"  # the pipeline fell back to rules or heuristics; `fallback` says why


class LLMCall(models.Model):
    brief = models.ForeignKey("creative.Brief", models.CASCADE, null=True, blank=True, related_name="llm_calls")
    generation = models.ForeignKey(
        "creative.Generation", models.CASCADE, null=True, blank=True, related_name="llm_calls"
    )
    role = models.CharField(max_length=16, choices=LLMRole)
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=100)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=LLMOutcome, default=LLMOutcome.IN_FLIGHT)
    error_kind = models.CharField(max_length=32, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    # Null when no price is configured for the model: unknown is not free (see CREATIVE_LLM_PRICES).
    cost_cents = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    # "usage" when the provider's token counts were priced (chat providers report tokens, never a charge);
    # empty when the call is unpriced or reported no usage.
    cost_source = models.CharField(max_length=16, choices=CostSource, blank=True)
    fallback = models.CharField(max_length=500, blank=True, help_text="What was done instead, and why.")

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=LLMRole.values), name="llmcall_role"),
            models.CheckConstraint(condition=Q(outcome__in=LLMOutcome.values), name="llmcall_outcome"),
            models.CheckConstraint(condition=Q(cost_source__in=["", *CostSource.values]), name="llmcall_cost_source"),
        ]
        indexes = [
            # The workspace spend limit and the costs report sum chat calls by time.
            models.Index(fields=["requested_at"], name="llmcall_requested"),
        ]

    def __str__(self):
        return f"{self.role} call to {self.provider}:{self.model} ({self.outcome})"

    @property
    def spec(self) -> str:
        return f"{self.provider}:{self.model}"
