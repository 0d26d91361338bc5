"""Health endpoints for load balancers and orchestrators (JSON, 200 or 503).

`/healthz` answers while the process can serve a request at all; restarting it is the cure when it stops.
`/readyz` answers 200 only when what a request needs is reachable: the database, the task queue, the
channel layer and file storage; a balancer sends no traffic to an instance that says 503, without
killing it, since the cause is usually shared (a restarting database) and passes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)

# A check that takes longer than this counts as down: a balancer's probe must not hang on a dead host.
CHECK_TIMEOUT = 3.0


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
async def readyz(request: HttpRequest) -> JsonResponse:
    # Concurrently, so the probe takes as long as the slowest dependency, not the sum of them. Only the
    # database check runs on the thread Django's sync code shares (its connection lives there); a Redis or
    # S3 host that hangs holds a thread of its own, never the one every other request waits on.
    names = ("database", "queue", "channel_layer", "storage")
    checks = (sync_to_async(_database)(), sync_to_async(_queue, thread_sensitive=False)(), _channel_layer(),
              sync_to_async(_storage, thread_sensitive=False)())
    outcomes = await asyncio.gather(*(_timed(name, check) for name, check in zip(names, checks, strict=True)))
    results = dict(zip(names, outcomes, strict=True))
    ready = all(result["ok"] for result in results.values())
    body = {"status": "ok" if ready else "unavailable", "checks": results}
    return JsonResponse(body, status=200 if ready else 503)


async def _timed(name: str, check) -> dict:
    started = time.monotonic()
    try:
        detail = await asyncio.wait_for(check, CHECK_TIMEOUT)
    except Exception as exc:
        logger.warning("readyz: %s is not reachable", name, exc_info=True)
        # Hosts and bucket names are for the logs; the public answer names only the kind of failure.
        error = f"{type(exc).__name__}: {exc}"[:300] if settings.DEBUG else type(exc).__name__
        result = {"ok": False, "error": error}
    else:
        result = {"ok": True, **(detail or {})}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _queue() -> dict:
    # A count is a real round trip to Redis or the SQLite queue; the depth tells autoscalers how far behind
    # the workers are.
    return {"backend": type(HUEY).__name__, "pending": HUEY.pending_count()}


async def _channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    # A message through the layer and back: proves this process can both publish and receive live events.
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "readyz.probe"})
    message = await layer.receive(channel)
    if message.get("type") != "readyz.probe":
        raise RuntimeError(f"unexpected message {message!r}")
    return {"backend": type(layer).__name__}


def _storage() -> dict:
    storage: Any = storages["default"]  # duck-typed: S3 (a bucket) or the file system (a location)
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        # HEAD on the bucket checks the endpoint, the credentials and the bucket in one request.
        storage.connection.meta.client.head_bucket(Bucket=bucket)
        return {"backend": type(storage).__name__, "bucket": bucket}
    location = Path(storage.location)
    existing = next(p for p in (location, *location.parents) if p.exists())  # created on the first save
    if not os.access(existing, os.W_OK):
        raise PermissionError(f"{existing} is not writable")
    return {"backend": type(storage).__name__}
