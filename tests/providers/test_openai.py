import base64
import dataclasses
import email.utils
import socket
import time

import pytest

from creative.providers.base import ImageJob, ProviderConfig, ProviderError
from creative.providers.openai import OpenAIImages
from creative.providers.registry import build_client
from tests.fakes.server import png_bytes


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return OpenAIImages(config=config, client=build_client(OpenAIImages, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": "gpt-image-1", "prompt": "a red bicycle against a white wall", **overrides})


def refused(provider, image_job=None) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        provider.generate(image_job or job())
    return info.value


def test_gpt_image_returns_a_decodable_png_with_usage(fake_openai):
    result = make(fake_openai).generate(job(width=1536, height=1024))

    assert result.mime_type == "image/png"
    assert (result.meta["width"], result.meta["height"]) == (1536, 1024)
    assert result.meta["usage"]["output_tokens"] == 1050
    assert result.meta["request_id"].startswith("req_")


def test_gpt_image_request_follows_the_wire_format(fake_openai):
    make(fake_openai).generate(job(width=1080, height=1920, negative_prompt="text, logos"))

    (request,) = fake_openai.requests
    body = request.json()
    assert (request.method, request.path) == ("POST", "/v1/images/generations")
    assert request.headers["authorization"] == f"Bearer {fake_openai.api_key}"
    assert body["model"] == "gpt-image-1"
    assert body["size"] == "1024x1536"
    assert body["n"] == 1
    assert "response_format" not in body
    assert body["prompt"].startswith("a red bicycle") and "Avoid: text, logos." in body["prompt"]


def test_gpt_image_2_asks_for_the_exact_size(fake_openai):
    result = make(fake_openai).generate(job(model="gpt-image-2", width=1200, height=624))

    assert fake_openai.requests[0].json()["size"] == "1200x624"
    assert (result.meta["width"], result.meta["height"]) == (1200, 624)


def test_dall_e_3_url_is_downloaded_at_once_and_revised_prompt_kept(fake_openai):
    result = make(fake_openai).generate(job(model="dall-e-3", width=1920, height=1080))

    generate, download = fake_openai.requests
    assert generate.json()["response_format"] == "url"
    assert generate.json()["size"] == "1792x1024"
    assert download.method == "GET" and download.path.startswith("/files/")
    assert "authorization" not in download.headers
    assert result.revised_prompt == "A vivid rendering of: a red bicycle against a white wall"
    assert (result.meta["width"], result.meta["height"]) == (1792, 1024)


def test_organization_and_project_headers_come_from_config(fake_openai):
    make(fake_openai, organization="org-1", project="proj-1").generate(job())

    headers = fake_openai.requests[0].headers
    assert (headers["openai-organization"], headers["openai-project"]) == ("org-1", "proj-1")


def test_rate_limit_is_retryable_and_prefers_retry_after_ms(fake_openai):
    fake_openai.rate_limit(retry_after="7", retry_after_ms="1500")

    error = refused(make(fake_openai))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 1.5)


def test_rate_limit_retry_after_seconds(fake_openai):
    fake_openai.rate_limit(retry_after="7")

    assert refused(make(fake_openai)).retry_after == 7.0


def test_rate_limit_retry_after_as_an_http_date(fake_openai):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake_openai.rate_limit(retry_after=when)

    assert 20 < refused(make(fake_openai)).retry_after <= 30


def test_gpt_image_garbage_base64_image_is_invalid_image(fake_openai):
    fake_openai.garbage_image()

    assert refused(make(fake_openai)).kind == "invalid_image"


def test_insufficient_quota_is_not_retried(fake_openai):
    fake_openai.insufficient_quota()

    error = refused(make(fake_openai))

    assert error.kind == "budget"
    assert error.retryable is False


def test_moderation_blocked_is_content_policy(fake_openai):
    fake_openai.refuse()

    error = refused(make(fake_openai))

    assert (error.kind, error.retryable) == ("content_policy", False)
    assert "moderation_blocked" in error.detail


def test_dall_e_content_policy_violation_is_content_policy(fake_openai):
    fake_openai.refuse(dall_e=True)

    error = refused(make(fake_openai), job(model="dall-e-3"))

    assert (error.kind, error.retryable) == ("content_policy", False)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_unknown_outcome_never_retried(fake_openai, status):
    """The SDK retries 5xx; a paid call must not, since the image may have been made and billed."""
    fake_openai.server_error(status)

    error = refused(make(fake_openai))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_x_should_retry_true_does_not_retry_a_paid_5xx(fake_openai):
    error = {"message": "retry me", "type": "server_error", "param": None, "code": None}
    fake_openai.respond_with(500, {"error": error}, headers={"x-should-retry": "true"})

    assert (refused(make(fake_openai)).kind, fake_openai.requests[0].method) == ("unknown_outcome", "POST")


def test_x_should_retry_false_stops_a_retry(fake_openai):
    error = {"message": "no", "type": "server_error", "param": None, "code": None}
    fake_openai.respond_with(500, {"error": error}, headers={"x-should-retry": "false"})

    assert refused(make(fake_openai)).retryable is False


def test_unknown_model_is_model_retired(fake_openai):
    error = refused(make(fake_openai), job(model="dall-e-9"))

    assert (error.kind, error.retryable) == ("model_retired", False)


def test_timeout_after_send_is_unknown_outcome(fake_openai):
    fake_openai.slow(3.0)

    error = refused(make(fake_openai, timeout=0.5))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)
    assert len(fake_openai.requests) == 1


def test_dropped_connection_is_unknown_outcome(fake_openai):
    fake_openai.drop()

    assert refused(make(fake_openai)).kind == "unknown_outcome"


def test_connection_refused_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = ProviderConfig(api_key="sk-x", base_url=f"http://127.0.0.1:{port}/v1")
    provider = OpenAIImages(config=config, client=build_client(OpenAIImages, config, timeout=2.0))

    error = refused(provider)

    assert (error.kind, error.retryable) == ("provider_error", True)


def test_malformed_json_is_a_provider_error_that_is_not_retried(fake_openai):
    fake_openai.malformed_json()

    error = refused(make(fake_openai))

    assert (error.kind, error.retryable) == ("provider_error", False)


def test_garbage_bytes_at_the_url_are_invalid_image(fake_openai):
    fake_openai.garbage_urls = True

    error = refused(make(fake_openai), job(model="dall-e-3"))

    assert (error.kind, error.retryable) == ("invalid_image", False)


def test_bad_key_is_auth_and_the_key_never_reaches_the_detail(fake_openai):
    wrong_key = "sk-wrong-key-that-must-not-leak-42"

    error = refused(make(fake_openai, api_key=wrong_key))

    assert error.kind == "auth"
    assert wrong_key not in error.detail and wrong_key not in str(error)
    assert "invalid_api_key" in error.detail


def test_check_lists_image_models(fake_openai):
    status = make(fake_openai).check()

    assert status.startswith("ok ")
    assert "gpt-image-1" in status
    assert fake_openai.requests[0].path == "/v1/models"


def test_check_with_a_bad_key_raises_auth(fake_openai):
    with pytest.raises(ProviderError) as info:
        make(fake_openai, api_key="sk-nope-nope").check()

    assert info.value.kind == "auth"


def test_the_quality_the_price_assumes_is_sent(fake_openai):
    make(fake_openai).generate(job(model="gpt-image-1.5", quality="medium"))

    assert fake_openai.requests[0].json()["quality"] == "medium"


def test_no_quality_leaves_the_providers_default(fake_openai):
    make(fake_openai).generate(job(model="gpt-image-1.5"))

    assert "quality" not in fake_openai.requests[0].json()


def test_image_usage_becomes_token_counts_by_kind(fake_openai):
    result = make(fake_openai).generate(job())

    assert result.usage == {"input_text": 50, "output_image": 1050}
    assert (result.cost_cents, result.cost_source) == (None, "estimate")


def test_output_token_details_split_text_from_image_tokens(fake_openai):
    usage = {"input_tokens": 120, "output_tokens": 1100, "total_tokens": 1220,
             "input_tokens_details": {"text_tokens": 40, "image_tokens": 80},
             "output_tokens_details": {"text_tokens": 50, "image_tokens": 1050}}
    image = base64.b64encode(png_bytes(64, 64)).decode()
    fake_openai.respond_with(200, {"created": 1, "data": [{"b64_json": image}], "usage": usage})

    result = make(fake_openai).generate(job())

    assert result.usage == {"input_text": 40, "input_image": 80, "output_text": 50, "output_image": 1050}


def test_dall_e_reports_no_usage(fake_openai):
    assert make(fake_openai).generate(job(model="dall-e-3")).usage == {}
