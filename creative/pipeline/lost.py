"""Telling work whose task was lost from work whose task is on its way, for the periodic sweeps.

A task is lost with a worker killed while running it, or with a Redis that keeps nothing across a
restart. The database is the record of what is left to do; the queue says what is already coming.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

# Work older than this with no task queued for it lost its task; younger rows may still be on their way.
LOST_AFTER = timedelta(seconds=30)


def queued_task_arguments() -> dict[str, set]:
    """The first argument (a row id) of every task waiting in the queue or its schedule, by task name."""
    from huey.contrib.djhuey import HUEY

    queued = defaultdict(set)
    for task in [*HUEY.pending(), *HUEY.scheduled()]:
        if task.args:
            queued[task.name].add(task.args[0])
    return queued
