import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from creative.shapes import SHAPES, ratio_label


class GenerationStatus(models.TextChoices):
    PENDING = "pending"
    REQUESTING = "requesting"
    SUBMITTED = "submitted"
    POLLING = "polling"
    SUCCEEDED = "succeeded"
    SCORED = "scored"
    FAILED = "failed"


FINAL_STATUSES = (GenerationStatus.SCORED, GenerationStatus.FAILED)


def image_path(generation, filename):
    return f"generations/{generation.prompt.brief_id}/{generation.idempotency_key}{filename[filename.rfind('.'):]}"


def thumbnail_path(generation, filename):
    return f"generations/{generation.prompt.brief_id}/thumbs/{generation.idempotency_key}.webp"


class Generation(models.Model):
    """One paid (or local) image call: the unit of work, written before the call is made."""

    prompt = models.ForeignKey("creative.Prompt", models.CASCADE, related_name="generations")
    image_model = models.ForeignKey("creative.ImageModel", models.PROTECT, related_name="generations")
    status = models.CharField(max_length=16, choices=GenerationStatus, default=GenerationStatus.PENDING)
    seed = models.PositiveIntegerField(default=0)
    # The creative.shapes key its job asks for; empty (made before shapes): the model's first listed size.
    shape = models.CharField(max_length=16, blank=True, default="")
    attempt = models.PositiveSmallIntegerField(default=0)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    job_id = models.CharField(max_length=500, blank=True)
    # When the provider's current job (or its current stage, under a new id) began: polls follow its age.
    job_started_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    requested_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    estimated_cost_cents = models.DecimalField(max_digits=8, decimal_places=3, default=0)
    cost_cents = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    image = models.FileField(upload_to=image_path, blank=True)
    thumbnail = models.FileField(upload_to=thumbnail_path, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    revised_prompt = models.TextField(blank=True)
    score = models.FloatField(null=True, blank=True)
    score_breakdown = models.JSONField(default=dict, blank=True)
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    candidate = models.BooleanField(default=False)
    phash = models.CharField(max_length=16, blank=True, help_text="Perceptual hash, 16 hex digits.")
    # The hashes of its slight crops (similarity.phashes), 16 hex digits each: a cropped copy is near one.
    phash_crops = models.JSONField(default=list, blank=True)
    # Set on every near-duplicate but the best of its group, so reviewers see each picture once.
    duplicate_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="duplicates")
    # Badges and notes for the card: palette, must-include/avoid, the vision comment, fallbacks.
    checks = models.JSONField(default=dict, blank=True)
    error_kind = models.CharField(max_length=32, blank=True)
    error_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["prompt__position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GenerationStatus.values), name="generation_status"),
        ]
        indexes = [
            # Sweeps look for calls in flight; finished rows never need this index.
            models.Index(
                fields=["requested_at"], condition=Q(status__in=["requesting", "submitted", "polling"]),
                name="generation_in_flight",
            ),
        ]

    def __str__(self):
        return f"Generation {self.pk} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def shape_ratio(self) -> str:
        """The card's shape badge: the channel shape the picture is closest to ("9:16"), else the one asked for."""
        if self.width and self.height:
            return ratio_label(self.width, self.height)
        return SHAPES[self.shape].ratio if self.shape in SHAPES else ""

    @property
    def cost(self):
        return self.cost_cents if self.cost_cents is not None else self.estimated_cost_cents
