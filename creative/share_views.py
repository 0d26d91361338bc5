"""Share links: reviewers create and revoke them; whoever holds one sees and downloads the export's files.

A token whose signature fails, or that names no link, answers 404; an expired or revoked link 410,
so a client who was sent a dead link learns it is gone rather than never there.
"""

from typing import TypeVar

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from creative import access
from creative.access import member_login_required
from creative.export.adplatforms import SheetContext, platform_sheets
from creative.export.watermark import POSITIONS
from creative.forms import ShareLinkForm, watermark_posted
from creative.models import Export, Rendition, ShareLink, ShareState
from creative.pipeline import (
    share_file_bytes,
    share_file_name,
    share_link_count_download,
    share_link_create,
    share_link_find,
    share_link_revoke,
    share_zip_stream,
)

_Response = TypeVar("_Response", bound=HttpResponseBase)


def _public(response: _Response) -> _Response:
    # The token is in the URL: keep it out of caches, referrers and search engines.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _get_active_link(request: HttpRequest, token: str) -> ShareLink | HttpResponse:
    link = share_link_find(token)
    if link is None:
        raise Http404("No such share link")
    if link.state != ShareState.ACTIVE:
        return _public(render(request, "creative/share_gone.html", {"link": link}, status=410))
    return link


@require_GET
def share_page(request: HttpRequest, token: str) -> HttpResponse:
    link = _get_active_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    export = link.export
    groups: dict[int, dict] = {}
    for rendition in export.renditions.select_related(
        "generation__prompt", "generation__image_model"
    ).order_by("id"):
        group = groups.setdefault(
            rendition.generation_id,
            {
                "generation": rendition.generation,
                "files": [],
                "title": rendition.generation.prompt.style.replace("_", " ").capitalize(),
            },
        )
        group["files"].append({"rendition": rendition, "name": share_file_name(rendition)})
    for group in groups.values():
        # The smallest square (else the smallest file) previews the image: quick to load, whole picture.
        files = [f["rendition"] for f in group["files"]]
        squares = [r for r in files if r.width == r.height] or files
        group["preview"] = min(squares, key=lambda r: r.width * r.height)
    sheets = sorted(platform_sheets(export.manifest, context=SheetContext(campaign=export.brief.title)))
    context = {
        "link": link,
        "export": export,
        "brief": export.brief,
        "groups": list(groups.values()),
        "token": token,
        "sheets": sheets,
    }
    return _public(render(request, "creative/share.html", context))


@require_GET
def share_file(request: HttpRequest, token: str, rendition_id: int) -> HttpResponse:
    link = _get_active_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    rendition = Rendition.objects.filter(id=rendition_id, export_id=link.export_id).first()
    if rendition is None:
        raise Http404("No such file")
    download = request.GET.get("download") == "1"
    # Previews on the page are not downloads; a file asked for as an attachment is counted.
    if download and not share_link_count_download(share_link=link):
        return _public(render(request, "creative/share_gone.html", {"link": link}, status=410))
    data = share_file_bytes(share_link=link, rendition=rendition)
    response = HttpResponse(data, content_type=f"image/{rendition.format}")
    if download:
        response["Content-Disposition"] = (
            f'attachment; filename="{share_file_name(rendition).replace("/", "_")}"'
        )
    return _public(response)


@require_GET
def share_zip(request: HttpRequest, token: str) -> HttpResponseBase:
    link = _get_active_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    export = link.export
    if not export.zip:
        raise Http404("The export has no zip")
    if not share_link_count_download(share_link=link):
        return _public(render(request, "creative/share_gone.html", {"link": link}, status=410))
    filename = export.download_name
    if link.watermarked:
        response = StreamingHttpResponse(share_zip_stream(share_link=link), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _public(response)
    return _public(FileResponse(export.zip.open("rb"), as_attachment=True, filename=filename))


@require_GET
def share_sheet(request: HttpRequest, token: str, name: str) -> HttpResponse:
    """A platform's bulk-upload sheet whose media cells are this link's public file URLs."""
    link = _get_active_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    urls = {
        share_file_name(r): request.build_absolute_uri(reverse("creative:share_file", args=[token, r.id]))
        for r in link.export.renditions.all()
    }
    export = link.export
    context = SheetContext(
        campaign=export.brief.title,
        headline=export.headline,
        call_to_action=export.call_to_action,
        media_url=lambda path: urls.get(path, path),
    )
    sheets = platform_sheets(export.manifest, context=context)
    if name not in sheets:
        raise Http404("No such sheet")
    response = HttpResponse(sheets[name], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _public(response)


def _links_partial(
    request: HttpRequest, export: Export, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "export": export,
        "share_links": export.share_links.all()[:10],
        "share_error": error,
        "positions": POSITIONS,
        "site": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "creative/_share_links.html", context, status=status)


@require_POST
@member_login_required
def share_create(request: HttpRequest, export_id: int) -> HttpResponse:
    export = access.export_for_reviewer(request, export_id)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _links_partial(request, export, error=form.error_text(), status=422)
    days = form.cleaned_data["days"] or 7
    try:
        watermark = watermark_posted(request.POST)
        share_link_create(export=export, created_by=request.user, days=days, watermark=watermark)
    except ValueError as exc:
        return _links_partial(request, export, error=str(exc), status=422)
    return _links_partial(request, export)


@require_POST
@member_login_required
def share_revoke(request: HttpRequest, export_id: int, share_link_id: int) -> HttpResponse:
    export = access.export_for_reviewer(request, export_id)
    if not export.share_links.filter(id=share_link_id).exists():
        raise Http404("No such share link")
    share_link_revoke(share_link_id=share_link_id)
    return _links_partial(request, export)
