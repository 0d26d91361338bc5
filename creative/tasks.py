"""Huey tasks: thin, they take ids and call one pipeline function (STYLE §3)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from creative import pipeline


@db_task()
def brief_analyse(brief_id: int) -> None:
    pipeline.brief_analyse(brief_id=brief_id)


@db_task()
def generation_run(generation_id: int) -> None:
    pipeline.generation_run(generation_id=generation_id)


@db_task()
def generation_poll(generation_id: int) -> None:
    pipeline.generation_poll(generation_id=generation_id)


@db_task()
def generation_score(generation_id: int) -> None:
    pipeline.generation_score(generation_id=generation_id)


@db_task()
def export_run(export_id: int) -> None:
    pipeline.export_run(export_id=export_id)


@db_periodic_task(crontab(minute="*"))
def generations_sweep() -> None:
    pipeline.generations_sweep()
