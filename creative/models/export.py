from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ExportStatus(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def export_zip_path(export, filename):
    return f"exports/{export.brief_id}/{export.pk}-{filename}"


def rendition_path(rendition, filename):
    return f"exports/{rendition.export.brief_id}/{rendition.export_id}/{filename}"


class Export(models.Model):
    brief = models.ForeignKey("creative.Brief", models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    # What was approved when the export was asked for, with who approved it: the export is a snapshot.
    items = models.JSONField(default=list, help_text='[{"generation_id": 1, "approvals": ["ana"]}]')
    presets = models.JSONField(default=list)
    formats = models.JSONField(default=list)
    quality = models.PositiveSmallIntegerField(default=85)
    status = models.CharField(max_length=16, choices=ExportStatus, default=ExportStatus.PENDING)
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    zip = models.FileField(upload_to=export_zip_path, blank=True)
    zip_bytes = models.PositiveBigIntegerField(default=0)
    manifest = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=Q(status__in=ExportStatus.values), name="export_status")]

    def __str__(self):
        return f"Export {self.pk} of brief {self.brief_id} ({self.status})"


class Rendition(models.Model):
    export = models.ForeignKey(Export, models.CASCADE, related_name="renditions")
    generation = models.ForeignKey("creative.Generation", models.CASCADE, related_name="renditions")
    preset = models.CharField(max_length=64)
    format = models.CharField(max_length=8)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=rendition_path, max_length=300)
    bytes = models.PositiveIntegerField()

    class Meta:
        ordering = ["generation_id", "preset"]

    def __str__(self):
        return f"{self.preset}.{self.format} of generation {self.generation_id}"
