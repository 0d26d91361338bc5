import base64

import pytest

from creative.llm.base import ChatRequest, LLMError
from creative.llm.registry import build_chat_client
from tests.fakes.server import png_bytes

SCHEMA = {
    "type": "object",
    "properties": {"headline": {"type": "string"}, "styles": {"type": "array", "items": {"type": "string"}}},
    "required": ["headline", "styles"],
}


def make(fake, *, timeout=5.0, api_key=None, model="gemini-2.5-flash"):
    return build_chat_client("gemini", api_key=api_key or fake.api_key, base_url=fake.base_url,
                             timeout=timeout, model=model)


def ask(**overrides):
    fields = {"system": "You write ad prompts.", "user": "Suggest a headline and styles.",
              "json_schema": SCHEMA, "max_tokens": 256}
    return ChatRequest(**{**fields, **overrides})


def failure(client, request=None) -> LLMError:
    with pytest.raises(LLMError) as info:
        client.complete(request or ask())
    return info.value


def test_json_answer_is_parsed_into_data(fake_gemini_chat):
    fake_gemini_chat.answer_json({"headline": "Run further", "styles": ["lifestyle", "minimalist"]})

    response = make(fake_gemini_chat).complete(ask())

    assert response.data == {"headline": "Run further", "styles": ["lifestyle", "minimalist"]}
    assert (response.finish_reason, response.model) == ("STOP", "gemini-2.5-flash")
    assert response.raw_meta["id"].startswith("resp-")


def test_request_carries_key_header_json_schema_and_inline_images(fake_gemini_chat):
    image = png_bytes(32, 32)
    make(fake_gemini_chat).complete(ask(images=[(image, "image/png")], temperature=0.4))

    (request,) = fake_gemini_chat.requests
    body = request.json()
    assert (request.method, request.path) == ("POST", "/v1beta/models/gemini-2.5-flash:generateContent")
    assert request.headers["x-goog-api-key"] == fake_gemini_chat.api_key
    assert "key" not in request.query  # keys travel in headers only, never in URLs that get logged
    assert body["generationConfig"] == {
        "maxOutputTokens": 256, "temperature": 0.4,
        "responseMimeType": "application/json", "responseJsonSchema": SCHEMA,
    }
    assert body["systemInstruction"] == {"parts": [{"text": "You write ad prompts."}]}
    (content,) = body["contents"]
    inline, text = content["parts"]
    assert content["role"] == "user"
    assert inline["inlineData"]["mimeType"] == "image/png"
    assert base64.b64decode(inline["inlineData"]["data"]) == image
    assert text == {"text": "Suggest a headline and styles."}


def test_model_name_may_carry_the_models_prefix(fake_gemini_chat):
    make(fake_gemini_chat, model="models/gemini-2.5-pro").complete(ask())

    assert fake_gemini_chat.requests[0].path == "/v1beta/models/gemini-2.5-pro:generateContent"


def test_plain_text_request_asks_for_no_json(fake_gemini_chat):
    fake_gemini_chat.answer_text("Run further, every weekend.")

    response = make(fake_gemini_chat).complete(ask(json_schema=None, system=""))

    body = fake_gemini_chat.requests[0].json()
    assert "responseMimeType" not in body["generationConfig"] and "systemInstruction" not in body
    assert (response.text, response.data) == ("Run further, every weekend.", None)


def test_tokens_come_from_usage_metadata(fake_gemini_chat):
    response = make(fake_gemini_chat).complete(ask(images=[(png_bytes(32, 32), "image/png")]))

    usage = response.raw_meta["usage"]
    assert response.input_tokens == usage["promptTokenCount"] > 258  # the fake's price of one image
    assert response.output_tokens == usage["candidatesTokenCount"] > 0


def test_rate_limit_is_retryable_with_the_retry_info_delay(fake_gemini_chat):
    fake_gemini_chat.rate_limit(retry_delay="35s")

    error = failure(make(fake_gemini_chat))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 35.0)
    assert "RESOURCE_EXHAUSTED" in error.detail


def test_503_unavailable_is_a_retryable_overload(fake_gemini_chat):
    fake_gemini_chat.overloaded()

    error = failure(make(fake_gemini_chat))

    assert (error.kind, error.retryable) == ("overloaded", True)


def test_server_error_is_a_retryable_provider_error(fake_gemini_chat):
    fake_gemini_chat.server_error(500)

    error = failure(make(fake_gemini_chat))

    assert (error.kind, error.retryable) == ("provider_error", True)


def test_timeout_after_send_is_a_retryable_timeout(fake_gemini_chat):
    fake_gemini_chat.slow(3.0)

    error = failure(make(fake_gemini_chat, timeout=0.3))

    assert (error.kind, error.retryable) == ("timeout", True)


def test_malformed_json_answer_is_invalid_output(fake_gemini_chat):
    fake_gemini_chat.malformed_output()

    error = failure(make(fake_gemini_chat))

    assert (error.kind, error.retryable) == ("invalid_output", False)
    assert error.response.text.startswith('{"product"')


def test_answer_cut_at_max_tokens_is_invalid_output(fake_gemini_chat):
    fake_gemini_chat.truncated_output()

    error = failure(make(fake_gemini_chat))

    assert error.kind == "invalid_output"
    assert error.response.finish_reason == "MAX_TOKENS"


def test_blocked_prompt_is_a_refusal(fake_gemini_chat):
    fake_gemini_chat.refuse("PROHIBITED_CONTENT")

    error = failure(make(fake_gemini_chat))

    assert (error.kind, error.retryable) == ("refusal", False)
    assert "PROHIBITED_CONTENT" in error.response.refusal
    assert error.response.input_tokens > 0


def test_answer_stopped_for_safety_is_a_refusal(fake_gemini_chat):
    fake_gemini_chat.refuse("SAFETY", prompt=False)

    error = failure(make(fake_gemini_chat))

    assert error.kind == "refusal"
    assert error.response.finish_reason == "SAFETY"


def test_invalid_key_is_auth_and_never_in_the_detail(fake_gemini_chat):
    wrong_key = "AIza-wrong-0123456789abcdef"

    error = failure(make(fake_gemini_chat, api_key=wrong_key))

    assert (error.kind, error.retryable) == ("auth", False)
    assert wrong_key not in error.detail and "[redacted]" in error.detail
