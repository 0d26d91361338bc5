from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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
    # A restarted export writes under its attempt: a stalled first run that wakes up again then never
    # writes over (on S3, the same key) or deletes the files of the run that replaced it.
    attempt = rendition.export.attempt
    folder = f"{rendition.export_id}" if attempt <= 1 else f"{rendition.export_id}/attempt-{attempt}"
    return f"exports/{rendition.export.brief_id}/{folder}/{filename}"


class Export(models.Model):
    brief = models.ForeignKey("creative.Brief", models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    # What was approved when the export was asked for, with who approved it: the export is a snapshot.
    items = models.JSONField(default=list, help_text='[{"generation_id": 1, "approvals": ["ana"]}]')
    # Who approved each image and when, keyed by generation id: {"12": [{"reviewer": "ana", "at": "..."}]}.
    approval_chain = models.JSONField(default=dict, blank=True)
    presets = models.JSONField(default=list)
    formats = models.JSONField(default=list)
    quality = models.PositiveSmallIntegerField(default=85)
    # The overlay's words are copied from the brand kit when the export is asked for, so a later
    # edit of the kit does not change what this export says.
    overlay = models.BooleanField(default=False)
    headline = models.CharField(max_length=200, blank=True)
    call_to_action = models.CharField(max_length=60, blank=True)
    watermark = models.JSONField(
        default=dict,
        blank=True,
        help_text='{"text": "DRAFT", "position": "center", "opacity": 0.35, "logo": false}; empty for none',
    )
    signed = models.BooleanField(default=False, help_text="Renditions carry a signed C2PA manifest.")
    status = models.CharField(max_length=16, choices=ExportStatus, default=ExportStatus.PENDING)
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    # Which run of the export task owns it (a run that stopped is replaced by the sweep), and when that
    # run last reported progress.
    attempt = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    zip = models.FileField(upload_to=export_zip_path, blank=True)
    zip_bytes = models.PositiveBigIntegerField(default=0)
    manifest = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExportStatus.values), name="export_status")
        ]

    def __str__(self):
        return f"Export {self.pk} of brief {self.brief_id} ({self.status})"

    @property
    def download_name(self) -> str:
        """The zip's name for people, whatever name storage gave it (a suffix, a restarted run's attempt)."""
        return f"brief-{self.brief_id}-export-{self.pk}.zip"

    @property
    def channels(self) -> list[str]:
        return sorted({row.get("channel", "") for row in self.manifest} - {""})


class Rendition(models.Model):
    export = models.ForeignKey(Export, models.CASCADE, related_name="renditions")
    generation = models.ForeignKey("creative.Generation", models.CASCADE, related_name="renditions")
    preset = models.CharField(max_length=64)
    channel = models.CharField(max_length=32, blank=True)
    format = models.CharField(max_length=8)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=rendition_path, max_length=300)
    bytes = models.PositiveIntegerField()

    class Meta:
        ordering = ["generation_id", "preset"]

    def __str__(self):
        return f"{self.preset}.{self.format} of generation {self.generation_id}"

    @property
    def filename(self) -> str:
        if self.file.name is None:  # as `None.rsplit` would; a saved rendition always has its file
            raise AttributeError(f"rendition {self.id} has no file")
        return self.file.name.rsplit("/", 1)[-1]


class ExportPreset(models.Model):
    """A size admins add beside the built-in ones (creative.export.presets): a new placement is a row."""

    name = models.CharField(
        max_length=64,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9_]+$", "Lower-case letters, digits and underscores: it becomes a file name."
            )
        ],
    )
    channel = models.CharField(max_length=32, validators=[RegexValidator(r"^[a-z0-9_]+$")])
    width = models.PositiveIntegerField(validators=[MinValueValidator(16), MaxValueValidator(8192)])
    height = models.PositiveIntegerField(validators=[MinValueValidator(16), MaxValueValidator(8192)])
    enabled = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["channel", "name"]
        constraints = [
            # Validators only run in forms; the database refuses sizes the renderer cannot make.
            models.CheckConstraint(
                condition=Q(width__gte=16, width__lte=8192, height__gte=16, height__lte=8192),
                name="export_preset_size",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.width}x{self.height} ({self.channel})"
