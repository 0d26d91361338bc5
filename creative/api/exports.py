"""Exports through the API: what reviewers approved, in channels, formats and an overlay; status, zip, share links."""

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Router
from ninja.errors import HttpError

from creative import pipeline
from creative.api.auth import CAN_REVIEW, brief_for, export_for, token_of
from creative.api.idempotency import OPENAPI, idempotent
from creative.api.responses import ERRORS, MAX_ID, binary
from creative.api.schemas import ExportIn, ExportOut, ShareLinkIn, ShareLinkOut
from creative.models import Export, ShareLink
from reviews.exports import approved_export_create

router = Router(tags=["exports"])


def export_out(export: Export) -> ExportOut:
    return ExportOut(
        id=export.id, brief_id=export.brief_id, status=export.status, presets=export.presets, formats=export.formats,
        overlay=export.overlay, done_count=export.done_count, total_count=export.total_count, error=export.error,
        created=export.created, finished_at=export.finished_at,
        zip_url=reverse("api:export_zip", args=[export.id]) if export.zip else None,
    )


def share_link_out(request: HttpRequest, link: ShareLink) -> ShareLinkOut:
    return ShareLinkOut(id=link.id, export_id=link.export_id, url=request.build_absolute_uri(link.get_absolute_url()),
                        expires_at=link.expires_at)


@router.post("/briefs/{brief_id}/exports", response={201: ExportOut, **ERRORS}, url_name="export_create",
             openapi_extra=OPENAPI)
@idempotent
def export_create(request: HttpRequest, payload: ExportIn, brief_id: int = Path(ge=1, le=MAX_ID)):
    """Export the brief's approved images (as the gallery's export panel does); runs in the background."""
    brief = brief_for(request, brief_id, CAN_REVIEW)
    try:
        export = approved_export_create(
            brief=brief, requested_by=token_of(request).created_by, via="API", channels=payload.channels,
            presets=payload.presets, formats=payload.formats, quality=payload.quality, overlay=payload.overlay,
            headline=payload.headline if payload.overlay else None,
            call_to_action=payload.call_to_action if payload.overlay else None,
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    export.refresh_from_db()  # an immediate queue has run it already
    return 201, export_out(export)


@router.get("/exports/{export_id}", response={200: ExportOut, **ERRORS}, url_name="export_read")
def export_read(request: HttpRequest, export_id: int = Path(ge=1, le=MAX_ID)):
    return export_out(export_for(request, export_id))


@router.get("/exports/{export_id}/zip", response=ERRORS, url_name="export_zip",
            openapi_extra=binary("application/zip", "The export's zip, once it is done."))
def export_zip(request: HttpRequest, export_id: int = Path(ge=1, le=MAX_ID)):
    export = export_for(request, export_id)
    if not export.zip:
        raise Http404("The export is not ready")
    return FileResponse(export.zip.open("rb"), as_attachment=True, filename=export.download_name,
                        content_type="application/zip")


@router.post("/exports/{export_id}/share-links", response={201: ShareLinkOut, **ERRORS}, url_name="share_link_create",
             openapi_extra=OPENAPI)
@idempotent
def share_link_create(request: HttpRequest, payload: ShareLinkIn, export_id: int = Path(ge=1, le=MAX_ID)):
    """A public link to a finished export, valid for `days`."""
    export = export_for(request, export_id, CAN_REVIEW)
    try:
        link = pipeline.share_link_create(export=export, created_by=token_of(request).created_by, days=payload.days)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    return 201, share_link_out(request, link)


@router.post("/exports/{export_id}/share-links/{share_link_id}/revoke", response={200: ShareLinkOut, **ERRORS},
             url_name="share_link_revoke", openapi_extra=OPENAPI)
@idempotent
def share_link_revoke(request: HttpRequest, export_id: int = Path(ge=1, le=MAX_ID),
                      share_link_id: int = Path(ge=1, le=MAX_ID)):
    export = export_for(request, export_id, CAN_REVIEW)
    link = export.share_links.filter(id=share_link_id).first()
    if link is None:
        raise Http404("No such share link")
    pipeline.share_link_revoke(share_link_id=link.id)
    return 200, share_link_out(request, link)
