"""The paid-call rules hold on the reference paths: a 5xx or a dropped connection after the provider made the job
is `unknown_outcome` (never retried), and what comes before or after the one paid POST (Firefly's storage upload,
Stability's result polls) is free, so its failures never count as, or cause, a second paid job."""

import pytest

from creative.providers.base import ProviderError
from tests.fakes.server import Fault, json_reply
from tests.providers.references import REFERENCE_MODELS, adapter, job, reference_case, run

__all__ = ["reference_case"]  # the fixture, used by name


def failure(provider_adapter, image_job) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        run(provider_adapter, image_job)
    return info.value


@pytest.mark.parametrize("reference_case", REFERENCE_MODELS, indirect=True, ids=[m[1] for m in REFERENCE_MODELS])
@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped"])
def test_a_failure_after_the_paid_post_made_the_job_is_unknown_outcome(reference_case, drop):
    _, model, fake, provider_adapter = reference_case
    fake.fail_after_create(500, drop=drop)

    error = failure(provider_adapter, job(model))

    assert (error.kind, error.retryable, error.proves_not_billed) == ("unknown_outcome", False, False)
    assert len(fake.paid) == 1
    assert len(fake.requests_to(fake.paid_path, "POST")) == 1


def test_a_failed_firefly_upload_is_retryable_and_never_a_paid_job(fake_firefly):
    fake_firefly.inject(Fault(path="/v2/storage/image", reply=json_reply(500, {"error_code": "runtime_error"})))

    error = failure(adapter("firefly", fake_firefly), job("object-composite"))

    assert (error.retryable, error.proves_not_billed) == (True, True)
    assert fake_firefly.paid == [] and fake_firefly.requests_to(fake_firefly.paid_path) == []


def test_a_dropped_firefly_upload_is_retryable(fake_firefly):
    fake_firefly.drop(path="/v2/storage/image")

    error = failure(adapter("firefly", fake_firefly), job("object-composite"))

    assert error.retryable and fake_firefly.paid == []


def test_stability_result_polls_ride_out_server_errors_without_a_second_start(fake_stability):
    fake_stability.inject(Fault(path="/v2beta/results/", reply=json_reply(503, {"name": "unavailable"}), times=2))

    result = run(adapter("stability", fake_stability, poll_seconds=0.01), job("replace-background-and-relight"))

    assert result.data and len(fake_stability.paid) == 1


def test_a_stability_result_that_cannot_be_fetched_is_unknown_outcome_not_a_refusal(fake_stability):
    fake_stability.inject(Fault(path="/v2beta/results/", reply=json_reply(404, {"id": "x", "name": "not_found",
                                                                                "errors": ["gone"]})))

    error = failure(adapter("stability", fake_stability, poll_seconds=0.01), job("replace-background-and-relight"))

    assert (error.kind, error.proves_not_billed) == ("unknown_outcome", False)
    assert len(fake_stability.paid) == 1


def test_a_stability_result_still_running_past_the_patience_is_unknown_outcome(fake_stability):
    fake_stability.pending_polls = 1000
    slow = adapter("stability", fake_stability, poll_seconds=0.01, poll_patience=0.05)

    error = failure(slow, job("replace-background-and-relight"))

    assert error.kind == "unknown_outcome" and "still in progress" in error.detail
    assert len(fake_stability.paid) == 1


def test_a_rate_limited_edit_is_retryable_and_made_nothing(fake_openai):
    fake_openai.rate_limit()

    error = failure(adapter("openai", fake_openai), job("gpt-image-1.5"))

    assert (error.kind, error.retryable) == ("rate_limited", True)
    assert fake_openai.paid == []


def test_a_retired_reference_model_is_model_retired(fake_imagen):
    fake_imagen.retired.add("imagen-product-recontext-preview-06-30")

    error = failure(adapter("imagen", fake_imagen), job("imagen-product-recontext-preview-06-30"))

    assert error.kind == "model_retired" and fake_imagen.paid == []
