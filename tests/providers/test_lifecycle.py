"""Models retire: a "model not found" or deprecation answer is `model_retired`, and providers with a models
endpoint say whether a model is live or gone.

Retirement answers, per specs/ and the official SDKs: OpenAI 404 `model_not_found` ("does not exist", or "has
been deprecated" for a shut-down model); Google 404 `NOT_FOUND` (Gemini `generateContent`, Vertex `:predict`);
BFL 404 on the model's submit path; Stability 404 on a v1 engine or v2beta endpoint; any 410. Firefly (the model
is a header) and a Midjourney relay document none.
"""

import pytest

from creative.providers import registry
from creative.providers.base import ImageJob, ProviderError


def make(name: str, fake):
    config = fake.config()
    client = registry.build_client(registry.PROVIDERS[name], config, timeout=5.0)
    return registry.get_provider(name, config=config, client=client)


def retired(call, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call(*args)
    return info.value


def job(model: str) -> ImageJob:
    return ImageJob(model=model, prompt="a red bicycle against a white wall")


def test_openai_deprecation_answer_is_model_retired(fake_openai):
    fake_openai.retired = {"dall-e-3"}

    error = retired(make("openai", fake_openai).generate, job("dall-e-3"))

    assert (error.kind, error.retryable, error.proves_not_billed) == ("model_retired", False, True)
    assert "deprecated" in error.detail


@pytest.mark.parametrize("name, fixture, model", [
    ("gemini", "fake_gemini", "gemini-2.0-flash-preview-image-generation"),
    ("imagen", "fake_imagen", "imagegeneration@006"),
])
def test_google_not_found_is_model_retired(request, name, fixture, model):
    error = retired(make(name, request.getfixturevalue(fixture)).generate, job(model))

    assert (error.kind, error.retryable) == ("model_retired", False)
    assert "NOT_FOUND" in error.detail


def test_bfl_model_path_not_found_is_model_retired(fake_flux):
    error = retired(make("flux", fake_flux).submit, job("flux-dev-retired"))

    assert error.kind == "model_retired"
    assert fake_flux.paid == []


def test_stability_engine_not_found_is_model_retired(fake_stability):
    error = retired(make("stability", fake_stability).generate, job("stable-diffusion-v1-6"))

    assert error.kind == "model_retired"


def test_gone_answer_is_model_retired(fake_flux):
    fake_flux.respond_with(410, {"detail": "This endpoint has been removed."}, path="/v1/flux")

    assert retired(make("flux", fake_flux).submit, job("flux-pro")).kind == "model_retired"


@pytest.mark.parametrize("model, status", [("gpt-image-1.5", "live"), ("gpt-image-0", "gone")])
def test_openai_model_status_reads_the_models_endpoint(fake_openai, model, status):
    assert make("openai", fake_openai).model_status(model) == status

    (request,) = fake_openai.requests
    assert (request.method, request.path) == ("GET", f"/v1/models/{model}")


def test_openai_model_status_of_a_shut_down_model_is_gone(fake_openai):
    fake_openai.retired = {"dall-e-3"}

    assert make("openai", fake_openai).model_status("dall-e-3") == "gone"


@pytest.mark.parametrize("model, status", [("gemini-3.1-flash-image", "live"), ("gemini-1.0-pro-vision", "gone")])
def test_gemini_model_status_reads_the_models_endpoint(fake_gemini, model, status):
    assert make("gemini", fake_gemini).model_status(model) == status

    (request,) = fake_gemini.requests
    assert (request.method, request.path) == ("GET", f"/v1beta/models/{model}")


def test_model_status_with_a_bad_key_raises_rather_than_saying_gone(fake_openai):
    provider = make("openai", fake_openai)
    provider.config = type(provider.config)(api_key="sk-wrong", base_url=provider.config.base_url)

    assert retired(provider.model_status, "gpt-image-1.5").kind == "auth"


@pytest.mark.parametrize("name, fixture", [("flux", "fake_flux"), ("stability", "fake_stability"),
                                           ("firefly", "fake_firefly"), ("midjourney", "fake_midjourney"),
                                           ("imagen", "fake_imagen")])
def test_providers_without_a_models_endpoint_say_unknown_without_a_call(request, name, fixture):
    fake = request.getfixturevalue(fixture)

    assert make(name, fake).model_status("any-model") == "unknown"
    assert fake.requests == []
