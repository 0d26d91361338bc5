"""The two fixture shapes every fake server gets: one server per session, reset around each test."""

from __future__ import annotations

import pytest


def session_server(cls):
    @pytest.fixture(scope="session")
    def server():
        fake = cls()
        yield fake
        fake.stop()

    return server


def per_test(server_fixture_name: str):
    @pytest.fixture
    def fake(request):
        server = request.getfixturevalue(server_fixture_name)
        server.reset()
        yield server
        server.reset()  # also wakes handlers a slow-response test left sleeping

    return fake
