"""Pytest fixtures for the provider fakes: one server per session, reset around every test.

Import them into a conftest with `from tests.fakes.fixtures import *  # noqa`.
"""

from __future__ import annotations

import pytest

from .firefly import FakeFirefly
from .flux import FakeFlux
from .gemini_image import FakeGeminiImage
from .imagen import FakeImagen
from .midjourney import FakeMidjourney
from .openai_images import FakeOpenAIImages
from .stability import FakeStability

__all__ = [
    "fake_firefly",
    "fake_firefly_server",
    "fake_flux",
    "fake_flux_server",
    "fake_gemini",
    "fake_gemini_server",
    "fake_imagen",
    "fake_imagen_server",
    "fake_midjourney",
    "fake_midjourney_server",
    "fake_openai",
    "fake_openai_server",
    "fake_stability",
    "fake_stability_server",
]


def _session_server(cls):
    @pytest.fixture(scope="session")
    def server():
        fake = cls()
        yield fake
        fake.stop()

    return server


def _per_test(server_fixture_name: str):
    @pytest.fixture
    def fake(request):
        server = request.getfixturevalue(server_fixture_name)
        server.reset()
        yield server
        server.reset()  # also wakes handlers a slow-response test left sleeping

    return fake


fake_openai_server = _session_server(FakeOpenAIImages)
fake_imagen_server = _session_server(FakeImagen)
fake_gemini_server = _session_server(FakeGeminiImage)
fake_stability_server = _session_server(FakeStability)
fake_flux_server = _session_server(FakeFlux)
fake_firefly_server = _session_server(FakeFirefly)
fake_midjourney_server = _session_server(FakeMidjourney)

fake_openai = _per_test("fake_openai_server")
fake_imagen = _per_test("fake_imagen_server")
fake_gemini = _per_test("fake_gemini_server")
fake_stability = _per_test("fake_stability_server")
fake_flux = _per_test("fake_flux_server")
fake_firefly = _per_test("fake_firefly_server")
fake_midjourney = _per_test("fake_midjourney_server")
