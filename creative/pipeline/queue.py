"""The one way into the task queue: every task the pipeline sends goes through these functions.

This is the only module that imports `creative.tasks`, and it reads `tasks.<name>` only when called:
`creative.tasks` imports the stage modules, which import this one, so either may be imported first.
Functions named `*_on_commit` send once the caller's transaction commits, so a worker never looks for
a row it cannot see yet (Huey's "Enqueueing After Commit").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from django.db import transaction
from huey.contrib.djhuey import HUEY

from creative import tasks

TaskName = Literal["brief_analyse", "generation_run", "generation_poll", "generation_score", "export_run"]


def brief_analyse(brief_id: int) -> None:
    tasks.brief_analyse(brief_id)


def brief_analyse_on_commit(brief_id: int) -> None:
    transaction.on_commit(lambda: tasks.brief_analyse(brief_id))


def generation_run(generation_id: int, *, delay: float | None = None) -> None:
    """Queue a generation's call now, or after `delay` seconds (a model's limits, a retry's back-off)."""
    if delay is None:
        tasks.generation_run(generation_id)
    else:
        tasks.generation_run.schedule((generation_id,), delay=delay)


def generation_run_on_commit(generation_id: int) -> None:
    transaction.on_commit(lambda: tasks.generation_run(generation_id))


def generations_run_on_commit(generation_ids: list[int]) -> None:
    """Queue these generations' calls in this order once the transaction commits."""
    transaction.on_commit(lambda: [tasks.generation_run(gid) for gid in generation_ids])


def generation_poll(generation_id: int, *, delay: float | None = None) -> None:
    """Queue a poll of a submitted job now, or after `delay` seconds."""
    if delay is None:
        tasks.generation_poll(generation_id)
    else:
        tasks.generation_poll.schedule((generation_id,), delay=delay)


def generation_score(generation_id: int) -> None:
    tasks.generation_score(generation_id)


def export_run(export_id: int) -> None:
    tasks.export_run(export_id)


def export_run_on_commit(export_id: int) -> None:
    transaction.on_commit(lambda: tasks.export_run(export_id))


def webhook_deliver(delivery_id: int, *, delay: float | None = None) -> None:
    """Queue a webhook delivery's next attempt now, or after `delay` seconds (its back-off)."""
    if delay is None:
        tasks.webhook_deliver(delivery_id)
    else:
        tasks.webhook_deliver.schedule((delivery_id,), delay=delay)


def webhook_deliver_on_commit(delivery_id: int) -> None:
    transaction.on_commit(lambda: tasks.webhook_deliver(delivery_id))


def queued_task_arguments() -> dict[str, set]:
    """The first argument (a row id) of every task waiting in the queue or its schedule, by task name."""
    queued = defaultdict(set)
    for task in [*HUEY.pending(), *HUEY.scheduled()]:
        if task.args:
            queued[task.name].add(task.args[0])
    return queued


def requeue_missing(*, task: TaskName, row_ids: Iterable[int], queued: dict[str, set]) -> int:
    """Send `task` again for every row id no waiting task carries (`queued`); how many were sent."""
    huey_task = getattr(tasks, task)
    waiting = queued.get(huey_task.task_class.__name__, set())
    count = 0
    for row_id in row_ids:
        if row_id not in waiting:
            huey_task(row_id)
            count += 1
    return count
