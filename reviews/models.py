from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Decision(models.TextChoices):
    APPROVE = "approve"
    REJECT = "reject"
    COMMENT = "comment"


class Review(models.Model):
    """One reviewer's act on a generation; history is kept, the latest decision per reviewer counts."""

    generation = models.ForeignKey("creative.Generation", models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="reviews")
    guest_name = models.CharField(max_length=100, blank=True)
    stage = models.CharField(max_length=50, blank=True)
    decision = models.CharField(max_length=8, choices=Decision)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="review_decision"),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=False) | ~Q(guest_name=""), name="review_has_author"
            ),
        ]
        indexes = [models.Index(fields=["generation", "created"], name="review_by_generation")]

    def __str__(self):
        return f"{self.author_name} {self.decision}d generation {self.generation_id}"

    @property
    def author_name(self) -> str:
        if self.reviewer_id:
            return self.reviewer.get_username()
        return f"{self.guest_name} (guest)"
