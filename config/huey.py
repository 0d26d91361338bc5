"""An embedded Huey consumer: worker threads inside another process (daphne for `up`, the CLI for `run`).

On one machine with the in-memory channel layer, workers must share the web server's process for
their events to reach its websockets. With REDIS_URL set, `manage.py run_huey` workers elsewhere
do the same work.
"""

import threading

from django.utils.module_loading import autodiscover_modules
from huey.consumer import Consumer, Scheduler

from creative.analysis.language import language_detect

# Huey's own scheduler wakes once a second, so a poll of an async job asked for in 0.5 s came 0.5 to
# 1.5 s later. Reading the schedule is one small query on the queue's database: ten a second cost little.
SCHEDULE_TICK = 0.1


class EmbeddedScheduler(Scheduler):
    """Huey's scheduler, waking every SCHEDULE_TICK seconds instead of its minimum of one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.interval = SCHEDULE_TICK


class EmbeddedConsumer(Consumer):
    """A consumer that leaves signal handling to the process hosting it."""

    scheduler_class = EmbeddedScheduler

    def _set_signal_handlers(self):
        pass


def start_embedded_consumer(*, workers: int) -> EmbeddedConsumer:
    from huey.contrib.djhuey import HUEY

    from creative import cpu_pool

    autodiscover_modules("tasks")
    # A short maximum poll delay keeps a freshly queued brief from waiting seconds for an idle worker.
    consumer = EmbeddedConsumer(HUEY, workers=workers, worker_type="thread", periodic=True,
                                initial_delay=0.02, backoff=1.3, max_delay=0.5, check_worker_health=False)
    # The pixel processes (drawing and scoring) get ready beside the workers, not when the first brief
    # arrives; `run_huey` workers start them from creative.tasks' startup hook.
    cpu_pool.warm_in_background()
    # The language model every brief's analysis reads takes most of a second to load: not on the first brief.
    threading.Thread(target=language_detect, kwargs={"text": "an ad for a smartwatch, warming up"},
                     name="language-warm", daemon=True).start()
    consumer.start()
    return consumer
