"""Two Huey consumer processes on Redis and PostgreSQL share one brief of 200 generations; one is killed."""

import time

import pytest

from tests.system.checks import assert_nothing_lost, paid_per_minute
from tests.system.cluster import provider_env, wait_until

pytestmark = pytest.mark.system

# name: (provider, max concurrency, requests per minute). Tight limits, so both workers contend for them.
MODELS = {
    "imagen-4.0-generate-001": ("imagen", 3, 1000),
    "gemini-2.5-flash-image": ("gemini", 2, 30),
    "sd3.5-large": ("stability", 2, 1000),
    "flux-pro-1.1": ("flux", 3, 1000),  # asynchronous: submit, then poll
}
THREADS = 4


def test_two_workers_one_killed_lose_nothing_pay_once_and_hold_model_limits(cluster, fleet):
    """Every generation ends final, every answered image is kept, the providers' logs show no generation
    paid twice, and each model's concurrency and requests per minute hold across both processes."""
    cluster.env.update(provider_env(fleet))
    for name, (_, concurrency, rpm) in MODELS.items():
        cluster.limit(name, concurrency=concurrency, rpm=rpm)
    cluster.start_worker("worker-a", threads=THREADS)
    cluster.start_worker("worker-b", threads=THREADS)
    brief_id = cluster.submit(list(MODELS), images_per_prompt=10)

    wait_until(lambda: cluster.final_count(brief_id) >= 60, timeout=180, what="60 generations to finish",
               details=cluster.logs)
    cluster.kill("worker-a")  # SIGKILL: no cleanup; its running tasks and calls in flight are simply gone
    assert cluster.final_count(brief_id) < 200, "the brief finished before the kill: nothing was tested"
    # Started again after a pause, as a supervisor would. Its sweeps run at start and every minute after, so
    # its second comes once the killed calls are stale (provider timeout + 60 s) and settles them.
    time.sleep(8)
    cluster.start_worker("worker-a", threads=THREADS)
    cluster.wait_for_review(brief_id, timeout=480)

    # A sync call in flight at the kill may have been billed: it ends unknown_outcome, never resent.
    generations = assert_nothing_lost(cluster, brief_id, fleet, expected=200, unknown_allowed=THREADS,
                                      read=lambda name: (cluster.folder / "media" / name).read_bytes())
    assert sum(g["status"] == "scored" for g in generations) >= 200 - THREADS
    for provider, concurrency, rpm in MODELS.values():
        fake = fleet[provider]
        at_once = fake.max_concurrent
        assert at_once <= concurrency, f"{provider}: {at_once} requests at once, limit {concurrency}"
        assert paid_per_minute(provider, fake) <= rpm, f"{provider}: over {rpm} requests in a minute"
    # Both limits were reached: two busy processes were held to them (counting per process would double them).
    # A gemini call claimed by the killed worker counts in its minute but may never have reached the fake.
    assert fleet["imagen"].max_concurrent == 3
    assert paid_per_minute("gemini", fleet["gemini"]) >= 30 - THREADS
