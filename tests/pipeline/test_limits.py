import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from creative.models import CallOutcome, GenerationStatus, ProviderCall
from creative.pipeline.limits import slot_claim
from tests.factories import make_brief, make_generation, make_image_model

pytestmark = pytest.mark.django_db(transaction=True)


def test_claim_records_the_call_before_it_is_made():
    model = make_image_model(price_cents=4)
    generation = make_generation(image_model=model, estimated_cost_cents=4)
    claim = slot_claim(generation_id=generation.id, image_model_id=model.id)
    assert claim.granted
    generation.refresh_from_db()
    assert (generation.status, generation.attempt) == (GenerationStatus.REQUESTING, 1)
    call = ProviderCall.objects.get()
    assert (call.generation_id, call.attempt, call.outcome, call.estimated_cents) == (
        generation.id, 1, CallOutcome.IN_FLIGHT, 4)


def test_a_generation_is_claimed_once():
    model = make_image_model()
    generation = make_generation(image_model=model)
    assert slot_claim(generation_id=generation.id, image_model_id=model.id).granted
    assert slot_claim(generation_id=generation.id, image_model_id=model.id).lost
    assert ProviderCall.objects.count() == 1


def test_concurrency_limit_makes_the_next_claim_wait():
    model = make_image_model(max_concurrency=2)
    brief = make_brief()
    for _ in range(2):
        make_generation(brief=brief, image_model=model, status=GenerationStatus.SUBMITTED)
    waiting = make_generation(brief=brief, image_model=model)
    claim = slot_claim(generation_id=waiting.id, image_model_id=model.id)
    assert not claim.granted and not claim.lost and claim.wait_seconds > 0
    waiting.refresh_from_db()
    assert waiting.status == GenerationStatus.PENDING and waiting.attempt == 0


def test_requests_per_minute_limit_waits_until_the_oldest_call_leaves_the_window():
    model = make_image_model(rpm=2)
    brief = make_brief()
    now = timezone.now()
    for seconds_ago in (50, 10):
        done = make_generation(brief=brief, image_model=model, status=GenerationStatus.SCORED, attempt=1)
        ProviderCall.objects.create(generation=done, image_model=model, attempt=1, estimated_cents=0,
                                    requested_at=now - timedelta(seconds=seconds_ago), outcome=CallOutcome.SUCCEEDED)
    claim = slot_claim(generation_id=make_generation(brief=brief, image_model=model).id, image_model_id=model.id)
    assert not claim.granted
    assert 5 <= claim.wait_seconds <= 11


def test_concurrent_workers_never_exceed_the_concurrency_limit():
    model = make_image_model(max_concurrency=3)
    brief = make_brief()
    generations = [make_generation(brief=brief, image_model=model) for _ in range(12)]
    granted, errors = [], []
    start = threading.Barrier(len(generations))

    def worker(generation_id):
        try:
            start.wait()
            if slot_claim(generation_id=generation_id, image_model_id=model.id).granted:
                granted.append(generation_id)
        except Exception as exc:  # reported below, so a lock error fails the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(g.id,)) for g in generations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(granted) == 3
    assert ProviderCall.objects.count() == 3
