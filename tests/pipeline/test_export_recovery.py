"""Exports survive a lost task and a killed worker: the sweep queues them again or starts them over."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from creative import events, pipeline
from creative.models import Export, ExportStatus, GenerationStatus
from creative.pipeline.sweeps import EXPORT_STALL
from tests.factories import make_brief, make_generation

PRESETS = ["medium", "thumbnail"]


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no handler records a failure."""


@pytest.fixture
def export(real_queue):
    """An export of three approved images whose task sits in the queue, not yet taken by a worker."""
    brief = make_brief(status="reviewing")
    generations = []
    for shade in (40, 120, 200):
        generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=80, candidate=True)
        buffer = io.BytesIO()
        Image.new("RGB", (640, 640), (shade, 90, 160)).save(buffer, "PNG")
        generation.image.save("image.png", ContentFile(buffer.getvalue()), save=True)
        generations.append(generation)
    return pipeline.export_create(brief=brief, generations=generations, presets=PRESETS)


def age(export: Export, **fields) -> None:
    """Move the export's clock back five minutes and a bit, as if the sweep came by that much later."""
    then = timezone.now() - EXPORT_STALL - timedelta(seconds=1)
    Export.objects.filter(id=export.id).update(created=then, **{field: then for field in fields})


def stored_files(prefix: str) -> set[str]:
    found = set()

    def walk(folder: str):
        folders, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        for child in folders:
            walk(f"{folder}/{child}")

    if default_storage.exists(prefix):
        walk(prefix)
    return found


def kill_after_first_image(monkeypatch):
    """The worker dies once the first image's renditions are recorded (the progress event comes next)."""
    real = events.publish
    seen = []

    def publish(brief_id, kind, **fields):
        seen.append(kind)
        if seen.count("export_changed") == 2:  # the first was the claim
            raise Killed
        real(brief_id, kind, **fields)

    monkeypatch.setattr(events, "publish", publish)


def test_a_pending_export_whose_task_was_lost_is_queued_again(export, real_queue):
    real_queue.flush()  # a Redis restarted without persistence keeps no queue

    assert pipeline.exports_sweep() == 0  # just created: its task may still be on its way
    age(export)
    assert pipeline.exports_sweep() == 1
    assert pipeline.exports_sweep() == 0  # its task is in the queue now: not a second one
    assert [(task.name, task.args) for task in real_queue.pending()] == [("export_run", (export.id,))]

    pipeline.export_run(export_id=export.id)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.renditions.count() == 3 * len(PRESETS)


def test_an_export_whose_worker_was_killed_starts_over_and_keeps_one_copy_of_each_file(export, real_queue,
                                                                                      monkeypatch):
    kill_after_first_image(monkeypatch)
    real_queue.flush()  # the worker took the task from the queue
    with pytest.raises(Killed):
        pipeline.export_run(export_id=export.id)
    monkeypatch.undo()
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING and export.renditions.count() == len(PRESETS)
    first_run_files = {r.file.name for r in export.renditions.all()}
    assert all(default_storage.exists(name) for name in first_run_files)

    assert pipeline.exports_sweep() == 0  # its run reported progress a moment ago: still working, maybe
    age(export, heartbeat_at=True)
    assert pipeline.exports_sweep() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.PENDING and export.renditions.count() == 0
    assert not any(default_storage.exists(name) for name in first_run_files)

    pipeline.export_run(export_id=export.id)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.attempt == 2
    assert export.done_count == export.renditions.count() == 3 * len(PRESETS)
    kept = {r.file.name for r in export.renditions.all()} | {export.zip.name}
    assert stored_files(f"exports/{export.brief_id}") == kept


def test_a_stalled_run_that_wakes_after_being_replaced_stops_and_leaves_the_new_runs_files(export, real_queue,
                                                                                          monkeypatch):
    real = events.publish
    calls = []

    def publish(brief_id, kind, **fields):
        calls.append(kind)
        if calls.count("export_changed") == 2 and not getattr(publish, "replaced", False):
            # The first run stalls after its first image; the sweep gives the export to a second run,
            # which finishes it before the first wakes up.
            publish.replaced = True
            age(export, heartbeat_at=True)
            assert pipeline.exports_sweep() == 1
            pipeline.export_run(export_id=export.id)
        real(brief_id, kind, **fields)

    monkeypatch.setattr(events, "publish", publish)
    real_queue.flush()  # the first run's worker took the task from the queue
    pipeline.export_run(export_id=export.id)  # the first run returns quietly: it was replaced

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.attempt == 2 and not export.error
    assert export.done_count == export.renditions.count() == 3 * len(PRESETS)
    renditions = list(export.renditions.all())
    assert all("/attempt-2/" in r.file.name for r in renditions)
    kept = {r.file.name for r in renditions} | {export.zip.name}
    assert stored_files(f"exports/{export.brief_id}") == kept
    with export.zip.open("rb") as fh:
        assert fh.read(2) == b"PK"
