"""Where CPU work runs: built-in renders wait their turn for a pixel process, one job per process at a time,
while paid calls to remote models neither wait for those processes nor lose their place in the queue."""

import threading
import time

import pytest

from creative import cpu_pool, pipeline, tasks
from creative.models import GenerationStatus
from creative.providers.base import ImageJob
from creative.providers.local import LocalRenderer
from creative.providers.local.renderer import render_png
from tests.factories import catalogue_model, make_generation
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)

JOB = ImageJob(model="local", prompt="a smartwatch on a wrist", width=512, height=512, seed=7,
               idempotency_key="00000000-0000-4000-8000-000000000007", subject="smartwatch",
               colours=("blue", "silver"))


@pytest.fixture
def one_process(settings):
    settings.CREATIVE_CPU_PROCESSES = 1
    cpu_pool.warm()
    yield
    cpu_pool.shutdown()


def hold_the_only_process(seconds: float) -> threading.Thread:
    """Keep the single pixel process busy for `seconds`, from a thread of its own."""
    thread = threading.Thread(target=cpu_pool.run, args=(time.sleep, seconds))
    thread.start()
    time.sleep(0.1)  # the sleep has been handed to the process
    return thread


def test_a_local_render_waits_for_a_free_pixel_process(one_process):
    holder = hold_the_only_process(1.0)
    started = time.monotonic()
    result = LocalRenderer().generate(JOB)
    waited = time.monotonic() - started
    holder.join()
    assert waited >= 0.8  # drawn after the job that held the process, not beside it on this thread
    assert result.data == render_png(JOB).data  # the same bytes as drawn here


def test_a_remote_call_does_not_wait_for_busy_pixel_processes(one_process, real_queue, monkeypatch, fake_openai):
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    generation = make_generation(image_model=catalogue_model("gpt-image-1.5"))
    holder = hold_the_only_process(3.0)
    started = time.monotonic()
    pipeline.generation_run(generation_id=generation.id)
    took = time.monotonic() - started
    holder.join()
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.SUCCEEDED
    assert took < 2.0  # the paid call and its storing ran while the process was busy
    assert [(t.name, t.priority) for t in real_queue.pending()] == [("generation_score", tasks.SCORING)]


def test_a_remote_models_calls_are_still_taken_before_scoring(real_queue, monkeypatch):
    from creative.pipeline import queue

    remote = make_generation(image_model=catalogue_model("gpt-image-1.5"))
    local = make_generation()
    queue.generation_score(local.id)
    queue.generation_run(remote.id)
    first = real_queue.dequeue()
    assert (first.name, first.args[0], first.priority) == ("generation_run", remote.id, tasks.PROVIDER_CALLS)
    assert real_queue.dequeue().name == "generation_score"
