"""Pixel work (drawing and scoring) in worker processes: the same results as in the calling thread, never
more jobs than processes at once, scoring ahead of drawing, processes ready when the app starts, and a
dead worker costs nothing but a new pool."""

import io
import multiprocessing
import os
import threading
import time

import pytest
from PIL import Image

from creative import cpu_pool
from creative.scoring.facts import image_facts


def die_unless_in(pid: int) -> str:
    """Kill the process running this, unless it is the test's own (where the pool falls back to)."""
    if os.getpid() != pid:
        os._exit(1)
    return "ran in the calling process"


def span(seconds: float) -> tuple[float, float]:
    """When this job started and ended (run in a worker process)."""
    started = time.time()
    time.sleep(seconds)
    return started, time.time()


def in_threads(*calls) -> list:
    """Run each call on a thread of its own, started 20 ms apart (so they queue in this order); results."""
    results = [None] * len(calls)

    def target(index, call):
        results[index] = call()

    threads = [threading.Thread(target=target, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join(30)
    return results


def wait_for_children(count: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while len(multiprocessing.active_children()) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(multiprocessing.active_children())


def pool_stop() -> None:
    """Shut the pool down and wait for its children to exit, so the next test counts only its own."""
    cpu_pool.shutdown()
    deadline = time.monotonic() + 20
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def pool(settings):
    settings.CREATIVE_CPU_PROCESSES = 1
    yield
    pool_stop()


@pytest.fixture
def two_processes(settings):
    settings.CREATIVE_CPU_PROCESSES = 2
    yield
    pool_stop()


def photo_png() -> bytes:
    img = Image.radial_gradient("L").resize((640, 480)).convert("RGB")
    img.paste((30, 90, 200), (400, 100, 560, 300))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def test_facts_from_a_worker_process_match_the_calling_thread(pool):
    data = photo_png()
    here = image_facts(data, colours=["blue"], for_model=True)
    there = cpu_pool.run(image_facts, data, colours=["blue"], for_model=True)
    assert there == here
    assert there.score.total > 0 and there.thumbnail[:4] == b"RIFF" and there.for_model[:2] == b"\xff\xd8"
    assert len(multiprocessing.active_children()) == 1


def test_a_worker_that_dies_is_replaced_and_its_work_runs_here(pool):
    assert cpu_pool.run(die_unless_in, os.getpid()) == "ran in the calling process"
    assert cpu_pool.run(os.getpid) != os.getpid()  # a new pool answers


def test_zero_processes_scores_in_the_calling_thread(settings):
    settings.CREATIVE_CPU_PROCESSES = 0
    assert cpu_pool.run(os.getpid) == os.getpid()


def test_never_more_jobs_than_processes_run_at_once(two_processes):
    cpu_pool.warm()
    spans = in_threads(*[lambda: cpu_pool.run(span, 0.3) for _ in range(6)])
    moments = sorted({moment for pair in spans for moment in pair})
    at_once = max(sum(1 for start, end in spans if start <= moment < end) for moment in moments)
    assert at_once == 2
    # Six jobs of 0.3 s on two processes: three after one another, not all six together.
    assert max(end for _, end in spans) - min(start for start, _ in spans) >= 0.85


def test_an_image_waiting_to_be_scored_goes_ahead_of_one_waiting_to_be_drawn(pool):
    cpu_pool.warm()
    busy, drawing, scoring = in_threads(
        lambda: cpu_pool.run(span, 0.5),
        lambda: cpu_pool.run(span, 0.05, priority=cpu_pool.RENDERING),
        lambda: cpu_pool.run(span, 0.05, priority=cpu_pool.SCORING),
    )
    assert busy[1] <= scoring[0] < scoring[1] <= drawing[0]


def test_the_processes_are_ready_when_the_app_starts(settings, real_queue):
    """`up` and `creative run` start the embedded consumer; the children import the renderer and the
    scoring code before any brief asks for them."""
    from config.huey import start_embedded_consumer

    settings.CREATIVE_CPU_PROCESSES = 2
    consumer = start_embedded_consumer(workers=1)
    try:
        assert wait_for_children(2) == 2  # started without a single job run
        assert cpu_pool.run(cpu_pool.warm_modules) == {name: True for name in cpu_pool.WARM_MODULES}
    finally:
        consumer.stop(graceful=True)
        pool_stop()


def test_queue_workers_start_the_processes_too(settings, real_queue):
    """A worker of `manage.py run_huey` runs creative.tasks' startup hook (the consumer class here is
    Huey's own, minus its signal handlers, which belong to the test runner)."""
    from config.huey import EmbeddedConsumer

    settings.CREATIVE_CPU_PROCESSES = 2
    consumer = EmbeddedConsumer(real_queue, workers=1, worker_type="thread", check_worker_health=False)
    consumer.start()
    try:
        assert wait_for_children(2) == 2
    finally:
        consumer.stop(graceful=True)
        pool_stop()

