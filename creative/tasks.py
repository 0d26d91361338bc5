"""Huey tasks: thin, they take ids and call one pipeline function (STYLE §3).

Only `creative.pipeline.queue` sends them; the priorities below decide which a free worker takes first.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from creative import cpu_pool
from creative.pipeline import analysis, exports, generations, scoring, sweeps
from creative.webhooks import delivery

# Workers take the highest priority first. Provider calls are the long pole of a brief, so every call
# starts before any image is scored (scoring is tens of ms, a call seconds); a poll is as urgent, since a
# late poll delays a finished image. Analysis comes first: a person waits on it.
ANALYSIS, PROVIDER_CALLS, SCORING, EXPORT = 30, 20, 10, 10


@db_task(priority=ANALYSIS)
def brief_analyse(brief_id: int) -> None:
    analysis.brief_analyse(brief_id=brief_id)


@db_task(priority=PROVIDER_CALLS)
def generation_run(generation_id: int) -> None:
    generations.generation_run(generation_id=generation_id)


@db_task(priority=PROVIDER_CALLS)
def generation_poll(generation_id: int) -> None:
    generations.generation_poll(generation_id=generation_id)


@db_task(priority=SCORING)
def generation_score(generation_id: int) -> None:
    scoring.generation_score(generation_id=generation_id)


@db_task(priority=EXPORT)
def export_run(export_id: int) -> None:
    exports.export_run(export_id=export_id)


@db_task(priority=EXPORT)
def webhook_deliver(delivery_id: int) -> None:
    delivery.webhook_deliver(delivery_id=delivery_id)


@on_startup()
def cpu_pool_warm() -> None:
    """Every worker (`run_huey` or embedded) starts the pixel processes before the first brief needs them."""
    cpu_pool.warm_in_background()


@db_periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Settle and queue again what a killed worker or a restarted Redis left behind (README, Scale-out)."""
    sweeps.sweeps_run()
