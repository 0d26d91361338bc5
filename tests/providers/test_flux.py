import dataclasses
import json

import pytest

from creative.providers.base import ImageJob, ProviderError
from creative.providers.flux import Flux
from creative.providers.registry import build_client
from tests.fakes.flux import POLL_PATH


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return Flux(config=config, client=build_client(Flux, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": "flux-pro-1.1", "prompt": "a red bicycle against a white wall", **overrides})


def raised(call, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call(*args)
    return info.value


def test_submit_then_pending_then_ready(fake_flux):
    provider = make(fake_flux)
    job_id = provider.submit(job(width=1024, height=768, seed=99))

    first = provider.poll(job_id)
    second = provider.poll(job_id)

    assert (first.done, first.result) == (False, None)
    assert second.done is True
    assert second.result.mime_type == "image/png"
    assert (second.result.meta["width"], second.result.meta["height"]) == (1024, 768)
    assert second.result.seed == 99
    assert second.result.cost_cents == 4.0


def test_submit_request_follows_the_wire_format(fake_flux):
    make(fake_flux).submit(job(width=1080, height=1920, negative_prompt="text", seed=3))

    (request,) = fake_flux.requests
    assert (request.method, request.path) == ("POST", "/v1/flux-pro-1.1")
    assert request.headers["x-key"] == fake_flux.api_key
    assert "authorization" not in request.headers
    assert request.json() == {"prompt": "a red bicycle against a white wall", "width": 800, "height": 1440,
                              "output_format": "png", "safety_tolerance": 2, "seed": 3}


def test_job_id_carries_id_polling_url_and_cost(fake_flux):
    job_id = make(fake_flux).submit(job())

    decoded = json.loads(job_id)
    assert decoded["polling_url"].startswith(f"{fake_flux.url}{POLL_PATH}?id=")
    assert decoded["polling_url"].endswith(decoded["id"])
    assert decoded["cost"] == 4.0


def test_ultra_and_kontext_send_an_aspect_ratio(fake_flux):
    make(fake_flux, raw=True).submit(job(model="flux-pro-1.1-ultra", width=1920, height=1080))
    make(fake_flux).submit(job(model="flux-kontext-pro", width=3000, height=1000))

    ultra, kontext = (r.json() for r in fake_flux.requests)
    assert (ultra["aspect_ratio"], ultra["raw"]) == ("16:9", True)
    assert kontext["aspect_ratio"] == "21:9"
    assert "width" not in ultra and "width" not in kontext


def test_flux_2_sends_width_and_height_in_multiples_of_16(fake_flux):
    provider = make(fake_flux)
    job_id = provider.submit(job(model="flux-2-pro", width=1200, height=628))

    body = fake_flux.requests[0].json()
    assert (body["width"], body["height"]) == (1200, 624)
    assert "output_format" not in body
    assert provider.poll(job_id).done is False


def test_a_new_instance_resumes_polling_without_resubmitting(fake_flux):
    job_id = make(fake_flux).submit(job())

    restarted = make(fake_flux)
    results = [restarted.poll(job_id), restarted.poll(job_id)]

    assert [r.done for r in results] == [False, True]
    assert len(fake_flux.requests_to("/v1/flux", "POST")) == 1
    assert len(fake_flux.requests_to(POLL_PATH)) == 2


def test_polls_use_the_returned_url_and_the_download_carries_no_key(fake_flux):
    provider = make(fake_flux)
    job_id = provider.submit(job())
    provider.poll(job_id)
    provider.poll(job_id)

    poll, download = fake_flux.requests[-2:]
    assert poll.path == POLL_PATH and poll.headers["x-key"] == fake_flux.api_key
    assert download.path.startswith("/results/")
    assert "x-key" not in download.headers


def test_a_job_that_never_finishes_stays_pending(fake_flux):
    fake_flux.never_finish()
    provider = make(fake_flux)
    job_id = provider.submit(job())

    assert [provider.poll(job_id).done for _ in range(4)] == [False] * 4


@pytest.mark.parametrize("stage", ["Request", "Content"])
def test_moderated_jobs_are_content_policy(fake_flux, stage):
    fake_flux.moderate_next_job(stage)
    fake_flux.pending_polls = 0
    provider = make(fake_flux)

    error = raised(provider.poll, provider.submit(job()))

    assert (error.kind, error.retryable) == ("content_policy", False)
    assert f"{stage} Moderated" in error.detail


def test_failed_job_is_a_provider_error(fake_flux):
    fake_flux.fail_next_job()
    fake_flux.pending_polls = 0
    provider = make(fake_flux)

    error = raised(provider.poll, provider.submit(job()))

    assert (error.kind, error.retryable) == ("provider_error", False)


def test_unknown_task_is_a_provider_error(fake_flux):
    job_id = json.dumps({"id": "nope", "polling_url": f"{fake_flux.url}{POLL_PATH}?id=nope", "cost": None})

    assert raised(make(fake_flux).poll, job_id).kind == "provider_error"


def test_garbage_result_bytes_are_invalid_image(fake_flux):
    fake_flux.garbage_results = True
    fake_flux.pending_polls = 0
    provider = make(fake_flux)

    assert raised(provider.poll, provider.submit(job())).kind == "invalid_image"


def test_expired_result_url_is_not_retried(fake_flux):
    fake_flux.expire_results()
    fake_flux.pending_polls = 0
    provider = make(fake_flux)

    error = raised(provider.poll, provider.submit(job()))

    assert (error.kind, error.retryable) == ("provider_error", False)


def test_submit_rate_limit_is_retryable_with_retry_after(fake_flux):
    fake_flux.rate_limit("5")

    error = raised(make(fake_flux).submit, job())

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 5.0)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_submit_server_errors_are_unknown_outcome_never_retried(fake_flux, status):
    """BFL's own client retries 5xx only on GET: a 5xx on the paid submit may follow a created task."""
    fake_flux.server_error(status)

    error = raised(make(fake_flux).submit, job())

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_submit_without_credits_is_budget(fake_flux):
    fake_flux.no_credits()

    error = raised(make(fake_flux).submit, job())

    assert (error.kind, error.retryable) == ("budget", False)


def test_submit_validation_error_is_bad_request(fake_flux):
    error = raised(make(fake_flux).submit, job(prompt=""))

    assert (error.kind, error.retryable) == ("bad_request", False)


def test_submit_timeout_after_send_is_unknown_outcome(fake_flux):
    fake_flux.slow(3.0, path="/v1/flux")

    error = raised(make(fake_flux, timeout=0.5).submit, job())

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_submit_answer_that_is_not_json_is_unknown_outcome(fake_flux):
    fake_flux.malformed_json(path="/v1/flux")

    assert raised(make(fake_flux).submit, job()).kind == "unknown_outcome"


def test_poll_timeout_is_retryable_since_polling_is_free(fake_flux):
    provider = make(fake_flux, timeout=0.5)
    job_id = provider.submit(job())
    fake_flux.slow(3.0, path=POLL_PATH)

    error = raised(provider.poll, job_id)

    assert (error.kind, error.retryable) == ("timeout", True)
    assert provider.poll(job_id).done is False  # the job is still there


def test_poll_server_error_is_retryable(fake_flux):
    provider = make(fake_flux)
    job_id = provider.submit(job())
    fake_flux.server_error(502, path=POLL_PATH)

    assert raised(provider.poll, job_id).retryable is True


def test_wrong_key_is_auth_and_never_in_the_detail(fake_flux):
    key = "bfl_wrong_key_must_not_leak"

    error = raised(make(fake_flux, api_key=key).submit, job())

    assert error.kind == "auth"
    assert key not in error.detail


def test_check_reports_credits(fake_flux):
    assert make(fake_flux).check() == "ok 1234.5 credits"
    assert fake_flux.requests[0].path == "/v1/credits"
