"""Fixtures for the system tests: real PostgreSQL, Redis and Swift, the app in processes of its own."""

from __future__ import annotations

import time
import uuid

import pytest
from django.db import connections

from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.services import require
from tests.system import swift
from tests.system.cluster import Cluster, ensure_services, postgres_missing, redis_missing


def pytest_configure(config):
    config.addinivalue_line("markers", "system: the app in several processes on real services (slow; in CI)")


def pytest_collection_modifyitems(config, items):
    """System tests take minutes and restart this machine's PostgreSQL and Redis: they run when a marker
    expression names them (`python -m tests` does, so CI does). A plain `pytest` run deselects them, as
    `-m "not system"` would, and says so in its summary; it never reports them as skipped or passed."""
    if "system" in (config.getoption("markexpr") or ""):
        return
    deselected = [item for item in items if item.get_closest_marker("system")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("system")]


@pytest.fixture
def services():
    """PostgreSQL and Redis on 127.0.0.1, running again at the end whatever a test did to them."""
    require(not postgres_missing(), postgres_missing())
    require(not redis_missing(), redis_missing())
    yield
    ensure_services()
    # A restart ends every session, this process's own included: the next test opens a fresh one.
    connections.close_all()


@pytest.fixture
def cluster(services, tmp_path):
    running = Cluster(tmp_path)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def swift_server():
    reason = swift.missing()
    require(not reason, reason)
    server = swift.SwiftS3().start()
    yield server
    server.stop()


@pytest.fixture
def bucket(swift_server) -> str:
    name = f"creative-{uuid.uuid4().hex[:12]}"
    swift_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def fleet(fake_imagen, fake_gemini, fake_stability, fake_flux):
    """Four providers' fakes, recording when each request arrived (for the requests-per-minute check)."""
    fakes = {"imagen": fake_imagen, "gemini": fake_gemini, "stability": fake_stability, "flux": fake_flux}
    for fake in fakes.values():
        fake.requests = StampedList()
        fake.latency = 0.3
    return fakes


class StampedList(list):
    """The fake's request log, with the arrival time of each entry (appended under the fake's lock)."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    def append(self, item):
        self.times.append(time.monotonic())
        super().append(item)
