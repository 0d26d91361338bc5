"""Pytest fixtures for the provider fakes: one server per session, reset around every test.

Import them into a conftest with `from tests.fakes.fixtures import *  # noqa`.
"""

from __future__ import annotations

from .firefly import FakeFirefly
from .fixture_makers import per_test, session_server
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


fake_openai_server = session_server(FakeOpenAIImages)
fake_imagen_server = session_server(FakeImagen)
fake_gemini_server = session_server(FakeGeminiImage)
fake_stability_server = session_server(FakeStability)
fake_flux_server = session_server(FakeFlux)
fake_firefly_server = session_server(FakeFirefly)
fake_midjourney_server = session_server(FakeMidjourney)

fake_openai = per_test("fake_openai_server")
fake_imagen = per_test("fake_imagen_server")
fake_gemini = per_test("fake_gemini_server")
fake_stability = per_test("fake_stability_server")
fake_flux = per_test("fake_flux_server")
fake_firefly = per_test("fake_firefly_server")
fake_midjourney = per_test("fake_midjourney_server")
