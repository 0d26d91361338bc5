"""Costs as billed: each ledger row says where its cost comes from, and token usage is priced at dated prices."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from creative import pipeline
from creative.judgment import judgment_chat
from creative.llm.base import ChatRequest
from creative.models import CostSource, GenerationStatus, LLMRole, ModelPrice, ProviderCall
from creative.pipeline.generations import job_for
from tests.factories import catalogue_model, make_generation
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.judgment_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def openai_env(monkeypatch, fake_openai):
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


def gpt_image_price(**fields) -> ModelPrice:
    # OpenAI's published gpt-image-1.5 prices: $5 per million text tokens in, $40 per million image tokens out.
    values = {"provider": "openai", "model": "gpt-image-1.5", "input_text_cents": 500, "input_image_cents": 800,
              "output_image_cents": 4000, "effective_from": timezone.now() - timedelta(days=1)}
    return ModelPrice.objects.create(**(values | fields))


def test_openai_usage_is_priced_at_the_per_token_prices_in_effect(openai_env):
    gpt_image_price()
    gpt_image_price(output_image_cents=1, effective_from=timezone.now() + timedelta(days=30))  # not yet in effect
    generation = make_generation(image_model=catalogue_model("gpt-image-1.5"), estimated_cost_cents=Decimal("4.2"))
    pipeline.generation_run(generation_id=generation.id)
    call = ProviderCall.objects.get(generation=generation)
    # The fake reports 50 text tokens in and 1,050 image tokens out.
    expected = (Decimal(50) * 500 + Decimal(1050) * 4000) / 1_000_000
    assert call.cost_source == CostSource.USAGE
    assert call.reported_cents == expected.quantize(Decimal("0.001"))
    assert (call.usage["input_text"], call.usage["output_image"]) == (50, 1050)
    generation.refresh_from_db()
    assert generation.cost_cents == call.reported_cents


def test_usage_without_a_price_for_its_tokens_keeps_the_estimate_marked_as_such(openai_env):
    gpt_image_price(output_image_cents=None)  # output image tokens unpriced: unknown is not free
    generation = make_generation(image_model=catalogue_model("gpt-image-1.5"), estimated_cost_cents=Decimal("4.2"))
    pipeline.generation_run(generation_id=generation.id)
    call = ProviderCall.objects.get(generation=generation)
    assert (call.cost_source, call.reported_cents, call.cost_cents) == (CostSource.ESTIMATE, None, Decimal("4.2"))
    generation.refresh_from_db()
    assert generation.cost_cents == Decimal("4.2")


def test_the_models_quality_is_sent_with_every_request(openai_env):
    model = catalogue_model("gpt-image-1.5")
    model.quality = "high"
    model.save()
    generation = make_generation(image_model=model)
    assert job_for(generation).quality == "high"
    pipeline.generation_run(generation_id=generation.id)
    sent = [r.json() for r in openai_env.requests_to("/images/generations", "POST")]
    assert [body.get("quality") for body in sent] == ["high"]


def test_bfl_reported_cost_is_recorded_as_reported(monkeypatch, fake_flux):
    monkeypatch.setenv("BFL_API_KEY", fake_flux.api_key)
    monkeypatch.setenv("BFL_BASE_URL", fake_flux.base_url)
    generation = make_generation(image_model=catalogue_model("flux-pro-1.1"), estimated_cost_cents=Decimal("3"))
    pipeline.generation_run(generation_id=generation.id)
    for _ in range(50):
        generation.refresh_from_db()
        if generation.status not in (GenerationStatus.SUBMITTED, GenerationStatus.POLLING):
            break
        pipeline.generation_poll(generation_id=generation.id)
    call = ProviderCall.objects.get(generation=generation)
    # The fake charges flux-pro-1.1 4 credits (4 cents), against an estimate of 3.
    assert (call.cost_source, call.reported_cents, call.estimated_cents) == (CostSource.REPORTED, 4, 3)


def test_a_call_that_reports_nothing_keeps_its_estimate_marked_as_such(monkeypatch, fake_imagen):
    imagen = fake_imagen.config()
    monkeypatch.setenv("VERTEX_ACCESS_TOKEN", imagen.api_key)
    monkeypatch.setenv("VERTEX_BASE_URL", imagen.base_url)
    monkeypatch.setenv("VERTEX_PROJECT", imagen.extra["project"])
    monkeypatch.setenv("VERTEX_LOCATION", imagen.extra["location"])
    generation = make_generation(image_model=catalogue_model("imagen-4.0-generate-001"), estimated_cost_cents=4)
    pipeline.generation_run(generation_id=generation.id)
    call = ProviderCall.objects.get(generation=generation)
    assert (call.outcome, call.cost_source, call.reported_cents, call.cost_cents) == ("succeeded", "estimate", None, 4)


def test_a_refusal_before_any_work_is_not_spend(openai_env, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-key")  # a 401: refused before any work
    generation = make_generation(image_model=catalogue_model("gpt-image-1.5"), estimated_cost_cents=Decimal("4.2"))
    pipeline.generation_run(generation_id=generation.id)
    call = ProviderCall.objects.get(generation=generation)
    assert call.outcome == "not_billed" and call.cost_source == "" and call.cost_cents == 0


def test_a_chat_call_records_its_cost_as_priced_usage(judge, settings):
    judge("CREATIVE_ANALYSIS_MODEL", "openai")
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o-mini=15/60"
    outcome = judgment_chat(role=LLMRole.ANALYSIS, request=ChatRequest(system="s", user="u"))
    outcome.call.refresh_from_db()
    assert outcome.call.cost_source == CostSource.USAGE and outcome.call.cost_cents > 0


def test_a_dated_price_row_overrides_the_settings_price_of_a_chat_model(judge, settings):
    judge("CREATIVE_ANALYSIS_MODEL", "openai")
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o-mini=15/60"
    ModelPrice.objects.create(provider="openai", model="gpt-4o-mini", input_text_cents=1_000_000,
                              output_text_cents=0, effective_from=timezone.now() - timedelta(minutes=1))
    outcome = judgment_chat(role=LLMRole.ANALYSIS, request=ChatRequest(system="s", user="u"))
    outcome.call.refresh_from_db()
    # A cent per input token, nothing for output: the cost is the input token count.
    assert outcome.call.cost_cents == outcome.call.input_tokens
