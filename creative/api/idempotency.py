"""`Idempotency-Key` on every write: the same key and body get the first answer, a different body gets 422.

A write runs only after its key's row is inserted; the unique constraint on (token, key) decides which of
several concurrent retries runs it. The others read the row: finished, they replay its answer; still
running, they get 409 and retry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import HttpError

from creative.api.auth import token_of
from creative.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY = 200
# For the OpenAPI schema of every write operation (openapi_extra).
PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "description": "Any unique string per logical request; retries with the same key and body replay the first answer.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY, "pattern": "^[\\x21-\\x7e]+$"},
}
OPENAPI = {"parameters": [PARAMETER]}


class Busy(Exception):
    """The first request with this key is still running."""


def _render(result: tuple[int, Schema]) -> JsonResponse:
    status, body = result
    return JsonResponse(body.model_dump(mode="json"), status=status)


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(view: Callable[..., tuple[int, Schema]]) -> Callable[..., JsonResponse]:
    """Wrap a write operation returning (status, body) so a key replays its first answer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return _render(view(request, *args, **kwargs))
        if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable() or " " in key:
            raise HttpError(422, f"{HEADER} must be 1 to {MAX_KEY} printable ASCII characters without spaces.")
        token, request_hash = token_of(request), _request_hash(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(token=token, key=key, request_hash=request_hash)
        except IntegrityError:
            return _replay(token_id=token.id, key=key, request_hash=request_hash)
        try:
            response = _render(view(request, *args, **kwargs))
        except BaseException:
            # Nothing was answered: a retry with this key runs the write again (errors are not kept).
            IdempotencyRecord.objects.filter(id=record.id).delete()
            raise
        IdempotencyRecord.objects.filter(id=record.id).update(
            status_code=response.status_code, response_body=json.loads(response.content))
        return response

    return wrapper


def _replay(*, token_id: int, key: str, request_hash: str) -> JsonResponse:
    record = IdempotencyRecord.objects.filter(token_id=token_id, key=key).first()
    if record is None or record.status_code is None:  # running, or its first try failed a moment ago
        raise Busy()
    if record.request_hash != request_hash:
        raise HttpError(422, f"This {HEADER} was used with a different request; use a new key for a new request.")
    response = JsonResponse(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response
