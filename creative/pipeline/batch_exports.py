"""A batch's export: the approved images of all its briefs in one download.

Each brief is exported on its own, by the export machinery every brief uses (resumed and swept like any
other), so one brief's failure costs only that brief. The batch's zip is stitched from the newest finished
export of each brief: a folder per feed row, each holding that export's files and manifests, and one
manifest for the whole batch with the row's line and product on every file.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.text import slugify

from creative.export.package import manifest_csv
from creative.models import Batch, BatchRow, Brief, Export, ExportStatus

# Copied in slices, so a large rendition (a 2048 px PNG) never sits in memory twice.
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class BatchExportRow:
    row: BatchRow
    export: Export | None  # the newest export of the row's brief, if it has one

    @property
    def folder(self) -> str:
        return f"{self.row.line:04d}-{slugify(self.row.name)[:60] or 'brief'}"


@dataclass(frozen=True)
class BatchExportState:
    rows: list[BatchExportRow]

    @property
    def exported(self) -> list[BatchExportRow]:
        return [r for r in self.rows if r.export is not None]

    @property
    def done(self) -> list[BatchExportRow]:
        return [r for r in self.rows if r.export is not None and r.export.status == ExportStatus.DONE
                and r.export.zip]

    @property
    def running(self) -> int:
        return sum(1 for r in self.exported if r.export and r.export.status in (ExportStatus.PENDING,
                                                                                 ExportStatus.RUNNING))

    @property
    def ready(self) -> bool:
        """Something to download and nothing still on its way."""
        return bool(self.done) and not self.running


def batch_briefs(*, batch: Batch) -> list[tuple[BatchRow, Brief]]:
    """The rows that started a brief, each with its brief, in feed order."""
    rows = batch.rows.filter(brief__isnull=False).select_related("brief__workspace").order_by("line")
    return [(row, row.brief) for row in rows if row.brief is not None]


def batch_export_state(*, batch: Batch) -> BatchExportState:
    """Every row that started a brief, with that brief's newest export."""
    briefs = batch_briefs(batch=batch)
    newest: dict[int, Export] = {}
    for export in Export.objects.filter(brief_id__in=[b.id for _, b in briefs]).order_by("created", "id"):
        newest[export.brief_id] = export
    return BatchExportState(rows=[BatchExportRow(row=row, export=newest.get(brief.id)) for row, brief in briefs])


def batch_zip_write(*, batch: Batch, archive: BinaryIO) -> int:
    """Write the batch's zip to `archive` (a file); the number of briefs in it."""
    state = batch_export_state(batch=batch)
    if not state.done:
        raise ValueError("No brief of this batch has a finished export yet.")
    manifest: list[dict] = []
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as bundle:
        for entry in state.done:
            export = entry.export
            if export is None:  # `done` holds only rows with an export; `None.zip` would raise the same
                raise AttributeError("a finished row has no export")
            with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as source:
                for info in source.infolist():
                    _copy(source, info, bundle, f"{entry.folder}/{info.filename}")
            for row in export.manifest:
                manifest.append({"batch_line": entry.row.line, "product": entry.row.name,
                                 "brief_id": export.brief_id, **row, "file": f"{entry.folder}/{row.get('file', '')}"})
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        bundle.writestr("manifest.csv", manifest_csv(manifest, leading=("batch_line", "product", "brief_id")))
    return len(state.done)


def _copy(source: zipfile.ZipFile, info: zipfile.ZipInfo, bundle: zipfile.ZipFile, name: str) -> None:
    target = zipfile.ZipInfo(name, date_time=info.date_time)
    target.compress_type = zipfile.ZIP_STORED
    target.file_size = info.file_size
    with source.open(info) as reader, bundle.open(target, "w", force_zip64=info.file_size > 2**31) as writer:
        while chunk := reader.read(_COPY_CHUNK):
            writer.write(chunk)
