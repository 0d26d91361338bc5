import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

SHARE_SALT = "creative.share-link"
DEFAULT_SHARE_DAYS = 7


def share_token_new() -> str:
    return secrets.token_urlsafe(24)


def share_expiry_default():
    return timezone.now() + timedelta(days=DEFAULT_SHARE_DAYS)


class ShareState(models.TextChoices):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class ShareLink(models.Model):
    """A public, expiring, revocable link to one export's files (DESIGN §8)."""

    export = models.ForeignKey("creative.Export", models.CASCADE, related_name="share_links")
    # Random, and signed in the URL: a guessed or altered token fails the signature before any query,
    # and rotating SECRET_KEY retires every link at once.
    token = models.CharField(max_length=64, unique=True, default=share_token_new, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=share_expiry_default)
    revoked_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)
    watermark = models.JSONField(
        default=dict,
        blank=True,
        help_text='{"text": "DRAFT", "position": "center", '
        '"opacity": 0.35}; applied to what this link serves, never to the stored files',
    )

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created")), name="share_link_expires_after_created"
            ),
        ]

    def __str__(self):
        return f"Share link {self.pk} of export {self.export_id} ({self.state})"

    def get_absolute_url(self):
        return reverse("creative:share_page", args=[self.signed_token])

    @property
    def signed_token(self) -> str:
        return signing.Signer(salt=SHARE_SALT).sign(self.token)

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return ShareState.REVOKED
        if self.expires_at <= timezone.now():
            return ShareState.EXPIRED
        return ShareState.ACTIVE

    @property
    def watermarked(self) -> bool:
        return bool((self.watermark or {}).get("text") or (self.watermark or {}).get("logo"))
