"""Huey tasks: thin, they take ids and call one pipeline function (STYLE §3)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from creative import pipeline

# Workers take the highest priority first. Provider calls are the long pole of a brief, so every call
# starts before any image is scored (scoring is tens of ms, a call seconds); a poll is as urgent, since a
# late poll delays a finished image. Analysis comes first: a person waits on it.
ANALYSIS, PROVIDER_CALLS, SCORING, EXPORT = 30, 20, 10, 10


@db_task(priority=ANALYSIS)
def brief_analyse(brief_id: int) -> None:
    pipeline.brief_analyse(brief_id=brief_id)


@db_task(priority=PROVIDER_CALLS)
def generation_run(generation_id: int) -> None:
    pipeline.generation_run(generation_id=generation_id)


@db_task(priority=PROVIDER_CALLS)
def generation_poll(generation_id: int) -> None:
    pipeline.generation_poll(generation_id=generation_id)


@db_task(priority=SCORING)
def generation_score(generation_id: int) -> None:
    pipeline.generation_score(generation_id=generation_id)


@db_task(priority=EXPORT)
def export_run(export_id: int) -> None:
    pipeline.export_run(export_id=export_id)


@db_periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Settle and queue again what a killed worker or a restarted Redis left behind (README, Scale-out)."""
    from creative.pipeline.lost import queued_task_arguments

    queued = queued_task_arguments()  # one read of the queue (all of it, on Redis) for both sweeps
    pipeline.generations_sweep(queued=queued)
    pipeline.exports_sweep(queued=queued)
