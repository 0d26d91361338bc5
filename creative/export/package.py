"""Package: many approved images into every preset and format, streamed into one zip with manifests.

Memory stays flat in the number of images: a source is decoded, rendered and written out before
more than LOOKAHEAD later ones are opened, and the zip goes to a file, never to memory. Throughput
comes from keeping both cores busy across images: while the last, longest encodes of one image
finish, the next image is already decoding and its renditions are queued behind them.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from PIL import Image

from .adplatforms import SheetContext, platform_sheets
from .presets import Preset
from .provenance import Provenance, xmp_packet
from .render import DEFAULT_QUALITY, Finishing, Rendition, render_sizes_submit, submit
from .sheets import csv_text

# Images whose renditions may be queued while the oldest is written out: one keeps both cores
# busy across the boundary between images; each more holds another decoded source in memory.
LOOKAHEAD = 1

MANIFEST_FIELDS = (
    "file",
    "channel",
    "preset",
    "width",
    "height",
    "format",
    "bytes",
    "sha256",
    "generation_id",
    "source_generation_id",
    "model",
    "provider",
    "prompt",
    "style",
    "score",
    "approvals",
    "approval_chain",
    "comments",
    "cost_cents",
)


@dataclass(frozen=True)
class PackageItem:
    """One approved image: where its files go in the zip, how to open it, and what the manifest says."""

    folder: str
    load: Callable[[], Image.Image]
    focal: tuple[float, float] = (0.5, 0.5)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="unknown"))
    fields: dict[str, Any] = field(default_factory=dict)  # manifest columns: generation_id, model, prompt, score ...
    # The presets rendered from this source; None: all of the options'. An approved image whose shapes were
    # made apart is several items in one folder, each preset cut from the closest-shaped source.
    presets: Sequence[Preset] | None = None


@dataclass(frozen=True)
class PackageOptions:
    presets: Sequence[Preset]
    formats: Sequence[str] = ("webp",)
    quality: int = DEFAULT_QUALITY
    finish: Callable[[Image.Image, Preset], Image.Image] | None = None  # overlay, watermark
    seal: Callable[[bytes, str, Provenance, str], bytes] | None = None  # C2PA
    sheets: SheetContext | None = None  # ad platform sheets; None for none


@dataclass
class PackageResult:
    manifest: list[dict[str, Any]]
    files: int
    images: int


def package_write(
    items: Iterable[PackageItem],
    *,
    options: PackageOptions,
    archive: BinaryIO,
    on_rendition: Callable[[PackageItem, str, Rendition], None] | None = None,
    on_item: Callable[[int], None] | None = None,
) -> PackageResult:
    """Render every item into every preset and format and write them, the manifests and the platform
    sheets into a zip at `archive` (a file: it is written as it goes)."""
    manifest: list[dict[str, Any]] = []
    images = 0
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as bundle:
        pending: deque[tuple[PackageItem, list[Future[list[Rendition]]]]] = deque()
        iterator = iter(items)
        loading = _load_next(iterator)
        while loading is not None:
            item, future = loading
            image = future.result()
            loading = _load_next(iterator)  # decodes on the pool while this image renders
            pending.append((item, _submit(item, image, options)))
            # The queued jobs hold what they need; drop the rest, so the source is freed when they finish.
            del image, future
            while len(pending) > LOOKAHEAD:
                images += _write_item(
                    bundle, *pending.popleft(), manifest=manifest, on_rendition=on_rendition
                )
                if on_item:
                    on_item(images)
        while pending:
            images += _write_item(bundle, *pending.popleft(), manifest=manifest, on_rendition=on_rendition)
            if on_item:
                on_item(images)
        _write_text(bundle, "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        _write_text(bundle, "manifest.csv", manifest_csv(manifest))
        if options.sheets is not None:
            for name, text in platform_sheets(manifest, context=options.sheets).items():
                # Beside the manifests, not in a folder: every folder in the zip is one image.
                _write_text(bundle, name, text)
    return PackageResult(manifest=manifest, files=len(manifest), images=images)


def manifest_csv(rows: Sequence[dict[str, Any]], *, leading: Sequence[str] = ()) -> str:
    """The manifest as CSV: lists joined with ';', the approval chain as reviewer@time, one comment a line;
    `leading` columns (a batch's line and product) first."""
    flat = (
        {
            **row,
            "approvals": ";".join(row.get("approvals", [])),
            "approval_chain": ";".join(
                f"{step.get('reviewer', '')}@{step.get('at', '')}" for step in row.get("approval_chain", [])
            ),
            "comments": "\n".join(f"{c.get('author', '')}: {c.get('comment', '')}" for c in row.get("comments", [])),
        }
        for row in rows
    )
    return csv_text(flat, fieldnames=(*leading, *MANIFEST_FIELDS), extrasaction="ignore")


def rendition_name(folder: str, rendition: Rendition) -> str:
    return f"{folder}/{rendition.preset.name}.{rendition.extension}"


def _load_next(iterator: Iterator[PackageItem]) -> tuple[PackageItem, Future[Image.Image]] | None:
    item = next(iterator, None)
    if item is None:
        return None
    return item, submit(_load, item)


def _load(item: PackageItem) -> Image.Image:
    image = item.load()
    image.load()
    return image


def _submit(item: PackageItem, image: Image.Image, options: PackageOptions) -> list[Future[list[Rendition]]]:
    seal = None
    if options.seal is not None:
        outer = options.seal

        def seal(data: bytes, mime_type: str, preset_name: str) -> bytes:
            return outer(data, mime_type, item.provenance, f"{item.folder}/{preset_name}")

    finishing = Finishing(finish=options.finish, xmp=xmp_packet(item.provenance), seal=seal)
    return render_sizes_submit(
        image,
        presets=options.presets if item.presets is None else item.presets,
        focal=item.focal,
        formats=options.formats,
        quality=options.quality,
        finishing=finishing,
    )


def _write_item(
    bundle: zipfile.ZipFile,
    item: PackageItem,
    futures: list[Future[list[Rendition]]],
    *,
    manifest: list[dict[str, Any]],
    on_rendition: Callable[[PackageItem, str, Rendition], None] | None,
) -> int:
    for future in futures:
        for rendition in future.result():
            name = rendition_name(item.folder, rendition)
            bundle.writestr(name, rendition.data)
            manifest.append(_manifest_row(name, rendition, item))
            if on_rendition is not None:
                on_rendition(item, name, rendition)
    return 1


def _manifest_row(name: str, rendition: Rendition, item: PackageItem) -> dict[str, Any]:
    row = {
        "file": name,
        "channel": rendition.preset.channel,
        "preset": rendition.preset.name,
        "width": rendition.width,
        "height": rendition.height,
        "format": rendition.format,
        "bytes": len(rendition.data),
        "sha256": hashlib.sha256(rendition.data).hexdigest(),
    }
    row.update((key, value) for key, value in item.fields.items() if key not in row)
    return row


def _write_text(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    bundle.writestr(name, text.encode(), compress_type=zipfile.ZIP_DEFLATED)
