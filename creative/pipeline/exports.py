"""Export: approved images into channel presets and formats, a zip and manifests (DESIGN §7)."""

from __future__ import annotations

import csv
import io
import json
import logging
import tempfile
import zipfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from creative import events
from creative.export.presets import PRESETS_BY_NAME, SEED_PRESETS
from creative.export.render import render_sizes
from creative.models import Brief, BriefStatus, Export, ExportStatus, Generation, Rendition

logger = logging.getLogger(__name__)

FORMATS = ("webp", "jpeg", "png")
MANIFEST_FIELDS = ("file", "channel", "preset", "width", "height", "format", "bytes", "model", "provider",
                   "prompt", "style", "score", "approvals", "cost_cents")


def export_create(
    *,
    brief: Brief,
    generations: list[Generation],
    requested_by=None,
    approvals: dict[int, list[str]] | None = None,
    presets: list[str] | None = None,
    formats: list[str] | None = None,
    quality: int = 85,
) -> Export:
    """Record an export of these generations and queue it."""
    from creative import tasks

    if not generations:
        raise ValueError("Nothing to export: approve at least one image first.")
    presets = presets or [p.name for p in SEED_PRESETS]
    formats = formats or ["webp"]
    unknown = [p for p in presets if p not in PRESETS_BY_NAME] + [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"Unknown presets or formats: {', '.join(unknown)}")
    approvals = approvals or {}
    items = [{"generation_id": g.id, "approvals": approvals.get(g.id, [])} for g in generations]
    with transaction.atomic():
        export = Export.objects.create(
            brief=brief, requested_by=requested_by, items=items, presets=presets, formats=formats, quality=quality,
            total_count=len(items) * len(presets) * len(formats),
        )
        transaction.on_commit(lambda: tasks.export_run(export.id))
    return export


def item_folder(position: int, generation: Generation) -> str:
    return f"{position:02d}-{generation.prompt.style}-{generation.image_model.name}-g{generation.id}"


def export_run(*, export_id: int) -> None:
    """Render every item into every preset and format, write the zip by streaming, mark the brief exported."""
    updated = Export.objects.filter(id=export_id, status=ExportStatus.PENDING).update(status=ExportStatus.RUNNING)
    if not updated:
        return
    export = Export.objects.select_related("brief").get(id=export_id)
    try:
        _export_write(export)
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        Export.objects.filter(id=export_id).update(status=ExportStatus.FAILED, error=str(exc)[:1000])
        events.publish(export.brief_id, "export_changed", export_id=export_id)
        raise
    Brief.objects.filter(id=export.brief_id, status=BriefStatus.REVIEWING).update(status=BriefStatus.EXPORTED)
    events.publish(export.brief_id, "export_changed", export_id=export_id)
    events.publish(export.brief_id, "brief_changed")


def _export_write(export: Export) -> None:
    generations = Generation.objects.select_related("prompt", "image_model").in_bulk(
        [item["generation_id"] for item in export.items]
    )
    presets = [PRESETS_BY_NAME[name] for name in export.presets]
    manifest: list[dict] = []
    done = 0
    # The zip goes to a temporary file, not memory, so memory stays flat in the number of images.
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            for position, item in enumerate(export.items, start=1):
                generation = generations.get(item["generation_id"])
                if generation is None or not generation.image:
                    continue
                folder = item_folder(position, generation)
                with generation.image.open("rb") as fh, Image.open(fh) as source:
                    source = source.convert("RGB")
                    for fmt in export.formats:
                        outputs = render_sizes(source, presets=presets, focal=(generation.focal_x, generation.focal_y),
                                               format=fmt, quality=export.quality)
                        for output in outputs:
                            name = f"{folder}/{output.preset.name}.{_extension(fmt)}"
                            archive.writestr(name, output.data)
                            rendition = Rendition(export=export, generation=generation, preset=output.preset.name,
                                                  format=fmt, width=output.width, height=output.height,
                                                  bytes=len(output.data))
                            rendition.file.save(name, ContentFile(output.data), save=True)
                            manifest.append(_manifest_row(name, output, generation, item["approvals"]))
                            done += 1
                Export.objects.filter(id=export.id).update(done_count=done)
                events.publish(export.brief_id, "export_changed", export_id=export.id)
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.writestr("manifest.csv", manifest_csv(manifest))
        size = spool.tell()
        spool.seek(0)
        export.zip.save(f"brief-{export.brief_id}-export-{export.id}.zip", File(spool), save=False)
    Export.objects.filter(id=export.id).update(
        status=ExportStatus.DONE, zip=export.zip.name, zip_bytes=size, manifest=manifest, done_count=done,
        finished_at=timezone.now(),
    )


def _extension(fmt: str) -> str:
    return "jpg" if fmt == "jpeg" else fmt


def _manifest_row(name: str, output, generation: Generation, approvals: list[str]) -> dict:
    return {
        "file": name, "channel": output.preset.channel, "preset": output.preset.name,
        "width": output.width, "height": output.height, "format": output.format, "bytes": len(output.data),
        "model": generation.image_model.name, "provider": generation.image_model.provider,
        "prompt": generation.prompt.text, "style": generation.prompt.style, "score": generation.score,
        "approvals": approvals, "cost_cents": float(generation.cost),
    }


def manifest_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "approvals": ";".join(row["approvals"])})
    return buffer.getvalue()
