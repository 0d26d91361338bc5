"""Events out of the pipeline: called where a transition happens, turned into deliveries once it commits."""

from __future__ import annotations

import json
import logging
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from creative.models import Brief, WebhookDelivery, WebhookEndpoint, WebhookEvent
from creative.pipeline import queue

logger = logging.getLogger(__name__)


def event_emit(*, event: WebhookEvent, brief_id: int, **data) -> None:
    """Deliver `event` about a brief to the workspace's endpoints that want it, once the transaction commits.

    Robust: a webhook problem is logged and never undoes or interrupts the transition that emitted it.
    """
    transaction.on_commit(lambda: deliveries_create(event=event, brief_id=brief_id, data=data), robust=True)


def deliveries_create(*, event: WebhookEvent, brief_id: int, data: dict) -> list[WebhookDelivery]:
    """One delivery per enabled endpoint of the brief's workspace that subscribes to `event`, each queued."""
    workspace_id = Brief.objects.filter(id=brief_id).values_list("workspace_id", flat=True).first()
    if workspace_id is None:
        return []
    # JSON containment is not portable to SQLite: the few endpoints of a workspace are filtered here.
    endpoints = [e for e in WebhookEndpoint.objects.filter(workspace_id=workspace_id, enabled=True)
                 if event in e.events]
    if not endpoints:
        return []
    body = json.dumps({
        "type": str(event),
        "timestamp": timezone.now().isoformat(),
        "data": {"workspace_id": workspace_id, "brief_id": brief_id,
                 "brief_url": reverse("api:brief_read", args=[brief_id]), **data},
    }, default=str)
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, message_id=f"msg_{secrets.token_hex(12)}",
                                                  event=event, body=body)
        queue.webhook_deliver_on_commit(delivery.id)
        deliveries.append(delivery)
    return deliveries
