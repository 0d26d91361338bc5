import dataclasses

import pytest

from creative.providers.base import ImageJob, ProviderError
from creative.providers.gemini_image import GeminiImage
from creative.providers.registry import build_client

MODEL = "gemini-2.5-flash-image"


def make(fake, *, timeout=5.0, api_key=None):
    config = fake.config()
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return GeminiImage(config=config, client=build_client(GeminiImage, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": MODEL, "prompt": "a banana in a tuxedo", **overrides})


def failure(provider, image_job=None) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        provider.generate(image_job or job())
    return info.value


def test_success_returns_the_inline_image_and_usage(fake_gemini):
    result = make(fake_gemini).generate(job(width=1920, height=1080))

    assert result.mime_type == "image/png"
    assert (result.meta["width"], result.meta["height"]) == (1344, 768)
    assert result.meta["usage"]["candidatesTokenCount"] == 1298
    assert result.usage == {"input_text": 14, "output_text": 8, "output_image": 1290}
    assert result.cost_source == "estimate"  # tokens, not a charge: the pipeline prices them
    assert result.meta["model_version"] == MODEL
    assert result.meta["text"] == "Here is the image you asked for."


def test_request_follows_generate_content_with_image_output(fake_gemini):
    make(fake_gemini).generate(job(width=1080, height=1350, negative_prompt="text", seed=9))

    (request,) = fake_gemini.requests
    assert request.path == f"/v1beta/models/{MODEL}:generateContent"
    assert request.headers["x-goog-api-key"] == fake_gemini.api_key
    assert "authorization" not in request.headers
    body = request.json()
    assert body["contents"][0]["role"] == "user"
    assert body["contents"][0]["parts"][0]["text"] == "a banana in a tuxedo\n\nAvoid: text."
    config = body["generationConfig"]
    assert config["responseModalities"] == ["TEXT", "IMAGE"]
    assert config["imageConfig"] == {"aspectRatio": "4:5"}
    assert config["seed"] == 9


def test_gemini_3_asks_for_a_larger_image_size(fake_gemini):
    result = make(fake_gemini).generate(job(model="gemini-3-pro-image-preview", width=2048, height=2048))

    assert fake_gemini.requests[0].json()["generationConfig"]["imageConfig"]["imageSize"] == "2K"
    assert result.meta["width"] == 2048


def test_blocked_prompt_is_content_policy(fake_gemini):
    fake_gemini.block_prompt("PROHIBITED_CONTENT")

    error = failure(make(fake_gemini))

    assert (error.kind, error.retryable) == ("content_policy", False)
    assert "PROHIBITED_CONTENT" in error.detail


@pytest.mark.parametrize("reason", ["SAFETY", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT"])
def test_safety_finish_without_image_is_content_policy(fake_gemini, reason):
    fake_gemini.finish_without_image(reason)

    assert failure(make(fake_gemini)).kind == "content_policy"


def test_text_only_answer_is_a_provider_error_with_what_the_model_said(fake_gemini):
    fake_gemini.finish_without_image("STOP", text="I can only describe this.")

    error = failure(make(fake_gemini))

    assert error.kind == "provider_error"
    assert "I can only describe this." in error.detail


def test_rate_limit_is_retryable_with_the_retry_info_delay(fake_gemini):
    fake_gemini.rate_limit("35s")

    error = failure(make(fake_gemini))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 35.0)


def test_overloaded_model_is_unknown_outcome_never_retried(fake_gemini):
    fake_gemini.overloaded()

    error = failure(make(fake_gemini))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_server_error_is_unknown_outcome_never_retried(fake_gemini):
    fake_gemini.server_error(500)

    error = failure(make(fake_gemini))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_unknown_model_is_model_retired(fake_gemini):
    error = failure(make(fake_gemini), job(model="gemini-1.0-pro-vision"))

    assert (error.kind, error.retryable) == ("model_retired", False)


def test_timeout_after_send_is_unknown_outcome(fake_gemini):
    fake_gemini.slow(3.0)

    error = failure(make(fake_gemini, timeout=0.5))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_malformed_json_is_a_provider_error(fake_gemini):
    fake_gemini.malformed_json()

    assert failure(make(fake_gemini)).kind == "provider_error"


def test_undecodable_inline_image_is_invalid_image(fake_gemini):
    fake_gemini.garbage_image()

    assert failure(make(fake_gemini)).kind == "invalid_image"


def test_bad_key_is_auth_and_never_in_the_detail(fake_gemini):
    key = "AIza-wrong-key-must-not-leak"

    error = failure(make(fake_gemini, api_key=key))

    assert error.kind == "auth"
    assert key not in error.detail


def test_check_lists_image_models(fake_gemini):
    status = make(fake_gemini).check()

    assert status.startswith("ok ")
    assert MODEL in status
    assert fake_gemini.requests[0].path == "/v1beta/models"


def test_check_with_a_bad_key_is_auth(fake_gemini):
    with pytest.raises(ProviderError) as info:
        make(fake_gemini, api_key="AIza-nope-nope").check()

    assert info.value.kind == "auth"
