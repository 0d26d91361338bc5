"""Pytest fixtures for the chat-model fakes: one server per session, reset around every test.

Import them into a conftest with `from tests.fakes.llm_fixtures import *  # noqa`. The helpers mirror
tests/fakes/fixtures.py rather than import it, so these fixtures do not load every image fake.
"""

from __future__ import annotations

import pytest

from .anthropic_messages import FakeAnthropic
from .gemini_chat import FakeGeminiChat
from .openai_chat import FakeOpenAIChat

__all__ = [
    "fake_anthropic",
    "fake_anthropic_server",
    "fake_gemini_chat",
    "fake_gemini_chat_server",
    "fake_openai_chat",
    "fake_openai_chat_server",
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


fake_openai_chat_server = _session_server(FakeOpenAIChat)
fake_anthropic_server = _session_server(FakeAnthropic)
fake_gemini_chat_server = _session_server(FakeGeminiChat)

fake_openai_chat = _per_test("fake_openai_chat_server")
fake_anthropic = _per_test("fake_anthropic_server")
fake_gemini_chat = _per_test("fake_gemini_chat_server")
