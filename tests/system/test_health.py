"""`/healthz` and `/readyz`, the probes a load balancer uses to route around an instance."""

import httpx
import pytest

from tests.browser import free_port

EXPECTED_CHECKS = {"database", "queue", "channel_layer", "storage"}


def test_healthz_answers_while_the_process_serves(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_every_dependency_of_the_embedded_default(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok" and set(body["checks"]) == EXPECTED_CHECKS
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.system
def test_readyz_is_503_while_redis_is_unreachable_and_says_which_part(cluster):
    cluster.env["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    web = cluster.start_web("web")
    response = httpx.get(f"{web}/readyz", timeout=30)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert {name for name, check in checks.items() if not check["ok"]} == {"queue", "channel_layer"}
    assert checks["queue"]["error"] and checks["database"]["ok"] is True
    assert httpx.get(f"{web}/healthz").status_code == 200  # alive: a balancer should wait, not restart it
