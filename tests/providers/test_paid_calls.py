"""Every adapter, driven through the pipeline against its fake: a paid request is sent once, whatever happens.

A 5xx, or a dropped connection, after the provider created (and billed) the job is `unknown_outcome`: never
retried automatically, so exactly one job exists and is paid for, and a person may still choose to retry.
The ledger records the provider's own charge where it reports one (BFL `cost`), its token counts at the
model's per-token prices where it reports those (OpenAI image `usage`, Gemini `usageMetadata`), and the
estimate, marked as such, where it reports nothing (Imagen, Stability, Firefly, a Midjourney relay).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from creative import pipeline
from creative.models import CallOutcome, Generation, GenerationStatus, ModelPrice, ProviderCall
from creative.providers import registry
from tests.factories import catalogue_model, make_generation

pytestmark = pytest.mark.django_db

# provider, a catalogue model its fake serves, the fake's fixture
ADAPTERS = [
    ("openai", "gpt-image-1.5", "fake_openai"),
    ("gemini", "gemini-3.1-flash-image", "fake_gemini"),
    ("imagen", "imagen-4.0-generate-001", "fake_imagen"),
    ("stability", "stable-image-core", "fake_stability"),
    ("flux", "flux-pro-1.1", "fake_flux"),
    ("firefly", "image3", "fake_firefly"),
    ("midjourney", "midjourney", "fake_midjourney"),
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Images stored by these tests go to a temporary directory (tests/providers/conftest.py shadows it)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def point_at(monkeypatch, fake, provider: str) -> None:
    """Aim the provider's environment at its fake, as an operator aims it at the real provider."""
    provider_cls, config = registry.PROVIDERS[provider], fake.config()
    monkeypatch.setenv(provider_cls.key_variable, config.api_key)
    monkeypatch.setenv(provider_cls.base_url_variable, config.base_url)
    for field, variable in provider_cls.extra_variables.items():
        if field in config.extra:
            monkeypatch.setenv(variable, str(config.extra[field]))


@pytest.fixture
def adapter(request, monkeypatch):
    provider, model, fixture = request.param
    fake = request.getfixturevalue(fixture)
    point_at(monkeypatch, fake, provider)
    return fake, catalogue_model(model)


def new_generation(model) -> Generation:
    return make_generation(image_model=model, estimated_cost_cents=model.price_cents)  # as fan-out sets it


def run_to_the_end(generation: Generation) -> Generation:
    """Run a generation once, then poll an async job until it settles (the test queue runs no delayed task)."""
    pipeline.generation_run(generation_id=generation.id)
    for _ in range(10):
        generation.refresh_from_db()
        if generation.status not in (GenerationStatus.SUBMITTED, GenerationStatus.POLLING):
            break
        pipeline.generation_poll(generation_id=generation.id)
    return generation


@pytest.mark.parametrize("adapter", ADAPTERS, indirect=True, ids=[a[0] for a in ADAPTERS])
@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped"])
def test_a_failure_after_the_job_was_made_is_paid_once_and_left_to_a_person(adapter, drop):
    fake, model = adapter
    generation = new_generation(model)
    fake.fail_after_create(500, drop=drop)

    run_to_the_end(generation)

    assert len(fake.paid) == 1  # the provider made, and billed, exactly one job
    assert len(fake.requests_to(fake.paid_path, "POST")) == 1
    assert (generation.status, generation.error_kind) == (GenerationStatus.FAILED, "unknown_outcome")
    (call,) = ProviderCall.objects.filter(generation=generation)
    # May have been billed: it counts as spend, at the estimate, until someone knows better.
    assert (call.outcome, call.error_kind) == (CallOutcome.FAILED, "unknown_outcome")

    assert pipeline.generation_retry(generation=generation)  # a person's choice to pay for another

    assert len(fake.paid) == 2
    generation.refresh_from_db()
    assert generation.status != GenerationStatus.FAILED and generation.attempt == 2


def price(model, **per_million_cents) -> None:
    ModelPrice.objects.create(provider=model.provider, model=model.name,
                              effective_from=timezone.now() - timedelta(days=1), **per_million_cents)


def settled_call(fake, model) -> ProviderCall:
    generation = run_to_the_end(new_generation(model))
    assert generation.status in (GenerationStatus.SUCCEEDED, GenerationStatus.SCORED), generation.error_detail
    assert len(fake.paid) == 1
    return ProviderCall.objects.get(generation=generation)


def tokens_times_prices(usage: dict, per_million: dict) -> Decimal:
    cents = sum(Decimal(count) * Decimal(per_million[f"{kind}_cents"]) for kind, count in usage.items())
    return (cents / 1_000_000).quantize(Decimal("0.001"))


OPENAI_PRICES = {"input_text_cents": 500, "input_image_cents": 1000, "output_image_cents": 4000}
GEMINI_PRICES = {"input_text_cents": 50, "output_text_cents": 300, "output_image_cents": 3000}


@pytest.mark.parametrize("adapter", [ADAPTERS[0]], indirect=True, ids=["openai"])
def test_openai_image_usage_is_priced_per_token(adapter):
    fake, model = adapter
    price(model, **OPENAI_PRICES)

    call = settled_call(fake, model)

    (charge,) = fake.paid
    usage = {"input_text": charge["usage"]["input_tokens_details"]["text_tokens"],
             "output_image": charge["usage"]["output_tokens"]}
    assert call.usage == usage
    assert (call.cost_source, call.reported_cents) == ("usage", tokens_times_prices(usage, OPENAI_PRICES))
    assert call.generation.cost_cents == call.reported_cents


@pytest.mark.parametrize("adapter", [ADAPTERS[1]], indirect=True, ids=["gemini"])
def test_gemini_usage_metadata_is_priced_per_token_by_modality(adapter):
    fake, model = adapter
    price(model, **GEMINI_PRICES)

    call = settled_call(fake, model)

    (charge,) = fake.paid
    meta = charge["usage"]
    output = {d["modality"]: d["tokenCount"] for d in meta["candidatesTokensDetails"]}
    usage = {"input_text": meta["promptTokenCount"], "output_text": output["TEXT"], "output_image": output["IMAGE"]}
    assert call.usage == usage
    assert (call.cost_source, call.reported_cents) == ("usage", tokens_times_prices(usage, GEMINI_PRICES))


@pytest.mark.parametrize("adapter", [ADAPTERS[4]], indirect=True, ids=["flux"])
def test_bfl_reported_cost_is_the_recorded_charge(adapter):
    fake, model = adapter

    call = settled_call(fake, model)

    (charge,) = fake.paid
    assert (call.cost_source, call.reported_cents) == ("reported", Decimal(str(charge["cost"])))
    assert call.generation.cost_cents == call.reported_cents


@pytest.mark.parametrize("adapter", [ADAPTERS[i] for i in (2, 3, 5, 6)], indirect=True,
                         ids=["imagen", "stability", "firefly", "midjourney"])
def test_providers_that_report_no_charge_record_the_estimate_as_such(adapter):
    fake, model = adapter

    call = settled_call(fake, model)

    assert fake.paid == [fake.paid[0]] and "cost" not in fake.paid[0] and "usage" not in fake.paid[0]
    assert (call.cost_source, call.reported_cents, call.usage) == ("estimate", None, {})
    assert call.cost_cents == model.price_cents


@pytest.mark.parametrize("adapter", [ADAPTERS[0]], indirect=True, ids=["openai"])
def test_a_token_priced_model_without_a_token_price_keeps_the_estimate(adapter):
    """Unknown is not free: reported tokens with no price to multiply them by leave the estimate standing."""
    fake, model = adapter

    call = settled_call(fake, model)

    assert call.usage and (call.cost_source, call.reported_cents) == ("estimate", None)
