"""Fixtures that point the judgment roles at the chat fakes, through the environment as a user would.

Import into a test module with `from tests.judgment_fixtures import *  # noqa: F403`.
"""

from __future__ import annotations

import pytest

from creative.providers.credentials import ENVIRONMENT
from tests.fakes.gemini_chat import FakeGeminiChat
from tests.fakes.llm_fixtures import (
    fake_anthropic,
    fake_anthropic_server,
    fake_gemini_chat,
    fake_gemini_chat_server,
    fake_openai_chat,
    fake_openai_chat_server,
)

__all__ = [
    "FAULTS",
    "MODELS",
    "PROVIDERS",
    "chat_fakes",
    "fake_anthropic",
    "fake_anthropic_server",
    "fake_gemini_chat",
    "fake_gemini_chat_server",
    "fake_openai_chat",
    "fake_openai_chat_server",
    "inject_fault",
    "judge",
]

MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5", "gemini": "gemini-2.5-flash"}
PROVIDERS = tuple(MODELS)
# Every way a call fails that the roles must survive; the first five leave nothing to repair.
FAULTS = ("rate_limited", "overloaded", "server_error", "timeout", "refusal", "malformed", "truncated")


@pytest.fixture
def chat_fakes(fake_openai_chat, fake_anthropic, fake_gemini_chat):
    return {"openai": fake_openai_chat, "anthropic": fake_anthropic, "gemini": fake_gemini_chat}


@pytest.fixture
def judge(settings, monkeypatch, chat_fakes):
    """`judge("CREATIVE_ANALYSIS_MODEL", "anthropic")` configures that role and returns the provider's fake."""
    # Retry only what asks to be retried at once (Retry-After: 0); any other wait falls back at once,
    # so fallback tests take no sleeping time.
    settings.CREATIVE_LLM_MAX_WAIT = 0.01
    settings.CREATIVE_LLM_TIMEOUT = 5.0
    settings.CREATIVE_ANALYSIS_MODEL = settings.CREATIVE_PROMPT_MODEL = settings.CREATIVE_SCORING_MODEL = ""

    def configure(setting: str, provider: str, model: str = ""):
        fake = chat_fakes[provider]
        key_variable, url_variable, _ = ENVIRONMENT[provider]
        monkeypatch.setenv(key_variable, fake.api_key)
        monkeypatch.setenv(url_variable, fake.base_url)
        setattr(settings, setting, f"{provider}:{model or MODELS[provider]}")
        return fake

    return configure


def inject_fault(fake, kind: str, settings) -> None:
    """Make the fake's next answer fail in one of the ways the pipeline must survive."""
    if kind == "rate_limited":  # a wait longer than CREATIVE_LLM_MAX_WAIT: falls back without sleeping
        fake.rate_limit(retry_delay="30s") if isinstance(fake, FakeGeminiChat) else fake.rate_limit(retry_after="30")
    elif kind == "overloaded":
        fake.overloaded()
    elif kind == "server_error":
        fake.server_error(500)
    elif kind == "timeout":
        settings.CREATIVE_LLM_TIMEOUT = 0.3
        fake.slow(2.0)
    elif kind == "malformed":
        fake.malformed_output()
    elif kind == "truncated":
        fake.truncated_output()
    elif kind == "refusal":
        fake.refuse()
    else:
        raise ValueError(kind)
