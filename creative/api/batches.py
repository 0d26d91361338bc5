"""Batches through the API: a product feed in, one brief per row; bad rows come back with their lines."""

import base64
import binascii

from django.http import Http404, HttpRequest
from ninja import Path, Router
from ninja.errors import HttpError

from creative import pipeline
from creative.api.auth import CAN_WRITE_BRIEFS, require, token_of
from creative.api.briefs import configured_models_named
from creative.api.idempotency import OPENAPI, idempotent
from creative.api.responses import ERRORS, MAX_ID
from creative.api.schemas import BatchIn, BatchOut, BatchRowOut
from creative.models import Batch, BatchSource

router = Router(tags=["batches"])


def batch_out(batch: Batch) -> BatchOut:
    rows = list(batch.rows.select_related("brief"))
    progress = pipeline.briefs_progress(briefs=[r.brief for r in rows if r.brief])
    return BatchOut(
        id=batch.id, source=batch.source, created=batch.created, briefs=sum(1 for r in rows if r.brief),
        failed_rows=sum(1 for r in rows if r.error),
        rows=[BatchRowOut(line=r.line, name=r.name, brief_id=r.brief_id, status=r.brief.status if r.brief else None,
                          percent=progress[r.brief.id]["percent"] if r.brief else None, error=r.error,
                          channels=r.channels, product_image=r.product_image) for r in rows],
    )


@router.post("/batches", response={201: BatchOut, **ERRORS}, url_name="batch_create", openapi_extra=OPENAPI)
@idempotent
def batch_create(request: HttpRequest, payload: BatchIn):
    """Start one brief per feed row with the shared settings; a bad row is reported and the rest go on."""
    token = require(request, CAN_WRITE_BRIEFS)
    try:
        rows = pipeline.feed_rows(text=payload.feed, kind=payload.format)
        photos = {name: _base64(name, data) for name, data in payload.product_images.items()}
        batch = pipeline.batch_submit(
            workspace=token.workspace, author=token.created_by, rows=rows, source=BatchSource.API,
            models=configured_models_named(payload.models), images_per_prompt=payload.images_per_prompt,
            budget_cents=payload.budget_cents, images=pipeline.images_uploaded(photos))
    except ValueError as exc:  # FeedError, BriefError
        raise HttpError(422, str(exc)) from None
    return 201, batch_out(batch)


def _base64(name: str, data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"product_images[{name!r}] is not base64") from None


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, url_name="batch_read")
def batch_read(request: HttpRequest, batch_id: int = Path(ge=1, le=MAX_ID)):
    """Every row of the batch with its brief's progress."""
    batch = Batch.objects.filter(id=batch_id, workspace_id=token_of(request).workspace_id).first()
    if batch is None:
        raise Http404("No such batch")
    return batch_out(batch)
