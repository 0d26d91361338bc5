"""Scoring's pixel work in worker processes: the same facts as in the calling thread, and a dead worker
costs nothing but a new pool."""

import io
import multiprocessing
import os

import pytest
from PIL import Image

from creative import cpu_pool
from creative.scoring.facts import image_facts


def die_unless_in(pid: int) -> str:
    """Kill the process running this, unless it is the test's own (where the pool falls back to)."""
    if os.getpid() != pid:
        os._exit(1)
    return "ran in the calling process"


@pytest.fixture
def pool(settings):
    settings.CREATIVE_CPU_PROCESSES = 1
    yield
    cpu_pool.shutdown()


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
