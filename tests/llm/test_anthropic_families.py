"""Anthropic model families that reject parameters older ones take get neither, instead of a failed, billed-in-time
round-trip per call: Opus 4.7 rejects `temperature` (400 "`temperature` is deprecated for this model") and forced
`tool_choice` (it always thinks adaptively); Opus 4.8 and the Claude 5 models reject `temperature` only."""

import pytest

from creative.llm.anthropic import family_for
from creative.llm.base import ChatRequest
from creative.llm.registry import build_chat_client

SCHEMA = {"type": "object", "properties": {"score": {"type": "integer"}}, "required": ["score"]}


def make(fake, model):
    return build_chat_client("anthropic", api_key=fake.api_key, base_url=fake.base_url, timeout=5.0, model=model)


def ask() -> ChatRequest:
    return ChatRequest(system="You score ad images.", user="Score this.", json_schema=SCHEMA,
                       schema_name="emit_score", temperature=0.2)


def test_opus_4_7_gets_neither_temperature_nor_a_forced_tool_and_still_answers(fake_anthropic):
    fake_anthropic.answer_json({"score": 7})

    response = make(fake_anthropic, "claude-opus-4-7").complete(ask())

    body = fake_anthropic.requests[0].json()
    assert "temperature" not in body
    assert body["tool_choice"] == {"type": "auto"}
    assert "emit_score" in body["system"]
    assert response.data == {"score": 7}


@pytest.mark.parametrize("model", ["claude-opus-4-8", "claude-sonnet-5", "claude-opus-5"])
def test_newest_models_get_a_forced_tool_but_no_temperature(fake_anthropic, model):
    fake_anthropic.answer_json({"score": 7})

    make(fake_anthropic, model).complete(ask())

    body = fake_anthropic.requests[0].json()
    assert "temperature" not in body
    assert body["tool_choice"] == {"type": "tool", "name": "emit_score"}


def test_older_models_keep_temperature_and_the_forced_tool(fake_anthropic):
    make(fake_anthropic, "claude-sonnet-4-5").complete(ask())

    body = fake_anthropic.requests[0].json()
    assert body["temperature"] == 0.2
    assert body["tool_choice"] == {"type": "tool", "name": "emit_score"}


def test_a_dated_version_belongs_to_its_family():
    assert family_for("claude-opus-4-7-20260416").temperature is False
    assert family_for("claude-haiku-4-5-20251001").temperature is True


def test_a_json_text_answer_is_read_when_the_tool_was_only_offered(fake_anthropic):
    fake_anthropic.answer_text('{"score": 5}')

    response = make(fake_anthropic, "claude-opus-4-7").complete(
        ChatRequest(system="", user="Score this.", json_schema=SCHEMA, schema_name="emit_score"))

    assert response.data == {"score": 5}
