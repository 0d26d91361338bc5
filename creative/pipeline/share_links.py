"""Public links to a finished export: made, revoked, counted, and the files and zip they serve."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from typing import cast

from django.core import signing
from django.db.models import F
from django.utils import timezone
from PIL import Image

from creative.export.package import manifest_csv
from creative.export.render import encode
from creative.export.watermark import Watermark, watermark_apply, watermark_from_options
from creative.models import BrandKit, Export, ExportStatus, Rendition, ShareLink
from creative.models.sharing import SHARE_SALT
from creative.pipeline.brand_kits import brand_logo
from creative.pipeline.export_options import watermark_options_clean

MAX_SHARE_DAYS = 90


def share_link_create(
    *, export: Export, created_by=None, days: int = 7, watermark: dict | None = None
) -> ShareLink:
    """A new public link to a finished export, valid for `days` (1 to 90)."""
    if export.status != ExportStatus.DONE:
        raise ValueError("Only a finished export can be shared.")
    if not 1 <= days <= MAX_SHARE_DAYS:
        raise ValueError(f"A share link lasts from 1 to {MAX_SHARE_DAYS} days.")
    now = timezone.now()
    return ShareLink.objects.create(
        export=export,
        created_by=created_by,
        created=now,
        expires_at=now + timedelta(days=days),
        watermark=watermark_options_clean(watermark),
    )


def share_link_revoke(*, share_link_id: int) -> bool:
    """Revoke a link for good; False when it was already revoked."""
    return (
        ShareLink.objects.filter(id=share_link_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
        == 1
    )


def share_link_find(signed_token: str) -> ShareLink | None:
    """The link a URL token names; None when the signature is wrong or no such link exists (both: 404)."""
    try:
        token = signing.Signer(salt=SHARE_SALT).unsign(signed_token)
    except signing.BadSignature:
        return None
    return ShareLink.objects.select_related("export__brief").filter(token=token).first()


def share_link_count_download(*, share_link: ShareLink) -> bool:
    """Count one download, only while the link is usable; False when it was revoked or expired meanwhile."""
    counted = ShareLink.objects.filter(
        id=share_link.id, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(downloads=F("downloads") + 1)
    return counted == 1


# share_file_bytes' default for `watermark`: build it from the link (None is a built watermark: no mark).
_FROM_LINK = object()


def share_file_bytes(
    *, share_link: ShareLink, rendition: Rendition, watermark: Watermark | object | None = _FROM_LINK
) -> bytes:
    """The file as the link serves it: the stored rendition, or a watermarked copy of it.

    `watermark` is `_link_watermark(share_link)` computed beforehand, for callers serving many files.
    """
    with rendition.file.open("rb") as fh:
        data = fh.read()
    if not share_link.watermarked:
        return data
    if watermark is _FROM_LINK:
        watermark = _link_watermark(share_link)
    return _watermarked(data, share_link=share_link, rendition=rendition,
                        watermark=cast("Watermark | None", watermark))


def share_zip_stream(*, share_link: ShareLink) -> Iterator[bytes]:
    """A zip of the export's files with the link's watermark, produced as it is sent (nothing held whole)."""
    export = share_link.export
    sink = _Chunks()
    manifest = []
    rows = {row["file"]: row for row in export.manifest}
    # One brand kit query and logo decode per zip, not per file.
    watermark = _link_watermark(share_link) if share_link.watermarked else None
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as bundle:
        for rendition in export.renditions.order_by("id"):
            name = share_file_name(rendition)
            data = share_file_bytes(share_link=share_link, rendition=rendition, watermark=watermark)
            bundle.writestr(name, data)
            manifest.append(
                {
                    **rows.get(name, {"file": name}),
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
            yield sink.drain()
        bundle.writestr(
            "manifest.json",
            json.dumps(manifest, indent=2, ensure_ascii=False),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        bundle.writestr("manifest.csv", manifest_csv(manifest), compress_type=zipfile.ZIP_DEFLATED)
    yield sink.drain()


def share_file_name(rendition: Rendition) -> str:
    """The path in the export's zip; renditions are stored as exports/<brief>/<export>/<folder>/<file>."""
    name = rendition.file.name
    if name is None:  # as `None.split` would; a stored rendition always has a name
        raise AttributeError(f"rendition {rendition.id} has no file")
    return "/".join(name.split("/")[-2:])


def _link_watermark(share_link: ShareLink) -> Watermark | None:
    """The link's watermark; the brand kit's logo is loaded only when the watermark uses it."""
    logo = None
    if (share_link.watermark or {}).get("logo"):
        kit = BrandKit.objects.filter(workspace_id=share_link.export.brief.workspace_id).first()
        logo = brand_logo(kit)
    return watermark_from_options(share_link.watermark, logo=logo)


def _watermarked(data: bytes, *, share_link: ShareLink, rendition: Rendition, watermark: Watermark | None) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        xmp = image.info.get("xmp", b"")
        marked = watermark_apply(image, watermark=watermark) if watermark else image.copy()
    return encode(
        marked,
        format=rendition.format,
        quality=share_link.export.quality,
        xmp=xmp.encode() if isinstance(xmp, str) else xmp,
    )


class _Chunks(io.RawIOBase):
    """A write-only sink zipfile streams into; not seekable, so zipfile writes data descriptors."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data
