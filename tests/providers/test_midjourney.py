import dataclasses

import pytest

from creative.providers.base import ImageJob, ProviderError
from creative.providers.midjourney import Midjourney
from creative.providers.registry import build_client


def make(fake, *, timeout=5.0, api_key=None, **extra):
    config = fake.config(**extra)
    if api_key is not None:
        config = dataclasses.replace(config, api_key=api_key)
    return Midjourney(config=config, client=build_client(Midjourney, config, timeout=timeout))


def job(**overrides):
    return ImageJob(**{"model": "midjourney-v6", "prompt": "a red bicycle against a white wall", **overrides})


def raised(call, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call(*args)
    return info.value


def run_to_end(provider, job_id, limit=8):
    """Poll as the pipeline would, storing a new job id whenever the stage changes."""
    for _ in range(limit):
        state = provider.poll(job_id)
        job_id = state.job_id or job_id
        if state.done:
            return state.result, job_id
    raise AssertionError(f"job never finished: {job_id}")


def test_submit_sends_the_prompt_with_parameters(fake_midjourney):
    job_id = make(fake_midjourney).submit(
        job(width=1536, height=1024, negative_prompt="text, logos", seed=42, idempotency_key="gen-7")
    )

    (request,) = fake_midjourney.requests
    assert (request.method, request.path) == ("POST", "/mj/submit/imagine")
    assert request.headers["mj-api-secret"] == fake_midjourney.api_key
    prompt = "a red bicycle against a white wall --ar 3:2 --no text, logos --seed 42"
    assert request.json() == {"prompt": prompt, "base64Array": [], "state": "gen-7"}
    assert job_id.startswith("imagine:") and job_id[len("imagine:"):] in fake_midjourney.tasks


def test_grid_then_upscale_then_the_single_image(fake_midjourney):
    provider = make(fake_midjourney)
    job_id = provider.submit(job(width=1536, height=1024))

    in_progress = provider.poll(job_id)
    grid_done = provider.poll(job_id)
    upscale_pending = provider.poll(grid_done.job_id)
    finished = provider.poll(grid_done.job_id)

    assert (in_progress.done, in_progress.job_id) == (False, "")
    grid_id = job_id.split(":")[1]
    assert grid_done.done is False and grid_done.job_id.startswith(f"upscale:{grid_id}:")
    assert upscale_pending.done is False
    assert finished.done is True
    assert (finished.result.meta["width"], finished.result.meta["height"]) == (512, 341)
    assert finished.result.revised_prompt == "a red bicycle against a white wall --ar 3:2"
    change = fake_midjourney.requests_to("/mj/submit/change")[0]
    assert change.json() == {"taskId": grid_id, "action": "UPSCALE", "index": 1}


def test_plus_relay_upscales_with_the_u1_button(fake_midjourney):
    fake_midjourney.plus = True
    provider = make(fake_midjourney)

    result, _ = run_to_end(provider, provider.submit(job()))

    (action,) = fake_midjourney.requests_to("/mj/submit/action")
    assert action.json()["customId"].startswith("MJ::JOB::upsample::1::")
    assert fake_midjourney.requests_to("/mj/submit/change") == []
    assert result.meta["width"] == 512


def test_grid_only_when_upscale_is_off(fake_midjourney):
    provider = make(fake_midjourney, upscale=False)

    result, _ = run_to_end(provider, provider.submit(job()))

    assert result.meta["width"] == 1024  # the 2x2 grid
    assert fake_midjourney.requests_to("/mj/submit/change") == []


def test_a_new_instance_resumes_the_upscale_stage_without_submitting(fake_midjourney):
    provider = make(fake_midjourney)
    job_id = provider.submit(job())
    provider.poll(job_id)
    upscale_id = provider.poll(job_id).job_id
    submits = len(fake_midjourney.requests_to("/mj/submit/"))

    result, final_id = run_to_end(make(fake_midjourney), upscale_id)

    assert result.data
    assert final_id == upscale_id
    assert len(fake_midjourney.requests_to("/mj/submit/")) == submits


def test_a_lost_upscale_id_is_recovered_from_the_relay_without_a_second_upscale(fake_midjourney):
    provider = make(fake_midjourney)
    job_id = provider.submit(job())
    provider.poll(job_id)
    first = provider.poll(job_id).job_id

    again = make(fake_midjourney).poll(job_id)  # a worker that never stored the upscale id

    assert again.job_id == first
    assert sum(t["action"] == "UPSCALE" for t in fake_midjourney.tasks.values()) == 1


def test_numeric_task_ids_are_accepted(fake_midjourney):
    fake_midjourney.number_ids = True
    provider = make(fake_midjourney)

    result, _ = run_to_end(provider, provider.submit(job()))

    assert result.data


def test_queue_full_is_retryable(fake_midjourney):
    fake_midjourney.queue_full()

    error = raised(make(fake_midjourney).submit, job())

    assert (error.kind, error.retryable) == ("rate_limited", True)


def test_banned_word_is_content_policy(fake_midjourney):
    fake_midjourney.ban_prompt("gore")

    error = raised(make(fake_midjourney).submit, job())

    assert (error.kind, error.retryable) == ("content_policy", False)
    assert "gore" in error.detail


def test_task_timeout_failure_is_a_provider_error(fake_midjourney):
    fake_midjourney.fail_next_job("任务超时")
    provider = make(fake_midjourney)

    error = raised(run_to_end, provider, provider.submit(job()))

    assert (error.kind, error.retryable) == ("provider_error", False)


def test_banned_prompt_failure_is_content_policy(fake_midjourney):
    fake_midjourney.fail_next_job("Banned prompt detected: gore")
    provider = make(fake_midjourney)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "content_policy"


def test_empty_fetch_means_unknown_task(fake_midjourney):
    assert raised(make(fake_midjourney).poll, "imagine:999").kind == "provider_error"


def test_malformed_job_id_is_a_provider_error(fake_midjourney):
    assert raised(make(fake_midjourney).poll, "something-else").kind == "provider_error"


def test_a_task_that_never_finishes_stays_pending(fake_midjourney):
    fake_midjourney.never_finish()
    provider = make(fake_midjourney)
    job_id = provider.submit(job())

    assert [provider.poll(job_id).done for _ in range(4)] == [False] * 4


def test_garbage_image_bytes_are_invalid_image(fake_midjourney):
    fake_midjourney.garbage_results = True
    provider = make(fake_midjourney)

    assert raised(run_to_end, provider, provider.submit(job())).kind == "invalid_image"


def test_wrong_secret_is_auth_and_never_in_the_detail(fake_midjourney):
    secret = "mj-wrong-secret-must-not-leak"

    error = raised(make(fake_midjourney, api_key=secret).submit, job())

    assert error.kind == "auth"
    assert secret not in error.detail


def test_gateway_429_is_retryable(fake_midjourney):
    fake_midjourney.gateway_error(429, retry_after="6")

    error = raised(make(fake_midjourney).submit, job())

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 6.0)


def test_gateway_502_on_submit_is_not_retried(fake_midjourney):
    fake_midjourney.gateway_error(502)

    assert raised(make(fake_midjourney).submit, job()).retryable is False


def test_submit_timeout_after_send_is_unknown_outcome(fake_midjourney):
    fake_midjourney.slow(3.0, path="/mj/submit/imagine")

    error = raised(make(fake_midjourney, timeout=0.5).submit, job())

    assert (error.kind, error.retryable) == ("unknown_outcome", False)


def test_submit_answer_that_is_not_json_is_unknown_outcome(fake_midjourney):
    fake_midjourney.malformed_json(path="/mj/submit/imagine")

    assert raised(make(fake_midjourney).submit, job()).kind == "unknown_outcome"


def test_poll_timeout_is_retryable(fake_midjourney):
    provider = make(fake_midjourney, timeout=0.5)
    job_id = provider.submit(job())
    fake_midjourney.slow(3.0, path="/fetch")

    assert raised(provider.poll, job_id).retryable is True


def test_check_reads_the_queue(fake_midjourney):
    assert make(fake_midjourney).check().startswith("ok relay reachable")
    assert fake_midjourney.requests[0].path == "/mj/task/queue"
