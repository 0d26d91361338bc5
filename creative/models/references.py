from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReferenceKind(models.TextChoices):
    PRODUCT = "product"
    LOGO = "logo"


class CutoutMethod(models.TextChoices):
    NONE = "", "none yet"  # a busy photo: the designer draws a box around the product
    ALPHA = "alpha", "the upload's transparency"
    BACKGROUND = "background", "cut from a plain background"
    BOX = "box", "the designer's box"


def reference_path(reference, filename):
    return f"references/{reference.brief_id}/{filename}"


class BriefReference(models.Model):
    """An image every generation of the brief must show: the advertiser's product photo, or the workspace logo.

    Stored privately like generation images and served only to the workspace's members."""

    brief = models.ForeignKey("creative.Brief", models.CASCADE, related_name="references")
    kind = models.CharField(max_length=8, choices=ReferenceKind, default=ReferenceKind.PRODUCT)
    # The upload decoded within the logo's limits and re-encoded as PNG: never the bytes as sent.
    image = models.FileField(upload_to=reference_path)
    # The product alone, a PNG with alpha; empty until one can be made (or the designer draws a box).
    cutout = models.FileField(upload_to=reference_path, blank=True)
    cutout_method = models.CharField(max_length=10, choices=CutoutMethod, default=CutoutMethod.NONE, blank=True)
    # The designer's box around the product, as fractions [x0, y0, x1, y1] of the image; empty when not drawn.
    box = models.JSONField(default=list, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReferenceKind.values), name="brief_reference_kind"),
            models.CheckConstraint(condition=Q(cutout_method__in=CutoutMethod.values),
                                   name="brief_reference_cutout_method"),
        ]

    def __str__(self):
        return f"{self.kind} reference {self.id} of brief {self.brief_id}"
