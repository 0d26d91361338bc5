from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #rrggbb.")


def brand_asset_path(kit, filename):
    return f"brand/{kit.workspace_id}/{filename}"


class BrandKit(models.Model):
    """A workspace's look: scoring checks images against its colours, export overlays draw with it."""

    workspace = models.OneToOneField("creative.Workspace", models.CASCADE, related_name="brand_kit")
    primary_colour = models.CharField(
        max_length=7, default="#3a5bd9", validators=[colour_validator], help_text="Call-to-action buttons."
    )
    secondary_colour = models.CharField(max_length=7, default="#d9a21b", validators=[colour_validator])
    text_colour = models.CharField(
        max_length=7,
        default="#ffffff",
        validators=[colour_validator],
        help_text="Headlines; a scrim is added behind them where the picture is too busy.",
    )
    # The upload as given (PNG, JPEG, WebP or SVG) and the PNG drawn from it, so exports never parse SVG.
    logo = models.FileField(upload_to=brand_asset_path, blank=True)
    logo_raster = models.FileField(upload_to=brand_asset_path, blank=True, editable=False)
    font = models.FileField(
        upload_to=brand_asset_path,
        blank=True,
        help_text="A TrueType or OpenType file; empty for the bundled DejaVu Sans Bold.",
    )
    headline = models.CharField(max_length=200, blank=True, help_text="Default headline for overlays.")
    call_to_action = models.CharField(
        max_length=60, blank=True, help_text="Default call-to-action, e.g. Shop now."
    )
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Brand kit of {self.workspace}"

    @property
    def palette(self) -> list[str]:
        return [self.primary_colour, self.secondary_colour, self.text_colour]
