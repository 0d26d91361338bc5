import dataclasses

import pytest

from creative.providers.base import ImageJob, ProviderError
from creative.providers.registry import build_client
from creative.providers.stability import Stability
from tests.fakes.stability import parse_multipart


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return Stability(config=config, client=build_client(Stability, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": "stable-image-core", "prompt": "lighthouse on a cliff at dusk", **overrides})


def failure(provider, image_job=None) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        provider.generate(image_job or job())
    return info.value


def test_core_returns_raw_image_with_seed_and_credits(fake_stability):
    result = make(fake_stability).generate(job(width=1920, height=1080))

    assert result.mime_type == "image/png"
    assert (result.meta["width"], result.meta["height"]) == (1344, 768)
    assert result.seed == 343940597
    assert result.cost_cents == 3.0
    assert result.content_filtered is False


def test_core_request_is_multipart_with_bearer_and_accept(fake_stability):
    make(fake_stability).generate(job(width=1080, height=1920, negative_prompt="blurry", seed=42))

    (request,) = fake_stability.requests
    assert request.path == "/v2beta/stable-image/generate/core"
    assert request.headers["authorization"] == f"Bearer {fake_stability.api_key}"
    assert request.headers["accept"] == "image/*"
    form = parse_multipart(request)
    assert form == {"prompt": "lighthouse on a cliff at dusk", "aspect_ratio": "9:16", "output_format": "png",
                    "negative_prompt": "blurry", "seed": "42"}


def test_ultra_uses_its_endpoint_and_price(fake_stability):
    result = make(fake_stability).generate(job(model="stable-image-ultra"))

    assert fake_stability.requests[0].path == "/v2beta/stable-image/generate/ultra"
    assert result.cost_cents == 8.0


@pytest.mark.parametrize("model, credits", [("sd3.5-large", 6.5), ("sd3.5-medium", 3.5)])
def test_sd35_models_go_to_sd3_with_a_model_field(fake_stability, model, credits):
    result = make(fake_stability).generate(job(model=model))

    request = fake_stability.requests[0]
    assert request.path == "/v2beta/stable-image/generate/sd3"
    assert parse_multipart(request)["model"] == model
    assert result.cost_cents == credits


def test_json_accept_reads_base64_finish_reason_and_seed(fake_stability):
    result = make(fake_stability, accept="application/json").generate(job(seed=7))

    assert fake_stability.requests[0].headers["accept"] == "application/json"
    assert result.seed == 7
    assert result.meta["finish_reason"] == "SUCCESS"


def test_sdxl_v1_sends_json_with_a_negative_weight_and_an_allowed_size(fake_stability):
    result = make(fake_stability).generate(
        job(model="stable-diffusion-xl-1024-v1-0", width=1920, height=1080, negative_prompt="text", seed=5)
    )

    (request,) = fake_stability.requests
    assert request.path == "/v1/generation/stable-diffusion-xl-1024-v1-0/text-to-image"
    assert request.headers["accept"] == "application/json"
    body = request.json()
    assert body["text_prompts"] == [
        {"text": "lighthouse on a cliff at dusk", "weight": 1},
        {"text": "text", "weight": -1},
    ]
    assert (body["width"], body["height"]) == (1344, 768)
    assert body["seed"] == 5
    assert (result.meta["width"], result.seed, result.cost_cents) == (1344, 5, None)


def test_unknown_model_fails_without_a_call(fake_stability):
    assert failure(make(fake_stability), job(model="sd-1.6")).kind == "bad_request"
    assert fake_stability.requests == []


def test_content_filtered_output_is_returned_flagged(fake_stability):
    fake_stability.filter_output()

    result = make(fake_stability).generate(job())

    assert result.content_filtered is True
    assert result.meta["finish_reason"] == "CONTENT_FILTERED"


def test_content_moderation_403_is_content_policy_not_auth(fake_stability):
    fake_stability.moderate()

    error = failure(make(fake_stability))

    assert (error.kind, error.retryable) == ("content_policy", False)


def test_rate_limit_is_retryable_with_a_ten_second_backoff(fake_stability):
    fake_stability.rate_limit()

    error = failure(make(fake_stability))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 10.0)


def test_rate_limit_honours_retry_after_when_sent(fake_stability):
    fake_stability.rate_limit(retry_after="3")

    assert failure(make(fake_stability)).retry_after == 3.0


def test_internal_error_is_unknown_outcome_never_retried(fake_stability):
    """The spec lists 500 as retryable, but on a paid POST it may follow a billed image."""
    fake_stability.server_error(500)

    error = failure(make(fake_stability))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_unavailable_is_unknown_outcome(fake_stability):
    fake_stability.overloaded()

    error = failure(make(fake_stability))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_no_credits_is_budget(fake_stability):
    fake_stability.no_credits()

    assert failure(make(fake_stability)).kind == "budget"


def test_validation_error_is_bad_request_with_the_message(fake_stability):
    error = failure(make(fake_stability), job(prompt=""))

    assert error.kind == "bad_request"
    assert "prompt: cannot be empty" in error.detail


def test_timeout_after_send_is_unknown_outcome(fake_stability):
    fake_stability.slow(3.0)

    error = failure(make(fake_stability, timeout=0.5))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_malformed_json_answer_is_a_provider_error(fake_stability):
    fake_stability.malformed_json()

    assert failure(make(fake_stability, accept="application/json")).kind == "provider_error"


def test_garbage_bytes_are_invalid_image(fake_stability):
    fake_stability.garbage_image()

    assert failure(make(fake_stability)).kind == "invalid_image"


def test_bad_key_is_auth_and_never_in_the_detail(fake_stability):
    key = "sk-wrong-stability-key-must-not-leak"

    error = failure(make(fake_stability, api_key=key))

    assert error.kind == "auth"
    assert key not in error.detail


def test_check_reports_the_credit_balance(fake_stability):
    assert make(fake_stability).check() == "ok 123.5 credits"
    assert fake_stability.requests[0].path == "/v1/user/balance"
