"""Sending one delivery: signed, retried with exponential back-off for about a day, then the endpoint is disabled."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from creative.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from creative.pipeline import queue
from creative.webhooks.signing import signed_headers
from creative.webhooks.targets import target_problem

# Seconds before each retry (the Standard Webhooks / Svix schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h,
# about 28 hours in all. Tests shorten it with the CREATIVE_WEBHOOK_RETRY_DELAYS setting.
RETRY_DELAYS = (5, 300, 1800, 7200, 18000, 36000, 36000)
TIMEOUT = 10.0


def retry_delays() -> tuple[float, ...]:
    return tuple(getattr(settings, "CREATIVE_WEBHOOK_RETRY_DELAYS", RETRY_DELAYS))


def _send(delivery: WebhookDelivery, client: httpx.Client | None) -> tuple[int | None, str]:
    """POST the delivery once: (status code or None, "" on success or why it failed)."""
    endpoint = delivery.endpoint
    if problem := target_problem(endpoint.url):
        return None, problem
    headers = signed_headers(secret=endpoint.secret, message_id=delivery.message_id, timestamp=int(time.time()),
                             body=delivery.body)
    try:
        if client is None:
            with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as own:
                response = own.post(endpoint.url, content=delivery.body.encode(), headers=headers)
        else:
            response = client.post(endpoint.url, content=delivery.body.encode(), headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if not response.is_success:
        return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"
    return response.status_code, ""


def webhook_deliver(*, delivery_id: int, client: httpx.Client | None = None) -> None:
    """Make the next attempt of a pending delivery; schedule the one after on failure, or give up after a day."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(
        id=delivery_id, status=DeliveryStatus.PENDING).first()
    if delivery is None or not delivery.endpoint.enabled:
        return
    # Claim this attempt: a duplicate task for the same attempt finds the count moved on and sends nothing.
    if not WebhookDelivery.objects.filter(id=delivery.id, status=DeliveryStatus.PENDING,
                                          attempts=delivery.attempts).update(attempts=F("attempts") + 1):
        return
    attempt = delivery.attempts + 1
    status_code, error = _send(delivery, client)
    now = timezone.now()
    if not error:
        WebhookDelivery.objects.filter(id=delivery.id).update(
            status=DeliveryStatus.SUCCEEDED, last_status_code=status_code, last_error="", delivered_at=now,
            next_attempt_at=None)
        return
    delays = retry_delays()
    if attempt <= len(delays):
        delay = delays[attempt - 1]
        WebhookDelivery.objects.filter(id=delivery.id).update(
            last_status_code=status_code, last_error=error, next_attempt_at=now + timedelta(seconds=delay))
        queue.webhook_deliver(delivery.id, delay=delay)
        return
    WebhookDelivery.objects.filter(id=delivery.id).update(
        status=DeliveryStatus.FAILED, last_status_code=status_code, last_error=error, next_attempt_at=None)
    # A delivery that failed for its whole schedule means the endpoint is gone: stop sending to it.
    WebhookEndpoint.objects.filter(id=delivery.endpoint_id, enabled=True).update(
        enabled=False, disabled_reason=f"Disabled {now:%Y-%m-%d %H:%M}: a delivery failed {attempt} times ({error})"[:300])


def webhook_redeliver(*, delivery: WebhookDelivery) -> None:
    """Send a delivery again from its first attempt (same id and body, so receivers can deduplicate); an
    admin asking for it re-enables its endpoint."""
    WebhookEndpoint.objects.filter(id=delivery.endpoint_id).update(enabled=True, disabled_reason="")
    WebhookDelivery.objects.filter(id=delivery.id).update(status=DeliveryStatus.PENDING, attempts=0,
                                                          next_attempt_at=None)
    queue.webhook_deliver_on_commit(delivery.id)
