import dataclasses

import pytest

from creative.providers.base import ImageJob, ProviderConfig, ProviderError
from creative.providers.imagen import Imagen
from creative.providers.registry import build_client

MODEL = "imagen-4.0-generate-001"


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return Imagen(config=config, client=build_client(Imagen, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": MODEL, "prompt": "a watercolor fox in a snowy forest", **overrides})


def failure(provider, image_job=None) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        provider.generate(image_job or job())
    return info.value


def test_success_returns_the_png_at_the_aspect_ratio_size(fake_imagen):
    result = make(fake_imagen).generate(job(width=1280, height=720))

    assert result.mime_type == "image/png"
    assert (result.meta["width"], result.meta["height"]) == (1408, 768)


def test_request_path_auth_and_body_follow_vertex(fake_imagen):
    make(fake_imagen, quota_project="billing-proj").generate(
        job(width=1080, height=1920, negative_prompt="text, watermark", seed=77)
    )

    (request,) = fake_imagen.requests
    location = "/v1/projects/ad-project/locations/us-central1"
    assert request.path == f"{location}/publishers/google/models/{MODEL}:predict"
    assert request.headers["authorization"] == f"Bearer {fake_imagen.api_key}"
    assert request.headers["x-goog-user-project"] == "billing-proj"
    body = request.json()
    # Imagen 4 takes no negativePrompt: the avoid list rides in the prompt.
    assert body["instances"] == [{"prompt": "a watercolor fox in a snowy forest\n\nAvoid: text, watermark."}]
    params = body["parameters"]
    assert params["sampleCount"] == 1
    assert params["aspectRatio"] == "9:16"
    assert "negativePrompt" not in params
    assert (params["seed"], params["addWatermark"]) == (77, False)
    assert params["sampleImageSize"] == "2K"


def test_seed_sent_is_reported_back(fake_imagen):
    assert make(fake_imagen).generate(job(seed=77)).seed == 77


def test_fast_model_never_asks_for_2k(fake_imagen):
    result = make(fake_imagen).generate(job(model="imagen-4.0-fast-generate-001", width=2048, height=2048))

    assert "sampleImageSize" not in fake_imagen.requests[0].json()["parameters"]
    assert result.meta["width"] == 1024


def test_base_url_follows_the_location():
    assert Imagen.base_url_for(ProviderConfig(extra={"location": "europe-west4"})) == (
        "https://europe-west4-aiplatform.googleapis.com"
    )
    global_config = ProviderConfig(extra={"location": "global"})
    assert Imagen.base_url_for(global_config) == "https://aiplatform.googleapis.com"


def test_missing_project_fails_before_any_call(fake_imagen):
    config = ProviderConfig(api_key="t", base_url=fake_imagen.url)
    provider = Imagen(config=config, client=build_client(Imagen, config, timeout=2))

    assert failure(provider).kind == "auth"
    assert fake_imagen.requests == []


def test_rate_limit_is_retryable_with_the_retry_info_delay(fake_imagen):
    fake_imagen.rate_limit("7s")

    error = failure(make(fake_imagen))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 7.0)


@pytest.mark.parametrize("status", [500, 503])
def test_internal_and_unavailable_are_unknown_outcome_never_retried(fake_imagen, status):
    fake_imagen.server_error(status)

    error = failure(make(fake_imagen))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_blocked_prompt_is_content_policy(fake_imagen):
    fake_imagen.refuse_prompt()

    error = failure(make(fake_imagen))

    assert (error.kind, error.retryable) == ("content_policy", False)


def test_filtered_output_is_content_policy_with_the_reason(fake_imagen):
    fake_imagen.filter_output()

    error = failure(make(fake_imagen))

    assert error.kind == "content_policy"
    assert "39322892" in error.detail


def test_no_predictions_at_all_is_content_policy(fake_imagen):
    fake_imagen.empty_predictions()

    assert failure(make(fake_imagen)).kind == "content_policy"


def test_retired_model_is_model_retired_not_retried(fake_imagen):
    error = failure(make(fake_imagen), job(model="imagen-2.0-retired"))

    assert (error.kind, error.retryable) == ("model_retired", False)
    assert "NOT_FOUND" in error.detail


def test_invalid_parameter_is_bad_request(fake_imagen):
    error = {"code": 400, "status": "INVALID_ARGUMENT", "message": "bad aspect"}
    fake_imagen.respond_with(400, {"error": error})

    assert failure(make(fake_imagen)).kind == "bad_request"


def test_timeout_after_send_is_unknown_outcome(fake_imagen):
    fake_imagen.slow(3.0)

    error = failure(make(fake_imagen, timeout=0.5))

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_malformed_json_is_a_provider_error(fake_imagen):
    fake_imagen.malformed_json()

    assert failure(make(fake_imagen)).kind == "provider_error"


def test_undecodable_image_is_invalid_image(fake_imagen):
    fake_imagen.garbage_image()

    assert failure(make(fake_imagen)).kind == "invalid_image"


def test_bad_token_is_auth_and_never_in_the_detail(fake_imagen):
    token = "ya29.wrong-token-that-must-not-leak"

    error = failure(make(fake_imagen, api_key=token))

    assert error.kind == "auth"
    assert token not in error.detail and "UNAUTHENTICATED" in error.detail


def test_check_lists_endpoints_of_the_configured_project(fake_imagen):
    assert make(fake_imagen).check() == "ok vertex ad-project/us-central1"
    request = fake_imagen.requests[0]
    assert request.method == "GET"
    assert request.path == "/v1/projects/ad-project/locations/us-central1/endpoints"


def test_check_with_a_wrong_project_is_auth(fake_imagen):
    with pytest.raises(ProviderError) as info:
        make(fake_imagen, project="someone-else").check()

    assert info.value.kind == "auth"


@pytest.mark.parametrize("model", ["imagen-3.0-generate-002", "imagen-3.0-generate-001"])
def test_imagen_3_keeps_the_documented_negative_prompt(fake_imagen, model):
    try:
        make(fake_imagen).generate(job(model=model, negative_prompt="text, watermark"))
    except ProviderError:
        pass  # the fake serves only -002; the request is what matters here

    body = fake_imagen.requests[0].json()
    assert body["parameters"]["negativePrompt"] == "text, watermark"
    assert body["instances"] == [{"prompt": "a watercolor fox in a snowy forest"}]


@pytest.mark.parametrize("model", ["imagen-4.0-ultra-generate-001", "imagen-4.0-fast-generate-001"])
def test_imagen_4_folds_the_avoid_list_into_the_prompt(fake_imagen, model):
    make(fake_imagen).generate(job(model=model, negative_prompt="people"))

    body = fake_imagen.requests[0].json()
    assert "negativePrompt" not in body["parameters"]
    assert body["instances"][0]["prompt"].endswith("Avoid: people.")


def test_imagen_reports_no_charge(fake_imagen):
    result = make(fake_imagen).generate(job())

    assert (result.cost_cents, result.cost_source, result.usage) == (None, "estimate", {})
