from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from creative.shapes import default_shapes


class BriefStatus(models.TextChoices):
    DRAFT = "draft"
    ANALYSING = "analysing"
    CONFIRMING = "confirming"  # analysed; the designer checks the requirements before any prompt is written
    GENERATING = "generating"
    SCORING = "scoring"
    REVIEWING = "reviewing"
    EXPORTED = "exported"
    FAILED = "failed"


class Brief(models.Model):
    workspace = models.ForeignKey("creative.Workspace", models.CASCADE, related_name="briefs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="briefs")
    text = models.TextField()
    requirements = models.JSONField(default=dict, blank=True)
    # "rules", or the "provider:model" whose answer was used; the note says why rules stood in or what was repaired.
    analysis_source = models.CharField(max_length=100, blank=True)
    analysis_note = models.CharField(max_length=500, blank=True)
    # The designer asked to read and edit the prompts first: analysis stops in draft until they start it.
    review_prompts = models.BooleanField(default=False)
    # The designer asked to check the requirements first: analysis stops in confirming until they confirm.
    review_requirements = models.BooleanField(default=False)
    # Where each requirement field came from: "rules", "llm", "edited" (the designer) or "file" (the CLI).
    requirements_sources = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=BriefStatus, default=BriefStatus.DRAFT)
    error = models.TextField(blank=True)
    budget_cents = models.PositiveIntegerField(null=True, blank=True, help_text="No generation may cross it.")
    image_models = models.ManyToManyField("creative.ImageModel", related_name="briefs")
    images_per_prompt = models.PositiveSmallIntegerField(default=3)
    # Channel shapes (creative.shapes keys) each prompt, seed and model is made in, natively where it can be.
    shapes = models.JSONField(default=default_shapes, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=Q(status__in=BriefStatus.values), name="brief_status")]

    def __str__(self):
        return f"Brief {self.pk}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("reviews:gallery", args=[self.pk])

    @property
    def title(self) -> str:
        return (self.requirements or {}).get("product") or f"Brief {self.pk}"


class Prompt(models.Model):
    brief = models.ForeignKey(Brief, models.CASCADE, related_name="prompts")
    position = models.PositiveSmallIntegerField(default=0)
    style = models.CharField(max_length=32)
    text = models.TextField()
    negative_text = models.TextField(blank=True)
    source = models.CharField(max_length=16, default="rules")  # rules, llm or edited
    # The image-model family this wording is for (prompt_writer.TARGETS); blank serves every model.
    target = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["brief", "position"]

    def __str__(self):
        return f"{self.style}: {self.text[:60]}"
