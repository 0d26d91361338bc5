"""Worker processes for pixel work (drawing and scoring images), off the interpreter lock of the process
that queues it.

Drawing an image with the built-in renderer is about 200 ms of CPU at 2048 px and scoring one about 90 ms,
much of it Python that holds the GIL. Run on the queue's worker threads, fifteen renders shared one
interpreter with each other, every claim and poll, and (for `up`) the web server: they all finished late
and together, and scoring started after them. Here the work runs in a pool of processes, one per CPU by
default (CREATIVE_CPU_PROCESSES; 0 runs it in the calling thread), and never more jobs than processes are
handed to the pool: the rest wait here, highest priority first, so an image already drawn is scored
before the next one starts drawing and the gallery fills one image after another.

The processes start with the app (`warm()`, from the embedded consumer and every `run_huey` worker) and
import the modules they run before their first job; a child that dies is replaced, and the work it held
runs in the calling thread instead.
"""

from __future__ import annotations

import heapq
import importlib
import itertools
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Scoring a stored image goes ahead of drawing the next one: a finished card is worth more to the person
# watching than one more image in flight, and the total CPU work is the same in either order.
RENDERING, SCORING = 0, 1
# What the children import before their first job: without it, the first image drawn or scored in each
# child paid hundreds of ms importing Pillow, numpy and the renderer.
WARM_MODULES = ("creative.providers.local.renderer", "creative.scoring.facts")
WARM_PATIENCE = 30.0  # seconds for every child to start; a machine this slow still runs the jobs later

_pool: ProcessPoolExecutor | None = None
_gate: _PriorityGate | None = None
_warmed: ProcessPoolExecutor | None = None
_warming: threading.Thread | None = None
_guard = threading.Lock()
_warm_guard = threading.Lock()


class _PriorityGate:
    """At most `slots` holders at once; waiting callers go in by priority, then in the order they came."""

    def __init__(self, slots: int):
        self.slots = slots
        self.busy = 0
        self.waiting: list[tuple[int, int]] = []
        self.order = itertools.count()
        self.changed = threading.Condition()

    @contextmanager
    def slot(self, priority: int) -> Iterator[None]:
        ticket = (-priority, next(self.order))
        with self.changed:
            heapq.heappush(self.waiting, ticket)
            self.changed.wait_for(lambda: self.busy < self.slots and self.waiting[0] == ticket)
            heapq.heappop(self.waiting)
            self.busy += 1
            self.changed.notify_all()  # the next in line may take another free slot
        try:
            yield
        finally:
            with self.changed:
                self.busy -= 1
                self.changed.notify_all()


def processes() -> int:
    # Read at call time, so tests can change the setting (STYLE §7); Django is set up before any call.
    from django.conf import settings

    return settings.CREATIVE_CPU_PROCESSES


def run(fn: Callable[..., T], *args, priority: int = RENDERING, **kwargs) -> T:
    """fn(*args, **kwargs) in a worker process (fn, its arguments and result must pickle), once a process
    is free and no job of higher priority, or of the same priority queued earlier, waits."""
    pool, gate = _executor()
    if pool is None:
        return fn(*args, **kwargs)
    if gate is None:  # set with the pool, under the guard; `None.slot` would raise the same
        raise AttributeError("the process pool has no gate")
    with gate.slot(priority):
        try:
            future = pool.submit(fn, *args, **kwargs)
        except RuntimeError:  # broken, or shut down by another thread while this one waited its turn
            future = None
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                logger.warning("a pixel worker process died; starting a new pool, this one runs here")
                _discard(pool)
    return fn(*args, **kwargs)


def warm() -> None:
    """Start the processes now and wait until each has imported WARM_MODULES, so the first brief pays
    no start-up; calling it again costs nothing."""
    global _warmed
    with _warm_guard:
        pool, _ = _executor()
        if pool is None or pool is _warmed:
            return
        count = processes()
        # A quick child may take several probes while another still imports: ask until each has answered.
        seen: set[int] = set()
        deadline = time.monotonic() + WARM_PATIENCE
        try:
            while len(seen) < count and time.monotonic() < deadline:
                seen.update(future.result() for future in [pool.submit(_child_pid) for _ in range(count)])
                time.sleep(0.01)
        except BrokenProcessPool:
            logger.warning("a pixel worker process died while starting; the next job starts a new pool")
            _discard(pool)
            return
        except RuntimeError:  # shut down meanwhile (the app stopping): nothing left to warm
            return
        _warmed = pool


def warm_in_background() -> None:
    """warm() on a thread of its own, so whoever starts the app does not wait for the children; each
    worker thread asks at start, and one thread is enough."""
    global _warming
    with _guard:
        if _warming is not None and _warming.is_alive():
            return
        _warming = threading.Thread(target=warm, name="cpu-pool-warm", daemon=True)
        _warming.start()


def warm_modules() -> dict[str, bool]:
    """Which of WARM_MODULES this process has imported (a probe run in a child)."""
    return {name: name in sys.modules for name in WARM_MODULES}


def shutdown() -> None:
    """Stop the processes (they start again on next use)."""
    with _guard:
        pool = _pool
    if pool is not None:
        _discard(pool)


def _child_start() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)


def _child_pid() -> int:
    return os.getpid()


def _executor() -> tuple[ProcessPoolExecutor | None, _PriorityGate | None]:
    global _pool, _gate
    count = processes()
    if count <= 0:
        return None, None
    with _guard:
        if _pool is None:
            # spawn, not fork: forking a process that runs threads can copy a lock another thread holds.
            _pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_child_start)
            _gate = _PriorityGate(count)
        return _pool, _gate


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool, _gate
    with _guard:
        if _pool is pool:
            _pool = _gate = None
    pool.shutdown(wait=False, cancel_futures=True)
