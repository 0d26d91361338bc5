"""Export: approved images into channel presets and formats, a zip and manifests (DESIGN §7).

`export_create` records what was approved and how it should leave; `export_run` (a Huey task) renders
it through `creative.export.package`, streaming the zip to a temporary file and then to storage.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image

from creative import events
from creative.export.adplatforms import SheetContext
from creative.export.overlay import Brand, overlay_finisher
from creative.export.package import PackageItem, PackageOptions, package_write
from creative.export.presets import BUILTIN_PRESETS, DEFAULT_CHANNELS, PRESETS_BY_NAME, Preset
from creative.export.provenance import C2paCredentials, Provenance, c2pa_sealer
from creative.export.render import DEFAULT_QUALITY, FORMATS
from creative.export.render import Rendition as Output
from creative.export.text import DEFAULT_FONT, parse_colour
from creative.export.watermark import POSITIONS, Watermark, watermark_finisher, watermark_from_options
from creative.models import (
    BrandKit,
    Brief,
    BriefStatus,
    Export,
    ExportPreset,
    ExportStatus,
    Generation,
    Rendition,
)
from creative.pipeline.lost import LOST_AFTER, queued_task_arguments

logger = logging.getLogger(__name__)

__all__ = [
    "brand_for", "brand_logo", "export_create", "export_run", "exports_sweep", "presets_available", "presets_resolve",
    "watermark_options_clean",
]


def presets_available(*, include_disabled: bool = False) -> list[Preset]:
    """The built-in presets, then the admin-added ones (a name already built in keeps its built-in size)."""
    rows = ExportPreset.objects.all() if include_disabled else ExportPreset.objects.filter(enabled=True)
    extra = [
        Preset(row.name, row.width, row.height, row.channel)
        for row in rows
        if row.name not in PRESETS_BY_NAME
    ]
    return list(BUILTIN_PRESETS) + extra


def presets_resolve(
    *, names: Sequence[str] = (), channels: Sequence[str] = (), include_disabled: bool = False
) -> list[Preset]:
    """Presets named plus every preset of the channels named, in catalogue order; ValueError if unknown."""
    available = presets_available(include_disabled=include_disabled)
    by_name = {preset.name: preset for preset in available}
    known_channels = {preset.channel for preset in available}
    unknown = [name for name in names if name not in by_name]
    unknown += [f"channel {channel}" for channel in channels if channel not in known_channels]
    if unknown:
        raise ValueError(f"Unknown presets or formats: {', '.join(unknown)}")
    wanted = set(names)
    return [preset for preset in available if preset.name in wanted or preset.channel in channels]


def export_create(
    *,
    brief: Brief,
    generations: list[Generation],
    requested_by=None,
    approvals: dict[int, list[str]] | None = None,
    approval_chain: dict[int, list[dict]] | None = None,
    presets: Sequence[str] | None = None,
    channels: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    quality: int = DEFAULT_QUALITY,
    overlay: bool = False,
    headline: str | None = None,
    call_to_action: str | None = None,
    watermark: dict | None = None,
) -> Export:
    """Record an export of these generations and queue it; with no presets or channels, the seed eight."""
    from creative import tasks

    if not generations:
        raise ValueError("Nothing to export: approve at least one image first.")
    if not presets and not channels:
        channels = DEFAULT_CHANNELS
    chosen = presets_resolve(names=presets or (), channels=channels or ())
    formats = [("jpeg" if f.lower() == "jpg" else f.lower()) for f in (formats or ["webp"])]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"Unknown presets or formats: {', '.join(unknown)}")
    if not 1 <= quality <= 100:
        raise ValueError("Quality must be between 1 and 100.")
    watermark = watermark_options_clean(watermark)
    if overlay:
        kit = BrandKit.objects.filter(workspace_id=brief.workspace_id).first()
        headline = (headline if headline is not None else getattr(kit, "headline", "")).strip()
        call_to_action = (
            call_to_action if call_to_action is not None else getattr(kit, "call_to_action", "")
        ).strip()
        if not headline and not call_to_action and not (kit and kit.logo_raster):
            raise ValueError("The overlay needs a headline, a call-to-action or a brand logo.")
    approvals = approvals or {}
    items = [{"generation_id": g.id, "approvals": approvals.get(g.id, [])} for g in generations]
    chain = {
        str(g.id): (approval_chain or {}).get(g.id, [])
        for g in generations
        if (approval_chain or {}).get(g.id)
    }
    with transaction.atomic():
        export = Export.objects.create(
            brief=brief,
            requested_by=requested_by,
            items=items,
            approval_chain=chain,
            presets=[p.name for p in chosen],
            formats=list(dict.fromkeys(formats)),
            quality=quality,
            overlay=overlay,
            headline=(headline or "")[:200] if overlay else "",
            call_to_action=(call_to_action or "")[:60] if overlay else "",
            watermark=watermark,
            total_count=len(items) * len(chosen) * len(set(formats)),
        )
        transaction.on_commit(lambda: tasks.export_run(export.id))
    return export


def item_folder(position: int, generation: Generation) -> str:
    return f"{position:02d}-{generation.prompt.style}-{generation.image_model.name}-g{generation.id}"


class ExportSuperseded(Exception):
    """The sweep gave this export to a new run while this one was stalled: stop, and keep nothing."""


def export_run(*, export_id: int) -> None:
    """Render every item into every preset and format, write the zip by streaming, mark the brief exported."""
    now = timezone.now()
    claimed = Export.objects.filter(id=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, attempt=F("attempt") + 1, heartbeat_at=now
    )
    if not claimed:
        return  # Already running or finished: a retried task must not render twice.
    export = Export.objects.select_related("brief__workspace").get(id=export_id)
    events.publish(export.brief_id, "export_changed", export_id=export_id)
    try:
        _export_write(export)
    except ExportSuperseded:
        logger.warning("export %s attempt %s was replaced by a later run; it stopped", export_id, export.attempt)
        return
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        _this_run(export).update(status=ExportStatus.FAILED, error=str(exc)[:1000])
        events.publish(export.brief_id, "export_changed", export_id=export_id)
        raise
    Brief.objects.filter(id=export.brief_id, status=BriefStatus.REVIEWING).update(status=BriefStatus.EXPORTED)
    events.publish(export.brief_id, "export_changed", export_id=export_id)
    events.publish(export.brief_id, "brief_changed")


# A run that has not reported progress for this long stopped (its worker was killed): one image's
# renditions take seconds, AVIF at 2048 px included.
EXPORT_STALL = timedelta(minutes=5)


def exports_sweep(*, queued: dict[str, set] | None = None) -> int:
    """Restart exports whose run stopped, and queue again pending exports whose task was lost.

    `queued` is `queued_task_arguments()` when the caller has read the queue already."""
    from creative import tasks

    now = timezone.now()
    count = 0
    for export in Export.objects.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=now - EXPORT_STALL):
        with transaction.atomic():
            # Conditional on the run it saw: a run that reported progress meanwhile keeps its export.
            reset = Export.objects.filter(
                id=export.id, status=ExportStatus.RUNNING, attempt=export.attempt, heartbeat_at__lt=now - EXPORT_STALL
            ).update(status=ExportStatus.PENDING, done_count=0)
            if not reset:
                continue
            stale = list(export.renditions.all())
            export.renditions.all().delete()
        for rendition in stale:
            rendition.file.delete(save=False)
        logger.warning("export %s: run %s stopped; starting it again", export.id, export.attempt)
        events.publish(export.brief_id, "export_changed", export_id=export.id)
    queued = (queued_task_arguments() if queued is None else queued)["export_run"]
    lost = Export.objects.filter(status=ExportStatus.PENDING, created__lt=now - LOST_AFTER).exclude(id__in=queued)
    for export_id in lost.values_list("id", flat=True):
        tasks.export_run(export_id)
        count += 1
    return count


def _this_run(export: Export):
    """The export's row while this run still owns it."""
    return Export.objects.filter(id=export.id, attempt=export.attempt, status=ExportStatus.RUNNING)


def _export_write(export: Export) -> None:
    generations = Generation.objects.select_related("prompt", "image_model").in_bulk(
        [item["generation_id"] for item in export.items]
    )
    presets = presets_resolve(names=export.presets, include_disabled=True)
    seal = c2pa_sealer(c2pa_credentials())
    options = PackageOptions(
        presets=presets,
        formats=export.formats,
        quality=export.quality,
        finish=_finisher(export),
        seal=seal,
        sheets=SheetContext(
            campaign=export.brief.title, headline=export.headline, call_to_action=export.call_to_action
        ),
    )
    pending: list[Rendition] = []
    done = 0

    def on_rendition(item: PackageItem, name: str, output: Output) -> None:
        rendition = Rendition(
            export=export,
            generation_id=item.fields["generation_id"],
            preset=output.preset.name,
            channel=output.preset.channel,
            format=output.format,
            width=output.width,
            height=output.height,
            bytes=len(output.data),
        )
        rendition.file.save(name, ContentFile(output.data), save=False)
        pending.append(rendition)

    def on_item(images: int) -> None:
        nonlocal done
        # Progress is the run's heartbeat; a run the sweep replaced learns it here and records nothing more.
        if not _this_run(export).update(done_count=done + len(pending), heartbeat_at=timezone.now()):
            raise ExportSuperseded
        Rendition.objects.bulk_create(pending)
        done += len(pending)
        pending.clear()
        events.publish(export.brief_id, "export_changed", export_id=export.id)

    items = _package_items(export, generations)
    # The zip goes to a temporary file, not memory, then to storage: memory is flat in the number of images.
    try:
        with tempfile.TemporaryFile() as spool:
            result = package_write(
                items, options=options, archive=spool, on_rendition=on_rendition, on_item=on_item
            )
            size = spool.tell()
            spool.seek(0)
            attempt = "" if export.attempt <= 1 else f"-attempt-{export.attempt}"
            export.zip.save(f"brief-{export.brief_id}-export-{export.id}{attempt}.zip", File(spool), save=False)
    except ExportSuperseded:
        for rendition in pending:  # written for the item it was stopped at, never recorded
            rendition.file.delete(save=False)
        raise
    finished = _this_run(export).update(
        status=ExportStatus.DONE,
        zip=export.zip.name,
        zip_bytes=size,
        manifest=result.manifest,
        done_count=result.files,
        signed=seal is not None,
        finished_at=timezone.now(),
    )
    if not finished:
        export.zip.delete(save=False)  # its name carries this run's attempt: the later run's zip stays
        raise ExportSuperseded


def _package_items(export: Export, generations: dict[int, Generation]):
    for position, item in enumerate(export.items, start=1):
        generation = generations.get(item["generation_id"])
        if generation is None or not generation.image:
            continue
        chain = export.approval_chain.get(str(generation.id), [])
        provenance = Provenance(
            model=generation.image_model.name,
            provider=generation.image_model.provider,
            prompt=generation.prompt.text,
            created=generation.finished_at.isoformat() if generation.finished_at else "",
            approvals=tuple(chain),
        )
        yield PackageItem(
            folder=item_folder(position, generation),
            load=_loader(generation.image.name),
            focal=(generation.focal_x, generation.focal_y),
            provenance=provenance,
            fields={
                "generation_id": generation.id,
                "model": generation.image_model.name,
                "provider": generation.image_model.provider,
                "prompt": generation.prompt.text,
                "style": generation.prompt.style,
                "score": generation.score,
                "approvals": item["approvals"],
                "approval_chain": chain,
                "cost_cents": float(generation.cost),
            },
        )


def _loader(name: str):
    from django.core.files.storage import default_storage

    def load() -> Image.Image:
        # Storage, not the model's FieldFile: this runs on a worker thread.
        with default_storage.open(name, "rb") as fh:
            image = Image.open(fh)
            image.load()
        return image

    return load


def _finisher(export: Export):
    steps = []
    # The logo is decoded at most once, and only for the overlay or a watermark that shows it.
    logo_watermark = bool((export.watermark or {}).get("logo"))
    kit = None
    if export.overlay or logo_watermark:
        kit = BrandKit.objects.filter(workspace_id=export.brief.workspace_id).first()
    logo = None
    if export.overlay:
        brand = brand_for(kit, headline=export.headline, call_to_action=export.call_to_action)
        steps.append(overlay_finisher(brand))
        logo = brand.logo
    elif logo_watermark:
        logo = brand_logo(kit)
    watermark = watermark_from_options(export.watermark, logo=logo)
    if watermark is not None:
        steps.append(watermark_finisher(watermark))
    if not steps:
        return None

    def finish(image, preset):
        for step in steps:
            image = step(image, preset)
        return image

    return finish


def brand_for(kit: BrandKit | None, *, headline: str = "", call_to_action: str = "") -> Brand:
    """The overlay's Brand from a workspace's kit (the defaults when it has none)."""
    if kit is None:
        return Brand(headline=headline, call_to_action=call_to_action)
    return Brand(
        headline=headline,
        call_to_action=call_to_action,
        primary=parse_colour(kit.primary_colour, Brand.primary),
        text=parse_colour(kit.text_colour, Brand.text),
        font_path=_font_path(kit),
        logo=brand_logo(kit),
    )


def brand_logo(kit: BrandKit | None) -> Image.Image | None:
    if kit is None or not kit.logo_raster:
        return None
    with kit.logo_raster.open("rb") as fh:
        logo = Image.open(fh)
        logo.load()
    return logo.convert("RGBA")


def _font_path(kit: BrandKit) -> str:
    if not kit.font:
        return DEFAULT_FONT
    try:
        return kit.font.path  # FreeType reads a path; local storage has one
    except NotImplementedError:
        # Remote storage: copy the font beside the process once per export.
        with kit.font.open("rb") as fh, tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as copy:
            copy.write(fh.read())
        return copy.name


def watermark_options_clean(options: dict | None) -> dict:
    """Watermark options as stored: {} for none; ValueError for a bad position or opacity."""
    options = dict(options or {})
    text = str(options.get("text", "")).strip()[:60]
    if not text and not options.get("logo"):
        return {}
    position = options.get("position") or "center"
    if position not in POSITIONS:
        raise ValueError(f"Unknown watermark position {position!r}.")
    opacity = float(options.get("opacity", Watermark.opacity))
    if not 0 < opacity <= 1:
        raise ValueError("Watermark opacity must be above 0 and at most 1.")
    return {"text": text, "position": position, "opacity": opacity, "logo": bool(options.get("logo"))}


def c2pa_credentials() -> C2paCredentials | None:
    """The C2PA signing certificate chain and key from settings (PEM text), or None when unset."""
    chain = getattr(settings, "CREATIVE_C2PA_CERTIFICATE", "")
    key = getattr(settings, "CREATIVE_C2PA_PRIVATE_KEY", "")
    if not chain or not key:
        return None
    return C2paCredentials(
        certificate_chain=chain.encode() if isinstance(chain, str) else chain,
        private_key=key.encode() if isinstance(key, str) else key,
        algorithm=getattr(settings, "CREATIVE_C2PA_ALGORITHM", "es256") or "es256",
        timestamp_url=getattr(settings, "CREATIVE_C2PA_TIMESTAMP_URL", ""),
    )
