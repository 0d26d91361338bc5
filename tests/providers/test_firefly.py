import dataclasses
import json

import pytest

from creative.providers.base import ImageJob, ProviderError
from creative.providers.firefly import Firefly
from creative.providers.registry import build_client
from tests.fakes.firefly import TOKEN_PATH

SUBMIT_PATH = "/v3/images/generate-async"


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return Firefly(config=config, client=build_client(Firefly, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": "firefly", "prompt": "a futuristic cityscape with flying cars", **overrides})


def raised(call, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call(*args)
    return info.value


def run_to_end(provider, job_id, limit=5):
    for _ in range(limit):
        if (state := provider.poll(job_id)).done:
            return state.result
    raise AssertionError("job never finished")


def test_submit_then_pending_then_succeeded(fake_firefly):
    provider = make(fake_firefly)
    job_id = provider.submit(job(width=2048, height=2048, seed=45))

    first = provider.poll(job_id)
    second = provider.poll(job_id)

    assert first.done is False
    assert second.done is True
    assert second.result.seed == 45
    assert second.result.mime_type == "image/png"
    assert second.result.content_filtered is False


def test_token_request_is_client_credentials(fake_firefly):
    make(fake_firefly).submit(job())

    token = fake_firefly.requests_to(TOKEN_PATH)[0]
    form = dict(pair.split("=", 1) for pair in token.body.decode().split("&"))
    assert form["grant_type"] == "client_credentials"
    assert form["client_id"] == fake_firefly.client_id
    assert "firefly_api" in form["scope"].replace("%2C", ",")


def test_submit_request_carries_both_headers_and_the_body(fake_firefly):
    make(fake_firefly, content_class="photo").submit(
        job(model="image4_standard", width=1920, height=1080, negative_prompt="text", seed=7)
    )

    request = fake_firefly.requests_to(SUBMIT_PATH)[0]
    assert request.headers["x-api-key"] == fake_firefly.client_id
    assert request.headers["authorization"].startswith("Bearer eyJ.fake-token-")
    assert request.headers["x-model-version"] == "image4_standard"
    assert request.json() == {"prompt": "a futuristic cityscape with flying cars", "numVariations": 1,
                              "size": {"width": 2688, "height": 1536}, "negativePrompt": "text", "seeds": [7],
                              "contentClass": "photo"}


def test_the_token_is_cached_across_calls(fake_firefly):
    provider = make(fake_firefly)
    run_to_end(provider, provider.submit(job()))
    provider.submit(job())

    assert len(fake_firefly.requests_to(TOKEN_PATH)) == 1


def test_a_rejected_token_is_refreshed_once(fake_firefly):
    provider = make(fake_firefly)
    provider.submit(job())
    fake_firefly.expire_tokens()

    provider.submit(job())

    assert len(fake_firefly.requests_to(TOKEN_PATH)) == 2
    assert len(fake_firefly.requests_to(SUBMIT_PATH)) == 3  # ok, 401, ok


def test_a_token_still_rejected_after_refresh_is_auth(fake_firefly):
    fake_firefly.respond_with(401, {"error_code": "401013", "message": "Oauth token is not valid"},
                              path=SUBMIT_PATH, times=2)

    error = raised(make(fake_firefly).submit, job())

    assert (error.kind, error.retryable) == ("auth", False)
    assert len(fake_firefly.requests_to(SUBMIT_PATH)) == 2


def test_bad_client_secret_is_auth_and_never_in_the_detail(fake_firefly):
    secret = "p8e-wrong-secret-must-not-leak"

    error = raised(make(fake_firefly, api_key=secret).submit, job())

    assert error.kind == "auth"
    assert secret not in error.detail and "invalid_client" in error.detail


def test_status_is_polled_on_the_other_host_and_the_image_fetched_without_credentials(fake_firefly):
    provider = make(fake_firefly)
    job_id = provider.submit(job())
    run_to_end(provider, job_id)

    assert json.loads(job_id)["status_url"].startswith(fake_firefly.alt_url)
    status, download = fake_firefly.requests[-2:]
    assert status.path.startswith("/v3/status/urn:ff:jobs:")
    assert download.path.startswith("/images/")
    assert "authorization" not in download.headers and "x-api-key" not in download.headers


def test_a_new_instance_resumes_polling_without_resubmitting(fake_firefly):
    job_id = make(fake_firefly).submit(job())

    result = run_to_end(make(fake_firefly), job_id)

    assert result.meta["job_id"] == json.loads(job_id)["job_id"]
    assert len(fake_firefly.requests_to(SUBMIT_PATH)) == 1


def test_a_job_that_never_finishes_stays_pending(fake_firefly):
    fake_firefly.never_finish()
    provider = make(fake_firefly)
    job_id = provider.submit(job())

    assert [provider.poll(job_id).done for _ in range(4)] == [False] * 4


@pytest.mark.parametrize("code", ["prompt_unsafe", "input_media_unsafe"])
def test_unsafe_prompt_is_content_policy(fake_firefly, code):
    fake_firefly.refuse(code)

    error = raised(make(fake_firefly).submit, job())

    assert (error.kind, error.retryable) == ("content_policy", False)


def test_failed_job_is_a_provider_error(fake_firefly):
    fake_firefly.fail_next_job()
    provider = make(fake_firefly)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "provider_error"


def test_job_failed_for_unsafe_output_is_content_policy(fake_firefly):
    fake_firefly.next_job_outcome("failed_unsafe")
    provider = make(fake_firefly)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "content_policy"


def test_denied_words_are_flagged_on_the_result(fake_firefly):
    fake_firefly.next_job_outcome("denied_words")
    provider = make(fake_firefly)

    assert run_to_end(provider, provider.submit(job())).content_filtered is True


def test_cancelled_job_is_a_provider_error(fake_firefly):
    fake_firefly.next_job_outcome("canceled")
    provider = make(fake_firefly)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "provider_error"


def test_garbage_result_bytes_are_invalid_image(fake_firefly):
    fake_firefly.garbage_results = True
    provider = make(fake_firefly)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "invalid_image"


def test_backpressure_429_is_retryable(fake_firefly):
    fake_firefly.rate_limit(retry_after="4")

    error = raised(make(fake_firefly).submit, job())

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 4.0)


@pytest.mark.parametrize("status", [408, 500, 503])
def test_server_errors_on_submit_are_unknown_outcome_never_retried(fake_firefly, status):
    """The job may exist and be billed: a person decides whether to pay for another."""
    fake_firefly.server_error(status)

    error = raised(make(fake_firefly).submit, job())

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_submit_timeout_after_send_is_unknown_outcome(fake_firefly):
    fake_firefly.slow(3.0, path=SUBMIT_PATH)

    error = raised(make(fake_firefly, timeout=0.5).submit, job())

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_submit_answer_that_is_not_json_is_unknown_outcome(fake_firefly):
    fake_firefly.malformed_json(path=SUBMIT_PATH, status=202)

    assert raised(make(fake_firefly).submit, job()).kind == "unknown_outcome"


def test_poll_timeout_is_retryable(fake_firefly):
    provider = make(fake_firefly, timeout=0.5)
    job_id = provider.submit(job())
    fake_firefly.slow(3.0, path="/v3/status/")

    assert raised(provider.poll, job_id).retryable is True


def test_check_fetches_a_token(fake_firefly):
    assert make(fake_firefly).check().startswith("ok IMS token")
    assert [r.path for r in fake_firefly.requests] == [TOKEN_PATH]


def test_a_prompt_over_1024_characters_is_shortened_at_a_word_boundary(fake_firefly):
    words = "sunlit rooftop garden with a smartwatch on a weathered teak table " * 20
    make(fake_firefly).submit(job(prompt=words))

    sent = fake_firefly.requests_to("/generate-async", "POST")[0].json()["prompt"]
    assert len(sent) <= 1024 and len(words) > 1024
    assert words.startswith(sent) and words[len(sent)] == " "


def test_a_prompt_within_the_limit_is_sent_whole(fake_firefly):
    prompt = "x" * 1024
    make(fake_firefly).submit(job(prompt=prompt))

    assert fake_firefly.requests_to("/generate-async", "POST")[0].json()["prompt"] == prompt
