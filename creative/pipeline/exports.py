"""Export: approved images into channel presets and formats, a zip and manifests (DESIGN §7).

`export_create` records what was approved and how it should leave; `export_run` (a Huey task) renders
it through `creative.export.package`, streaming the zip to a temporary file and then to storage.
"""

from __future__ import annotations

import logging
import math
import tempfile
from collections.abc import Sequence

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from PIL import Image

from creative import events
from creative.export.adplatforms import SheetContext
from creative.export.overlay import overlay_finisher
from creative.export.package import PackageItem, PackageOptions, package_write
from creative.export.presets import DEFAULT_CHANNELS, Preset
from creative.export.provenance import Provenance, c2pa_sealer
from creative.export.render import DEFAULT_QUALITY, FORMATS
from creative.export.render import Rendition as Output
from creative.export.watermark import watermark_finisher, watermark_from_options
from creative.models import BrandKit, Brief, Export, Generation, GenerationStatus, Rendition, WebhookEvent
from creative.pipeline import queue, transitions
from creative.pipeline.brand_kits import brand_for, brand_logo
from creative.pipeline.export_options import c2pa_credentials, watermark_options_clean
from creative.pipeline.export_presets import presets_resolve
from creative.webhooks import emit

logger = logging.getLogger(__name__)

def export_create(
    *,
    brief: Brief,
    generations: list[Generation],
    requested_by=None,
    approvals: dict[int, list[str]] | None = None,
    approval_chain: dict[int, list[dict]] | None = None,
    comments: dict[int, list[dict]] | None = None,
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
    # Reviewers' comments as they stood when the export was asked for, for the manifests.
    items = [{"generation_id": g.id, "approvals": approvals.get(g.id, []), "comments": (comments or {}).get(g.id, [])}
             for g in generations]
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
        queue.export_run_on_commit(export.id)
    return export


def item_folder(position: int, generation: Generation) -> str:
    return f"{position:02d}-{generation.prompt.style}-{generation.image_model.name}-g{generation.id}"


class ExportSuperseded(Exception):
    """The sweep gave this export to a new run while this one was stalled: stop, and keep nothing."""


def export_run(*, export_id: int) -> None:
    """Render every item into every preset and format, write the zip by streaming, mark the brief exported."""
    if not transitions.export_claim(export_id=export_id):
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
        if transitions.export_fail(export_id=export_id, attempt=export.attempt, error=str(exc)):
            emit.event_emit(event=WebhookEvent.EXPORT_FAILED, brief_id=export.brief_id, export_id=export_id,
                            error=str(exc)[:500])
        events.publish(export.brief_id, "export_changed", export_id=export_id)
        raise
    transitions.brief_exported(brief_id=export.brief_id)
    emit.event_emit(event=WebhookEvent.EXPORT_DONE, brief_id=export.brief_id, export_id=export_id,
                    export_url=reverse("api:export_read", args=[export_id]),
                    zip_url=reverse("api:export_zip", args=[export_id]))
    events.publish(export.brief_id, "export_changed", export_id=export_id)
    events.publish(export.brief_id, "brief_changed")


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
        if not transitions.export_progress(export_id=export.id, attempt=export.attempt,
                                           done_count=done + len(pending)):
            raise ExportSuperseded
        Rendition.objects.bulk_create(pending)
        done += len(pending)
        pending.clear()
        events.publish(export.brief_id, "export_changed", export_id=export.id)

    items = _package_items(export, generations, presets)
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
    finished = transitions.export_finish(
        export_id=export.id,
        attempt=export.attempt,
        zip=export.zip.name,
        zip_bytes=size,
        manifest=result.manifest,
        done_count=result.files,
        signed=seal is not None,
    )
    if not finished:
        export.zip.delete(save=False)  # its name carries this run's attempt: the later run's zip stays
        raise ExportSuperseded


def shape_siblings(generation: Generation) -> list[Generation]:
    """The image in its other shapes: same prompt, seed and model, scored with a picture; itself first."""
    others = (Generation.objects.filter(prompt_id=generation.prompt_id, seed=generation.seed,
                                        image_model_id=generation.image_model_id, status=GenerationStatus.SCORED,
                                        width__isnull=False, height__isnull=False)
              .exclude(id=generation.id).exclude(image="").order_by("id"))
    return [generation, *others]


def sources_for_presets(generation: Generation, presets: Sequence[Preset]) -> list[tuple[Generation, list[Preset]]]:
    """Each preset's source: the one of the image's shapes closest to it in aspect, so a 9:16 story is cut from
    the 9:16 image when one was made, not from the square; ties keep the approved image. In source order."""
    sources = shape_siblings(generation)

    def distance(source: Generation, preset: Preset) -> float:
        if not source.width or not source.height:
            return 0.0 if source is generation else math.inf
        return round(abs(math.log(source.width / source.height) - math.log(preset.width / preset.height)), 3)

    chosen: dict[int, list[Preset]] = {}
    for preset in presets:
        best = min(sources, key=lambda source: distance(source, preset))  # the first of equals: the approved
        chosen.setdefault(best.id, []).append(preset)
    return [(source, chosen[source.id]) for source in sources if source.id in chosen]


def _package_items(export: Export, generations: dict[int, Generation], presets: Sequence[Preset]):
    for position, item in enumerate(export.items, start=1):
        generation = generations.get(item["generation_id"])
        if generation is None or not generation.image.name:  # a FieldFile is false when its name is
            continue
        chain = export.approval_chain.get(str(generation.id), [])
        for source, source_presets in sources_for_presets(generation, presets):
            yield _package_item(item, position, generation, source, source_presets, chain)


def _package_item(item: dict, position: int, generation: Generation, source: Generation, presets: list[Preset],
                  chain: list) -> PackageItem:
    # A sibling shares the approved image's prompt and model; its own file, focal point and time are used.
    provenance = Provenance(
        model=generation.image_model.name,
        provider=generation.image_model.provider,
        prompt=generation.prompt.text,
        created=source.finished_at.isoformat() if source.finished_at else "",
        approvals=tuple(chain),
    )
    return PackageItem(
        folder=item_folder(position, generation),
        load=_loader(source.image.name or ""),  # only sources with a file get here (shape_siblings)
        focal=(source.focal_x, source.focal_y),
        provenance=provenance,
        presets=presets,
        fields={
            "generation_id": generation.id,
            "source_generation_id": source.id,
            "model": generation.image_model.name,
            "provider": generation.image_model.provider,
            "prompt": generation.prompt.text,
            "style": generation.prompt.style,
            "score": generation.score,
            "approvals": item["approvals"],
            "approval_chain": chain,
            "comments": item.get("comments", []),
            "cost_cents": float(generation.cost),
        },
    )


def _loader(name: str):
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
