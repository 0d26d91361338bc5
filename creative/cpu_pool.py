"""Worker processes for pixel work, off the interpreter lock of the process that queues it.

Scoring an image is about 40 ms of CPU, much of it Python that holds the GIL. In one process with
dozens of worker threads (and, for `up`, the web server), that Python competes with every claim,
poll and page render, so provider calls started late and pages answered slowly while a brief scored.
Here it runs in a pool of processes, one per CPU by default (CREATIVE_CPU_PROCESSES; 0 runs it in the
calling thread). The pool starts on first use, or ahead of it with `warm()`; a child that dies is
replaced, and the work it held runs in the calling thread instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_guard = threading.Lock()


def processes() -> int:
    from django.conf import settings

    return settings.CREATIVE_CPU_PROCESSES


def run(fn: Callable[..., T], *args, **kwargs) -> T:
    """fn(*args, **kwargs) in a worker process (fn, its arguments and result must pickle)."""
    pool = _executor()
    if pool is None:
        return fn(*args, **kwargs)
    try:
        return pool.submit(fn, *args, **kwargs).result()
    except BrokenProcessPool:
        logger.warning("a pixel worker process died; starting a new pool, this one runs here")
        _discard(pool)
        return fn(*args, **kwargs)


def warm() -> None:
    """Start the processes now, so the first image scored does not wait for them."""
    pool = _executor()
    if pool is not None:
        for future in [pool.submit(int) for _ in range(processes())]:
            future.result()


def shutdown() -> None:
    """Stop the processes (they start again on next use)."""
    with _guard:
        pool = _pool
    if pool is not None:
        _discard(pool)


def _executor() -> ProcessPoolExecutor | None:
    global _pool
    count = processes()
    if count <= 0:
        return None
    with _guard:
        if _pool is None:
            # spawn, not fork: forking a process that runs threads can copy a lock another thread holds.
            _pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _guard:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
