import base64
import socket

import pytest

from creative.llm.base import ChatRequest, LLMError, cost_cents
from creative.llm.registry import build_chat_client
from tests.fakes.server import png_bytes

SCHEMA = {
    "type": "object",
    "properties": {"product": {"type": "string"}, "tones": {"type": "array", "items": {"type": "string"}}},
    "required": ["product", "tones"],
    "additionalProperties": False,
}


def make(fake, *, timeout=5.0, api_key=None, base_url=None):
    return build_chat_client("openai", api_key=api_key or fake.api_key, base_url=base_url or fake.base_url,
                             timeout=timeout, model="gpt-4o-mini")


def ask(**overrides):
    fields = {"system": "Extract requirements as JSON.", "user": "Trail shoes for weekend runners, upbeat.",
              "json_schema": SCHEMA, "schema_name": "requirements", "max_tokens": 400}
    return ChatRequest(**{**fields, **overrides})


def failure(client, request=None) -> LLMError:
    with pytest.raises(LLMError) as info:
        client.complete(request or ask())
    return info.value


def test_structured_answer_is_parsed_into_data(fake_openai_chat):
    fake_openai_chat.answer_json({"product": "trail shoe", "tones": ["upbeat"]})

    response = make(fake_openai_chat).complete(ask())

    assert response.data == {"product": "trail shoe", "tones": ["upbeat"]}
    assert response.text == '{"product": "trail shoe", "tones": ["upbeat"]}'
    assert response.finish_reason == "stop"
    assert response.model == "gpt-4o-mini"
    assert response.refusal == ""


def test_request_carries_bearer_key_strict_schema_and_data_url_images(fake_openai_chat):
    image = png_bytes(64, 48)
    make(fake_openai_chat).complete(ask(images=[(image, "image/png")], temperature=0.1))

    (request,) = fake_openai_chat.requests
    body = request.json()
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == f"Bearer {fake_openai_chat.api_key}"
    assert request.headers["content-type"] == "application/json"
    assert body["model"] == "gpt-4o-mini"
    assert body["max_completion_tokens"] == 400 and body["temperature"] == 0.1
    assert body["response_format"] == {
        "type": "json_schema", "json_schema": {"name": "requirements", "schema": SCHEMA, "strict": True},
    }
    system, user = body["messages"]
    assert system == {"role": "system", "content": "Extract requirements as JSON."}
    text_part, image_part = user["content"]
    assert text_part == {"type": "text", "text": "Trail shoes for weekend runners, upbeat."}
    prefix, encoded = image_part["image_url"]["url"].split(",", 1)
    assert image_part["type"] == "image_url" and prefix == "data:image/png;base64"
    assert base64.b64decode(encoded) == image


def test_plain_text_request_sends_no_response_format(fake_openai_chat):
    fake_openai_chat.answer_text("Bright, sporty, outdoors.")

    response = make(fake_openai_chat).complete(ask(json_schema=None, system="", temperature=None))

    body = fake_openai_chat.requests[0].json()
    assert "response_format" not in body and "temperature" not in body
    assert body["messages"] == [{"role": "user", "content": "Trail shoes for weekend runners, upbeat."}]
    assert (response.text, response.data) == ("Bright, sporty, outdoors.", None)


def test_tokens_come_from_usage_and_price_the_call(fake_openai_chat):
    fake_openai_chat.answer_json({"product": "trail shoe", "tones": ["upbeat", "outdoor"]})

    response = make(fake_openai_chat).complete(ask())

    usage = response.raw_meta["usage"]
    assert response.input_tokens == usage["prompt_tokens"] > 0
    assert response.output_tokens == usage["completion_tokens"] == len(response.text) // 4
    assert response.raw_meta["request_id"].startswith("req_")
    expected = (response.input_tokens * 15 + response.output_tokens * 60) / 1_000_000
    assert cost_cents(response, input_per_million_cents=15, output_per_million_cents=60) == expected


def test_rate_limit_is_retryable_and_prefers_retry_after_ms(fake_openai_chat):
    fake_openai_chat.rate_limit(retry_after="7", retry_after_ms="1500")

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 1.5)


def test_insufficient_quota_is_not_retryable(fake_openai_chat):
    fake_openai_chat.insufficient_quota()

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("rate_limited", False)
    assert "insufficient_quota" in error.detail


def test_server_error_is_a_retryable_provider_error(fake_openai_chat):
    fake_openai_chat.server_error(500)

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("provider_error", True)


def test_503_is_a_retryable_overload(fake_openai_chat):
    fake_openai_chat.overloaded()

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("overloaded", True)


def test_timeout_after_send_is_a_retryable_timeout(fake_openai_chat):
    fake_openai_chat.slow(3.0)

    error = failure(make(fake_openai_chat, timeout=0.3))

    assert (error.kind, error.retryable) == ("timeout", True)
    assert len(fake_openai_chat.requests) == 1


def test_connection_dropped_mid_answer_is_unknown_outcome(fake_openai_chat):
    fake_openai_chat.drop()

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_connection_refused_is_a_retryable_provider_error():
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = build_chat_client("openai", api_key="sk-test-unused-key", base_url=f"http://127.0.0.1:{port}/v1",
                               model="gpt-4o-mini")

    error = failure(client)

    assert (error.kind, error.retryable) == ("provider_error", True)


def test_malformed_json_answer_is_invalid_output_and_keeps_the_text(fake_openai_chat):
    fake_openai_chat.malformed_output()

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("invalid_output", False)
    assert error.response.text.startswith('{"product"')
    assert error.response.output_tokens > 0


def test_answer_cut_at_max_tokens_is_invalid_output(fake_openai_chat):
    fake_openai_chat.truncated_output({"product": "trail shoe", "tones": ["upbeat", "outdoor", "bold"]})

    error = failure(make(fake_openai_chat))

    assert error.kind == "invalid_output"
    assert error.response.finish_reason == "length"


def test_answer_missing_a_required_key_is_invalid_output(fake_openai_chat):
    fake_openai_chat.answer_json({"product": "trail shoe"})

    error = failure(make(fake_openai_chat))

    assert error.kind == "invalid_output" and "tones" in error.detail


def test_refusal_is_raised_with_its_text_and_tokens(fake_openai_chat):
    fake_openai_chat.refuse("I can't help with that request.")

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("refusal", False)
    assert error.response.refusal == "I can't help with that request." == error.detail
    assert error.response.data is None and error.response.output_tokens > 0


def test_schema_outside_strict_mode_is_a_bad_request(fake_openai_chat):
    loose = {"type": "object", "properties": {"product": {"type": "string"}}}

    error = failure(make(fake_openai_chat), ask(json_schema=loose))

    assert (error.kind, error.retryable) == ("bad_request", False)
    assert "additionalProperties" in error.detail


def test_wrong_key_is_auth_and_never_in_the_detail(fake_openai_chat):
    wrong_key = "sk-wrong-0123456789abcdef"

    error = failure(make(fake_openai_chat, api_key=wrong_key))

    assert (error.kind, error.retryable) == ("auth", False)
    assert wrong_key not in error.detail and wrong_key not in str(error)
    assert "[redacted]" in error.detail


def test_garbled_response_body_is_a_provider_error(fake_openai_chat):
    fake_openai_chat.malformed_json()

    error = failure(make(fake_openai_chat))

    assert (error.kind, error.retryable) == ("provider_error", False)
