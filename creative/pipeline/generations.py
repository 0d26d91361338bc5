"""One generation's life: claim, call the provider, store, score (DESIGN §3 and §4).

Every paid call is recorded before it is made: the row is claimed and committed as `requesting`
first, with no transaction open across HTTP. Only errors that prove nothing was billed go back to
`pending` for another try; everything else is a final failure with its reason.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Sum
from django.utils import timezone

from creative import events, pricing
from creative.models import CallOutcome, Generation, GenerationStatus, ProviderCall, WebhookEvent
from creative.pipeline import limits, queue, transitions
from creative.pipeline.fan_out import image_size_for
from creative.pipeline.files import losing_copy_discard
from creative.pipeline.references import references_for_job
from creative.pipeline.selection import brief_advance
from creative.providers import registry
from creative.providers.base import ImageJob, ImageProvider, ImageResult, ProviderError, image_size
from creative.providers.credentials import provider_config
from creative.webhooks import emit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# BFL's official client polled every 0.5 s. The embedded consumer's scheduler honours sub-second delays
# (config/huey.py); `run_huey` workers round them up to their one-second tick.
POLL_FIRST_DELAY = 0.5
POLL_MAX_DELAY = 10.0
# Poll again after this share of the time waited so far: a finished job waits at most about this share of
# its own duration before it is seen, and a long job is not polled more than it needs. At 5 % a minute's
# Midjourney grid is polled every 3 s near its end, still far less often than BFL's own 0.5 s.
POLL_LAG_SHARE = 0.05
POLL_DEADLINE = timedelta(minutes=30)
# How long the result of a paid call waits for the database to come back (a restart, a failover).
STORE_PATIENCE = 120.0
OUTAGE_FIRST_DELAY = 0.5
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def _load(generation_id: int) -> Generation:
    return Generation.objects.select_related("prompt__brief", "image_model").get(id=generation_id)


def _changed(generation: Generation) -> None:
    events.publish(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)


def job_for(generation: Generation) -> ImageJob:
    requirements = generation.prompt.brief.requirements or {}
    # Several scenarios share the images out, so a brief for "sports and office" shows both.
    scenarios = requirements.get("scenarios") or [""]
    width, height = image_size_for(generation.image_model, generation.shape)
    return ImageJob(
        model=generation.image_model.name,
        prompt=generation.prompt.text,
        negative_prompt=generation.prompt.negative_text,
        width=width,
        height=height,
        quality=generation.image_model.quality,  # the quality its price assumes, never the provider's default
        seed=generation.seed,
        style=generation.prompt.style,
        idempotency_key=str(generation.idempotency_key),
        subject=requirements.get("product", ""),
        scenario=scenarios[generation.seed % len(scenarios)],
        colours=tuple(requirements.get("colours") or ()),
        tone=tuple(requirements.get("tone") or ()),
        references=references_for_job(brief_id=generation.prompt.brief_id),
    )


@contextmanager
def provider_for(name: str, client: httpx.Client | None = None, *, config=None) -> Iterator[ImageProvider]:
    """The provider's adapter with its credentials, and an HTTP client unless one is given."""
    config = config or provider_config(name)
    provider_cls = registry.PROVIDERS[name]
    owned = None
    if client is None:
        client = owned = registry.build_client(provider_cls, config, timeout=settings.CREATIVE_PROVIDER_TIMEOUT)
    try:
        yield registry.get_provider(name, config=config, client=client)
    finally:
        if owned is not None:
            owned.close()


def _over_budget(generation: Generation) -> bool:
    budget = generation.prompt.brief.budget_cents
    if budget is None:
        return False
    # Money already committed: what was paid plus what is in flight, at the better-known figure of each.
    spent = Generation.objects.filter(prompt__brief_id=generation.prompt.brief_id, attempt__gt=0).exclude(
        id=generation.id
    ).aggregate(total=Sum("estimated_cost_cents", default=0))["total"]
    return spent + generation.estimated_cost_cents > budget


def generation_run(*, generation_id: int, client: httpx.Client | None = None) -> None:
    """Make one image: claim the row within the model's limits, call the provider once, record what happened."""
    generation = _load(generation_id)
    if generation.status != GenerationStatus.PENDING:
        return  # Already running or finished: a retry must never pay twice.
    if _over_budget(generation):
        generation_fail(generation=generation, kind="budget", detail="this image would cross the brief's budget")
        return
    claim = limits.slot_claim(generation_id=generation_id, image_model_id=generation.image_model_id)
    if claim.lost:
        return
    if claim.refused:  # failed as `budget` under the workspace's lock
        _changed(generation)
        brief_advance(brief_id=generation.prompt.brief_id)
        return
    if not claim.granted:
        queue.generation_run(generation_id, delay=claim.wait_seconds)
        return
    # Claimed and committed: from here to the call nothing may fail on the database, or a row would be left
    # in flight that was never sent (and end as unknown_outcome). The claim's call row has what changed.
    if claim.call is None:  # a granted claim always has its call row; `None.attempt` would raise the same
        raise AttributeError("a granted claim has no call row")
    generation.status, generation.attempt = GenerationStatus.REQUESTING, claim.call.attempt
    generation.requested_at = claim.call.requested_at
    _changed(generation)
    started = time.monotonic()
    job_id = None
    try:
        # What the call needs from the database (credentials, the product photos) is read through an outage too.
        name = generation.image_model.provider
        config = _through_outage(generation, lambda: provider_config(name))
        job = _through_outage(generation, lambda: job_for(generation))
        with provider_for(name, client, config=config) as provider:
            if provider.is_async:
                job_id = provider.submit(job)
                _through_outage(generation, lambda: transitions.generation_submitted(
                    generation_id=generation_id, job_id=job_id))
            else:
                result = provider.generate(job)
    except ProviderError as exc:
        _record_error(generation, exc, call=claim.call)
        return
    except Exception as exc:  # A bug in an adapter must not leave the row in flight forever.
        logger.exception("generation %s: unexpected error", generation_id)
        limits.call_finish(call=claim.call, outcome=CallOutcome.FAILED, error_kind="provider_error")
        generation_fail(generation=generation, kind="provider_error", detail=f"{type(exc).__name__}: {exc}")
        return
    if job_id is not None:
        # Outside the try: the job is the provider's and its id is saved, so a queue that is down now must not
        # fail it as an adapter error; the sweep polls a submitted job whose poll was never queued.
        queue.generation_poll(generation_id, delay=POLL_FIRST_DELAY)
        return
    latency_ms = int((time.monotonic() - started) * 1000)
    _through_outage(generation, lambda: generation_store(generation=generation, result=result,
                                                         latency_ms=latency_ms))


def _through_outage(generation: Generation, record):
    """Run a query of a claimed call (what it sends, what it returned), retrying while the database is down:
    the provider will not hand a result over again, and a row left in flight would end as unknown_outcome."""
    deadline, delay = time.monotonic() + STORE_PATIENCE, OUTAGE_FIRST_DELAY
    while True:
        try:
            return record()
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise  # the row stays in flight; the sweep settles it as unknown_outcome
            logger.warning("generation %s: database down recording a paid call; retrying", generation.id)
            connection.close()  # a broken connection is not reused; the next query opens a new one
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def current_call(generation: Generation) -> ProviderCall | None:
    """The ledger row of the generation's latest attempt, if it got as far as a call."""
    return ProviderCall.objects.filter(generation_id=generation.id, attempt=generation.attempt).first()


def _record_error(generation: Generation, exc: ProviderError, *, call: ProviderCall | None = None) -> None:
    call = call or current_call(generation)
    if call is not None:
        # A refusal before any work (429, auth, validation, a retired model) is not spend: the limits skip it.
        outcome = CallOutcome.NOT_BILLED if exc.proves_not_billed else CallOutcome.FAILED
        limits.call_finish(call=call, outcome=outcome, error_kind=exc.kind)
    retry = exc.retryable and generation.attempt < MAX_ATTEMPTS
    if retry and transitions.generation_release(generation_id=generation.id, kind=exc.kind, detail=exc.detail):
        delay = exc.retry_after if exc.retry_after is not None else 2.0 ** generation.attempt
        queue.generation_run(generation.id, delay=min(delay, 300))
        _changed(generation)
        return
    generation_fail(generation=generation, kind=exc.kind, detail=exc.detail)


def generation_fail(*, generation: Generation, kind: str, detail: str) -> None:
    """Record a final failure with its reason (unless the generation is final already) and move the brief on."""
    if transitions.generation_fail(generation_id=generation.id, kind=kind, detail=detail):
        _changed(generation)
        emit.event_emit(event=WebhookEvent.GENERATION_FAILED, brief_id=generation.prompt.brief_id,
                        generation_id=generation.id, error_kind=kind, error_detail=detail[:500])
        brief_advance(brief_id=generation.prompt.brief_id)


def generation_store(*, generation: Generation, result: ImageResult, latency_ms: int | None = None) -> None:
    """Keep the provider's bytes through Django storage, then queue scoring."""
    cost = pricing.image_cost(model=generation.image_model, result=result, at=generation.requested_at)
    if result.content_filtered:
        # Filtered images are still billed: the ledger says so, the gallery shows why there is no image.
        _call_settle(generation, cost, result)
        generation_fail(generation=generation, kind="content_policy", detail="the provider filtered the image")
        return
    try:
        width, height = result.verified_size or image_size(result.data)
    except ProviderError as exc:
        generation_fail(generation=generation, kind=exc.kind, detail=exc.detail)
        return
    generation.image.save(f"image{EXTENSIONS.get(result.mime_type, '.png')}", ContentFile(result.data), save=False)
    if latency_ms is None and generation.requested_at:
        latency_ms = int((timezone.now() - generation.requested_at).total_seconds() * 1000)
    stored = transitions.generation_succeed(
        generation_id=generation.id, image=generation.image.name, width=width, height=height,
        sha256=hashlib.sha256(result.data).hexdigest(), revised_prompt=result.revised_prompt or "",
        cost_cents=cost.cents if cost.is_actual else F("estimated_cost_cents"),
        latency_ms=latency_ms,
    )
    if not stored:  # another worker finished it first; keep theirs
        losing_copy_discard(generation.id, generation.image)
        return
    _call_settle(generation, cost, result)
    _changed(generation)
    queue.generation_score(generation.id)


def _call_settle(generation: Generation, cost: pricing.Cost, result: ImageResult) -> None:
    call = current_call(generation)
    if call is not None:
        limits.call_finish(call=call, outcome=CallOutcome.SUCCEEDED, cost_source=cost.source, usage=result.usage,
                           reported_cents=cost.cents if cost.is_actual else None)


def _next_poll_delay(waited: float) -> float:
    return min(POLL_MAX_DELAY, max(POLL_FIRST_DELAY, waited * POLL_LAG_SHARE))


def generation_poll(*, generation_id: int, client: httpx.Client | None = None) -> None:
    """Ask an async provider about a submitted job; never resubmits."""
    generation = _load(generation_id)
    if generation.status not in (GenerationStatus.SUBMITTED, GenerationStatus.POLLING) or not generation.job_id:
        return
    if generation.requested_at and timezone.now() - generation.requested_at > POLL_DEADLINE:
        generation_fail(generation=generation, kind="timeout", detail="the provider did not finish the job in time")
        return
    try:
        with provider_for(generation.image_model.provider, client) as provider:
            outcome = provider.poll(generation.job_id)
    except ProviderError as exc:
        if exc.retryable:  # polling is free and the job is still the provider's: ask again later
            queue.generation_poll(generation_id, delay=exc.retry_after or POLL_MAX_DELAY)
            return
        call = current_call(generation)
        if call is not None:
            limits.call_finish(call=call, outcome=CallOutcome.FAILED, error_kind=exc.kind)
        generation_fail(generation=generation, kind=exc.kind, detail=exc.detail)
        return
    new_stage = bool(outcome.job_id) and outcome.job_id != generation.job_id
    if new_stage:
        # The job moved on to a new stage under a new id: keep it first, so a restart polls that stage.
        transitions.generation_new_stage(generation_id=generation_id, job_id=outcome.job_id)
    if not outcome.done:
        transitions.generation_polling(generation_id=generation_id)
        # The stage's own age: Midjourney's upscale takes seconds after a grid of a minute, and polling it
        # at a share of the whole job's age would see it done seconds late.
        started = generation.job_started_at or generation.requested_at
        waited = (timezone.now() - started).total_seconds() if started else 0
        # A new stage (Midjourney's upscale after its grid) has just started: look again soon.
        queue.generation_poll(generation_id, delay=POLL_FIRST_DELAY if new_stage else _next_poll_delay(waited))
        return
    if outcome.result is None:  # a finished poll always carries its image; `None.data` would raise the same
        raise AttributeError("a finished poll has no result")
    generation_store(generation=generation, result=outcome.result)
