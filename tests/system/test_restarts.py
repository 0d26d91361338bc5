"""PostgreSQL and Redis restarted in the middle of a brief: the pipeline recovers, finishes, loses nothing.

Both restarts use the machine's own service commands (python-svc.md) and always leave the service running.
Redis here keeps nothing on disk, so its restart drops every queued and scheduled task: the database is
the record of what is left to do, and the periodic sweep queues it again.
"""

import pytest

from tests.system.checks import assert_nothing_lost
from tests.system.cluster import provider_env, restart_postgres, restart_redis, wait_until

pytestmark = pytest.mark.system

# A sync and an async provider, with their concurrency.
MODELS = {"imagen-4.0-generate-001": 3, "flux-pro-1.1": 6}
IMAGES_PER_PROMPT = 6
TOTAL = len(MODELS) * 5 * IMAGES_PER_PROMPT


@pytest.fixture
def pair(fake_imagen, fake_flux):
    fake_imagen.latency = 0.5  # slow enough that the fault lands while paid calls are in flight
    fake_flux.latency = 0.2  # a flux image takes a submit, two polls and a download
    return {"imagen": fake_imagen, "flux": fake_flux}


def run_with_fault(cluster, fakes, fault) -> int:
    cluster.env.update(provider_env(fakes))
    for name, concurrency in MODELS.items():
        cluster.limit(name, concurrency=concurrency)
    cluster.start_worker("worker-a")
    cluster.start_worker("worker-b")
    brief_id = cluster.submit(list(MODELS), images_per_prompt=IMAGES_PER_PROMPT)
    wait_until(lambda: cluster.final_count(brief_id) >= 10, timeout=120, what="10 generations to finish",
               details=cluster.logs)
    assert cluster.final_count(brief_id) < TOTAL, "the brief finished before the fault: nothing was tested"
    fault()
    cluster.wait_for_review(brief_id, timeout=300)
    return brief_id


def test_the_pipeline_finishes_when_postgresql_restarts_mid_run(cluster, pair):
    brief_id = run_with_fault(cluster, pair, lambda: restart_postgres(down_for=3))
    # No worker died: every image the providers answered is kept, none is left unknown.
    assert_nothing_lost(cluster, brief_id, pair, expected=TOTAL, unknown_allowed=0,
                        read=lambda name: (cluster.folder / "media" / name).read_bytes())


def test_the_pipeline_finishes_when_redis_restarts_mid_run_with_s3_storage(cluster, pair, swift_server,
                                                                          bucket):
    """All three scale-out parts at once: PostgreSQL, Redis (restarted) and S3 (Swift) for the images."""
    cluster.env.update(swift_server.storage_options(bucket))
    s3 = swift_server.client()
    brief_id = run_with_fault(cluster, pair, lambda: restart_redis(down_for=2))
    assert_nothing_lost(cluster, brief_id, pair, expected=TOTAL, unknown_allowed=0,
                        read=lambda name: s3.get_object(Bucket=bucket, Key=name)["Body"].read())
