"""Publish gallery events to the channel layer, after commit, carrying ids only (DESIGN §6)."""

import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def gallery_group(brief_id: int) -> str:
    return f"brief-{brief_id}"


def publish(brief_id: int, kind: str, **ids) -> None:
    """Send `gallery.<kind>` with ids to everyone watching the brief; a lost event is healed by the next render."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        # The event id lets every consumer in a process share one render of the same fragment.
        message = {"type": f"gallery.{kind}", "brief_id": brief_id, "event_id": uuid.uuid4().hex, **ids}
        async_to_sync(layer.group_send)(gallery_group(brief_id), message)
    except Exception:  # Live updates are best effort: the database already holds the truth.
        logger.warning("could not publish %s for brief %s", kind, brief_id, exc_info=True)


def publish_on_commit(brief_id: int, kind: str, **ids) -> None:
    transaction.on_commit(lambda: publish(brief_id, kind, **ids))
