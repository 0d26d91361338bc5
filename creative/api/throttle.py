"""A fixed one-minute window of requests per token, counted in the token's row (shared by every process)."""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from creative.models import ApiToken

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests: retry after {retry_after} s.")
        self.retry_after = retry_after


def request_count(*, token: ApiToken) -> None:
    """Count one request against the token's window; RateLimited once the window's allowance is used."""
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    # One conditional UPDATE per request: in the current window, add one; else start a new window at one.
    counted = ApiToken.objects.filter(id=token.id, window_start=window).update(
        window_count=F("window_count") + 1, last_used_at=now)
    if not counted:
        ApiToken.objects.filter(id=token.id).exclude(window_start=window).update(
            window_start=window, window_count=1, last_used_at=now)
    count = ApiToken.objects.filter(id=token.id).values_list("window_count", flat=True).first() or 0
    if count > settings.CREATIVE_API_RATE_PER_MINUTE:
        seconds_left = WINDOW_SECONDS - (now - window).total_seconds()
        raise RateLimited(max(1, math.ceil(seconds_left)))
