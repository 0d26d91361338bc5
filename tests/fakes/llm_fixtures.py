"""Pytest fixtures for the chat-model fakes: one server per session, reset around every test.

Import them into a conftest with `from tests.fakes.llm_fixtures import *  # noqa`.
"""

from __future__ import annotations

from .anthropic_messages import FakeAnthropic
from .fixture_makers import per_test, session_server
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


fake_openai_chat_server = session_server(FakeOpenAIChat)
fake_anthropic_server = session_server(FakeAnthropic)
fake_gemini_chat_server = session_server(FakeGeminiChat)

fake_openai_chat = per_test("fake_openai_chat_server")
fake_anthropic = per_test("fake_anthropic_server")
fake_gemini_chat = per_test("fake_gemini_chat_server")
