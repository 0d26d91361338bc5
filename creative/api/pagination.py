"""Cursor pages over id order: stable while rows are added, and cheap at any depth (no OFFSET)."""

from __future__ import annotations

import base64
import binascii

from django.db.models import QuerySet
from ninja.errors import HttpError

MAX_LIMIT = 100


def _encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id" or not value.isdigit():
            raise ValueError(cursor)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(422, "The cursor is not one this API gave out.") from None


def page(queryset: QuerySet, *, cursor: str | None, limit: int, descending: bool = False) -> tuple[list, str | None]:
    """Up to `limit` rows after `cursor` in id order, and the cursor of the next page (None at the end)."""
    if cursor:
        last = _decode(cursor)
        queryset = queryset.filter(id__lt=last) if descending else queryset.filter(id__gt=last)
    rows = list(queryset.order_by("-id" if descending else "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode(rows[-1].id) if more else None)
