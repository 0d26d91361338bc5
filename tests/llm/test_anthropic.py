import base64
import json

import pytest

from creative.llm.base import ChatRequest, LLMError
from creative.llm.registry import build_chat_client
from tests.fakes.server import png_bytes

SCHEMA = {
    "type": "object",
    "properties": {"score": {"type": "integer"}, "reasons": {"type": "array", "items": {"type": "string"}}},
    "required": ["score", "reasons"],
}


def make(fake, *, timeout=5.0, api_key=None):
    return build_chat_client("anthropic", api_key=api_key or fake.api_key, base_url=fake.base_url,
                             timeout=timeout, model="claude-sonnet-4-5")


def ask(**overrides):
    fields = {"system": "You score ad images.", "user": "Score this image against the brief.",
              "json_schema": SCHEMA, "schema_name": "emit_score", "max_tokens": 300}
    return ChatRequest(**{**fields, **overrides})


def failure(client, request=None) -> LLMError:
    with pytest.raises(LLMError) as info:
        client.complete(request or ask())
    return info.value


def test_forced_tool_input_is_parsed_into_data(fake_anthropic):
    fake_anthropic.answer_json({"score": 82, "reasons": ["on brand", "clear product"]})

    response = make(fake_anthropic).complete(ask())

    assert response.data == {"score": 82, "reasons": ["on brand", "clear product"]}
    assert json.loads(response.text) == response.data
    assert response.finish_reason == "tool_use"
    assert response.model == "claude-sonnet-4-5"


def test_request_carries_key_version_forced_tool_and_base64_images(fake_anthropic):
    image = png_bytes(40, 30)
    make(fake_anthropic).complete(ask(images=[(image, "image/png")]))

    (request,) = fake_anthropic.requests
    body = request.json()
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.headers["x-api-key"] == fake_anthropic.api_key
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in request.headers
    assert body["model"] == "claude-sonnet-4-5" and body["max_tokens"] == 300
    assert body["system"] == "You score ad images."
    (tool,) = body["tools"]
    assert (tool["name"], tool["input_schema"]) == ("emit_score", SCHEMA)
    assert body["tool_choice"] == {"type": "tool", "name": "emit_score"}
    (message,) = body["messages"]
    image_block, text_block = message["content"]
    assert message["role"] == "user"
    assert image_block["source"]["type"] == "base64" and image_block["source"]["media_type"] == "image/png"
    assert base64.b64decode(image_block["source"]["data"]) == image
    assert text_block == {"type": "text", "text": "Score this image against the brief."}


def test_plain_text_request_sends_no_tools_and_returns_the_text(fake_anthropic):
    fake_anthropic.answer_text("A clean, well-lit product shot.")

    response = make(fake_anthropic).complete(ask(json_schema=None, system=""))

    body = fake_anthropic.requests[0].json()
    assert "tools" not in body and "tool_choice" not in body and "system" not in body
    assert (response.text, response.data, response.finish_reason) == (
        "A clean, well-lit product shot.", None, "end_turn")


def test_tokens_come_from_usage(fake_anthropic):
    response = make(fake_anthropic).complete(ask(images=[(png_bytes(40, 30), "image/png")]))

    usage = response.raw_meta["usage"]
    assert response.input_tokens == usage["input_tokens"] > 1600  # the fake's price of one image
    assert response.output_tokens == usage["output_tokens"] > 0
    assert response.raw_meta["request_id"].startswith("req_")


def test_rate_limit_is_retryable_with_retry_after(fake_anthropic):
    fake_anthropic.rate_limit(retry_after="4")

    error = failure(make(fake_anthropic))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 4.0)


def test_529_overloaded_is_retryable(fake_anthropic):
    fake_anthropic.overloaded()

    error = failure(make(fake_anthropic))

    assert (error.kind, error.retryable) == ("overloaded", True)
    assert "overloaded_error" in error.detail


def test_server_error_is_a_retryable_provider_error(fake_anthropic):
    fake_anthropic.server_error(500)

    error = failure(make(fake_anthropic))

    assert (error.kind, error.retryable) == ("provider_error", True)


def test_timeout_after_send_is_a_retryable_timeout(fake_anthropic):
    fake_anthropic.slow(3.0)

    error = failure(make(fake_anthropic, timeout=0.3))

    assert (error.kind, error.retryable) == ("timeout", True)


def test_text_instead_of_the_forced_tool_is_invalid_output(fake_anthropic):
    fake_anthropic.malformed_output()

    error = failure(make(fake_anthropic))

    assert (error.kind, error.retryable) == ("invalid_output", False)
    assert error.response.text.startswith('{"product"')


def test_tool_call_cut_at_max_tokens_is_invalid_output(fake_anthropic):
    fake_anthropic.truncated_output({"score": 70, "reasons": ["a", "b"]})

    error = failure(make(fake_anthropic))

    assert error.kind == "invalid_output" and "max_tokens" in error.detail
    assert error.response.finish_reason == "max_tokens"


def test_refusal_stop_reason_is_a_refusal(fake_anthropic):
    fake_anthropic.refuse()

    error = failure(make(fake_anthropic))

    assert (error.kind, error.retryable) == ("refusal", False)
    assert error.response.finish_reason == "refusal" and error.response.input_tokens > 0


def test_wrong_key_is_auth_and_never_in_the_detail(fake_anthropic):
    wrong_key = "sk-ant-wrong-0123456789abcdef"

    error = failure(make(fake_anthropic, api_key=wrong_key))

    assert (error.kind, error.retryable) == ("auth", False)
    assert wrong_key not in error.detail and "[redacted]" in error.detail


def test_unknown_media_type_is_a_bad_request(fake_anthropic):
    error = failure(make(fake_anthropic), ask(images=[(b"BM fake bitmap", "image/bmp")]))

    assert (error.kind, error.retryable) == ("bad_request", False)
    assert "media_type" in error.detail
