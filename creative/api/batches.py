"""Batches through the API: a product feed in, one brief per row; bad rows come back with their lines."""

import tempfile

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Path, Router
from ninja.errors import HttpError

from creative import pipeline
from creative.api.auth import CAN_REVIEW, CAN_WRITE_BRIEFS, batch_for, require, token_of
from creative.api.briefs import configured_models_named
from creative.api.idempotency import OPENAPI, idempotent
from creative.api.images_in import image_bytes
from creative.api.responses import ERRORS, MAX_ID, binary
from creative.api.schemas import (
    BatchExportedRow,
    BatchExportOut,
    BatchIn,
    BatchOut,
    BatchRowOut,
    BatchSkippedRow,
    ExportIn,
)
from creative.models import Batch, BatchSource
from reviews.exports import batch_exports_create

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
        zip_url=reverse("api:batch_zip", args=[batch.id]) if pipeline.batch_export_state(batch=batch).ready else None,
    )


@router.post("/batches", response={201: BatchOut, **ERRORS}, url_name="batch_create", openapi_extra=OPENAPI)
@idempotent
def batch_create(request: HttpRequest, payload: BatchIn):
    """Start one brief per feed row with the shared settings; a bad row is reported and the rest go on."""
    token = require(request, CAN_WRITE_BRIEFS)
    try:
        rows = pipeline.feed_rows(text=payload.feed, kind=payload.format)
        photos = {name: image_bytes(f"product_images[{name!r}]", data) for name, data in payload.product_images.items()}
        batch = pipeline.batch_submit(
            workspace=token.workspace, author=token.created_by, rows=rows, source=BatchSource.API,
            models=configured_models_named(payload.models), images_per_prompt=payload.images_per_prompt,
            budget_cents=payload.budget_cents, images=pipeline.images_uploaded(photos))
    except ValueError as exc:  # FeedError, BriefError
        raise HttpError(422, str(exc)) from None
    return 201, batch_out(batch)


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, url_name="batch_read")
def batch_read(request: HttpRequest, batch_id: int = Path(ge=1, le=MAX_ID)):
    """Every row of the batch with its brief's progress."""
    return batch_out(batch_for(request, batch_id))


@router.post("/batches/{batch_id}/exports", response={201: BatchExportOut, **ERRORS}, url_name="batch_export_create",
             openapi_extra=OPENAPI)
@idempotent
def batch_export_create(request: HttpRequest, payload: ExportIn, batch_id: int = Path(ge=1, le=MAX_ID)):
    """Export every brief's approved images with the same options; a brief with nothing approved is skipped
    with its reason (422 when none is exported). The batch's zip_url appears once they are done."""
    batch = batch_for(request, batch_id, CAN_REVIEW)
    result = batch_exports_create(
        batch=batch, requested_by=token_of(request).created_by, via=f"API, batch {batch.id}",
        channels=payload.channels, presets=payload.presets, formats=payload.formats, quality=payload.quality,
        overlay=payload.overlay, headline=payload.headline if payload.overlay else None,
        call_to_action=payload.call_to_action if payload.overlay else None)
    exported = [BatchExportedRow(line=row.line, brief_id=export.brief_id, export_id=export.id)
                for row, export in result.exported]
    skipped = [BatchSkippedRow(line=row.line, brief_id=brief.id, reason=reason) for row, brief, reason in result.skipped]
    if not exported:
        reasons = "; ".join(f"line {s.line}: {s.reason}" for s in skipped) or "the batch started no brief"
        raise HttpError(422, f"Nothing to export: {reasons}")
    return 201, BatchExportOut(exported=exported, skipped=skipped)


@router.get("/batches/{batch_id}/zip", response=ERRORS, url_name="batch_zip",
            openapi_extra=binary("application/zip", "The newest finished export of every brief, one folder per row."))
def batch_zip(request: HttpRequest, batch_id: int = Path(ge=1, le=MAX_ID)):
    batch = batch_for(request, batch_id)
    spool = tempfile.TemporaryFile()  # FileResponse closes it once sent
    try:
        pipeline.batch_zip_write(batch=batch, archive=spool)
    except ValueError as exc:
        spool.close()
        raise HttpError(409, str(exc)) from None
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"batch-{batch.id}.zip", content_type="application/zip")
