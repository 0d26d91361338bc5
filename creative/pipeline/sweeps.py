"""The periodic sweep: settle work a killed worker left in flight, and queue again work whose task was lost.

A task is lost with a worker killed while running it, or with a Redis that keeps nothing across a
restart. The database is the record of what is left to do; the queue says what is already coming.
Sending a task twice is safe: a claim is a conditional update, so the second finds the row taken and
returns without calling the provider; polling never resubmits; scoring and exports update once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from creative import events
from creative.models import (
    Brief,
    BriefStatus,
    CallOutcome,
    Export,
    ExportStatus,
    Generation,
    GenerationStatus,
)
from creative.pipeline import limits, queue, transitions
from creative.pipeline.generations import current_call, generation_fail
from creative.pipeline.selection import brief_advance
from creative.pipeline.transitions import IN_FLIGHT

logger = logging.getLogger(__name__)

# Work older than this with no task queued for it lost its task; younger rows may still be on their way.
LOST_AFTER = timedelta(seconds=30)
# A run that has not reported progress for this long stopped (its worker was killed): one image's
# renditions take seconds, AVIF at 2048 px included.
EXPORT_STALL = timedelta(minutes=5)


def sweeps_run() -> None:
    """Both sweeps, with one read of the queue (all of it, on Redis)."""
    queued = queue.queued_task_arguments()
    generations_sweep(queued=queued)
    exports_sweep(queued=queued)


def generations_sweep(*, queued: dict[str, set] | None = None) -> int:
    """Settle calls left in flight by a worker that died, and queue again work whose task was lost.

    `queued` is `queue.queued_task_arguments()` when the caller has read the queue already."""
    stale_before = timezone.now() - timedelta(seconds=settings.CREATIVE_PROVIDER_TIMEOUT + 60)
    count = 0
    # A job id means the provider holds the job: polling it again (below) is free and never resubmits.
    for generation in Generation.objects.filter(
        status__in=IN_FLIGHT, job_id="", requested_at__lt=stale_before
    ).select_related("prompt", "image_model"):
        call = current_call(generation)
        if call is not None:
            limits.call_finish(call=call, outcome=CallOutcome.FAILED, error_kind="unknown_outcome")
        generation_fail(
            generation=generation, kind="unknown_outcome",
            detail="the worker stopped during the call; it may have been billed, so it was not resent",
        )
        count += 1
    return count + _requeue_lost_tasks(queue.queued_task_arguments() if queued is None else queued)


def _requeue_lost_tasks(queued: dict[str, set]) -> int:
    """Queue again what the database says is waiting but no queued task will move."""
    lost_before = timezone.now() - LOST_AFTER
    waiting: tuple[tuple[queue.TaskName, QuerySet[Any]], ...] = (
        ("generation_run", Generation.objects.filter(status=GenerationStatus.PENDING, created__lt=lost_before)),
        ("generation_poll", Generation.objects.filter(
            status__in=[GenerationStatus.SUBMITTED, GenerationStatus.POLLING], requested_at__lt=lost_before
        ).exclude(job_id="")),
        ("generation_score", Generation.objects.filter(status=GenerationStatus.SUCCEEDED,
                                                       finished_at__lt=lost_before)),
        ("brief_analyse", Brief.objects.filter(status=BriefStatus.ANALYSING, created__lt=lost_before)),
    )
    count = 0
    for task, rows in waiting:
        count += queue.requeue_missing(task=task, row_ids=rows.values_list("id", flat=True), queued=queued)
    # A brief whose last generation finished while the database was down never moved on to review.
    finished = Brief.objects.filter(
        status__in=[BriefStatus.GENERATING, BriefStatus.SCORING], created__lt=lost_before
    ).exclude(prompts__generations__status__in=[*IN_FLIGHT, GenerationStatus.PENDING,
                                                GenerationStatus.SUCCEEDED])
    for brief_id in finished.values_list("id", flat=True):
        count += brief_advance(brief_id=brief_id)
    return count


def exports_sweep(*, queued: dict[str, set] | None = None) -> int:
    """Restart exports whose run stopped, and queue again pending exports whose task was lost.

    `queued` is `queue.queued_task_arguments()` when the caller has read the queue already."""
    now = timezone.now()
    for export in Export.objects.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=now - EXPORT_STALL):
        with transaction.atomic():
            # Conditional on the run it saw: a run that reported progress meanwhile keeps its export.
            if not transitions.export_restart(export_id=export.id, attempt=export.attempt,
                                              stalled_before=now - EXPORT_STALL):
                continue
            stale = list(export.renditions.all())
            export.renditions.all().delete()
        for rendition in stale:
            rendition.file.delete(save=False)
        logger.warning("export %s: run %s stopped; starting it again", export.id, export.attempt)
        events.publish(export.brief_id, "export_changed", export_id=export.id)
    lost = Export.objects.filter(status=ExportStatus.PENDING, created__lt=now - LOST_AFTER)
    return queue.requeue_missing(task="export_run", row_ids=lost.values_list("id", flat=True),
                                 queued=queue.queued_task_arguments() if queued is None else queued)
