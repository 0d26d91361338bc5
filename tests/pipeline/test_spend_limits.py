"""The workspace's spend limits, checked when each image is claimed, under the workspace's row lock."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from creative import pipeline
from creative.models import BriefStatus, CallOutcome, GenerationStatus, LLMCall, ProviderCall
from creative.pipeline import spend
from creative.pipeline.limits import slot_claim
from tests.factories import make_brief, make_generation, make_image_model, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def paid(workspace, model, cents, *, outcome=CallOutcome.SUCCEEDED, reported=None, when=None):
    """A call already in the ledger: `cents` estimated, `reported` actual."""
    done = make_generation(brief=make_brief(workspace=workspace), image_model=model, status=GenerationStatus.SCORED,
                           attempt=1)
    return ProviderCall.objects.create(generation=done, image_model=model, workspace=workspace, attempt=1,
                                       estimated_cents=cents, reported_cents=reported, outcome=outcome,
                                       requested_at=when or timezone.now())


def test_an_image_that_would_cross_the_monthly_limit_fails_as_budget_naming_it():
    workspace = make_workspace(name="Acme", monthly_limit_cents=100)
    model = make_image_model(price_cents=4)
    paid(workspace, model, 98)
    generation = make_generation(brief=make_brief(workspace=workspace), image_model=model, estimated_cost_cents=4)
    claim = slot_claim(generation_id=generation.id, image_model_id=model.id)
    assert not claim.granted and claim.refused
    generation.refresh_from_db()
    assert (generation.status, generation.error_kind, generation.attempt) == ("failed", "budget", 0)
    assert "Acme's monthly spend limit of $1.00 ($0.98 committed)" in generation.error_detail
    assert ProviderCall.objects.filter(generation=generation).count() == 0  # nothing was sent


def test_committed_spend_counts_actual_costs_calls_in_flight_and_chat_but_not_unbilled_or_last_month():
    workspace = make_workspace(monthly_limit_cents=100)
    model = make_image_model(price_cents=4)
    paid(workspace, model, 4, reported=Decimal(30))  # the provider charged more than estimated
    paid(workspace, model, 40, outcome=CallOutcome.IN_FLIGHT)
    paid(workspace, model, 50, outcome=CallOutcome.NOT_BILLED)
    paid(workspace, model, 500, when=spend.month_start(timezone.now()) - timedelta(seconds=1))
    LLMCall.objects.create(brief=make_brief(workspace=workspace), role="analysis", provider="openai", model="m",
                           cost_cents=Decimal("26"))
    assert spend.committed_cents(workspace_id=workspace.id, since=spend.month_start(timezone.now())) == 96
    generation = make_generation(brief=make_brief(workspace=workspace), image_model=model, estimated_cost_cents=4)
    assert slot_claim(generation_id=generation.id, image_model_id=model.id).granted  # 96 + 4 is within 100
    other = make_generation(brief=make_brief(workspace=workspace), image_model=model, estimated_cost_cents=4)
    assert slot_claim(generation_id=other.id, image_model_id=model.id).refused


def test_the_daily_limit_holds_with_the_month_far_from_its_own():
    workspace = make_workspace(monthly_limit_cents=10_000, daily_limit_cents=10)
    model = make_image_model(price_cents=4)
    paid(workspace, model, 8)
    generation = make_generation(brief=make_brief(workspace=workspace), image_model=model, estimated_cost_cents=4)
    claim = slot_claim(generation_id=generation.id, image_model_id=model.id)
    assert "daily spend limit of $0.10" in claim.refused


def test_other_workspaces_spend_does_not_count():
    workspace = make_workspace(monthly_limit_cents=10)
    model = make_image_model(price_cents=4)
    paid(make_workspace(), model, 500)
    generation = make_generation(brief=make_brief(workspace=workspace), image_model=model, estimated_cost_cents=4)
    assert slot_claim(generation_id=generation.id, image_model_id=model.id).granted


def test_a_refused_run_fails_the_generation_and_moves_the_brief_on():
    workspace = make_workspace(monthly_limit_cents=3)
    brief = make_brief(workspace=workspace, status=BriefStatus.GENERATING)
    generation = make_generation(brief=brief, image_model=make_image_model(price_cents=4), estimated_cost_cents=4)
    pipeline.generation_run(generation_id=generation.id)
    generation.refresh_from_db()
    brief.refresh_from_db()
    assert (generation.status, generation.error_kind) == ("failed", "budget")
    assert brief.status != BriefStatus.GENERATING  # its only image is final: selection ran


def test_parallel_claims_never_commit_more_than_the_limit():
    workspace = make_workspace(monthly_limit_cents=20)
    models = [make_image_model(price_cents=4, max_concurrency=50) for _ in range(4)]
    generations = [make_generation(brief=make_brief(workspace=workspace), image_model=models[n % 4],
                                   estimated_cost_cents=4) for n in range(16)]
    results, barrier = [], threading.Barrier(8)

    def claim(batch):
        barrier.wait()
        for generation in batch:
            results.append(slot_claim(generation_id=generation.id, image_model_id=generation.image_model_id))
        connection.close()

    threads = [threading.Thread(target=claim, args=(generations[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.granted for r in results) == 5 and sum(bool(r.refused) for r in results) == 11
