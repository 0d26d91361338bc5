"""judgment.py: model choice per role, prices, the ledger row, and the repair of cut-off JSON."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from creative.judgment import judgment_chat, model_for, partial_json, price_for
from creative.llm.base import ChatRequest
from creative.models import LLMCall, LLMOutcome
from tests.judgment_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

ASK = ChatRequest(system="s", user="u")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": "x", "b": [1, 2]}', {"a": "x", "b": [1, 2]}),
    ('{"a": "x", "b": [', {"a": "x"}),
    ('{"a": "x", "b": ["p", "q", "r', {"a": "x", "b": ["p", "q"]}),
    ('{"a": "x", "b": "unfinish', {"a": "x"}),
    ('{"a": "x, y", "b": {"c": 1, "d": tr', {"a": "x, y", "b": {"c": 1}}),
    ('Here you go: ```json\n{"a": "q\\"uote", "b": 2}\n```', {"a": 'q"uote', "b": 2}),
    ('{"a": ', {}),
    ("no json here", None),
    ("[1, 2]", None),
])
def test_partial_json_keeps_every_complete_member(text, expected):
    assert partial_json(text) == expected


def test_prices_match_dated_versions_of_a_model(settings):
    settings.CREATIVE_LLM_PRICES = "anthropic:claude-sonnet-4-5=300/1500, anthropic:claude-sonnet-4=250/1200"
    assert price_for("anthropic", "claude-sonnet-4-5-20250929") == (300.0, 1500.0)
    assert price_for("anthropic", "claude-sonnet-4-20250514") == (250.0, 1200.0)
    assert price_for("openai", "gpt-4o") is None


def test_a_longer_model_name_is_not_priced_as_its_prefix(settings):
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o=250/1000"
    assert price_for("openai", "gpt-4o-2024-08-06") == (250.0, 1000.0)
    assert price_for("openai", "gpt-4o-mini") is None  # a different model, sixteen times cheaper


def test_a_malformed_price_list_is_a_configuration_error(settings):
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o=250"
    with pytest.raises(ImproperlyConfigured, match="CREATIVE_LLM_PRICES"):
        price_for("openai", "gpt-4o")


def test_an_empty_setting_means_no_call(settings):
    settings.CREATIVE_SCORING_MODEL = "  "
    assert model_for("scoring") == ""
    assert judgment_chat(role="scoring", request=ASK) is None
    assert not LLMCall.objects.exists()


@pytest.mark.parametrize(("spec", "kind"), [("claude-sonnet-4-5", "bad_request"), ("mistral:large", "bad_request")])
def test_a_setting_that_names_no_usable_model_is_recorded_as_a_failed_call(settings, spec, kind):
    settings.CREATIVE_ANALYSIS_MODEL = spec

    outcome = judgment_chat(role="analysis", request=ASK, brief_id=None)

    assert outcome.error.kind == kind
    call = LLMCall.objects.get()
    assert (call.outcome, call.error_kind, call.input_tokens) == (LLMOutcome.FAILED, kind, 0)


def test_a_provider_account_row_wins_over_the_environment(judge, monkeypatch):
    from creative.models import ProviderAccount

    fake = judge("CREATIVE_ANALYSIS_MODEL", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-stale-environment-key")
    account = ProviderAccount(provider="openai", base_url=fake.base_url)
    account.set_key(fake.api_key)
    account.save()

    outcome = judgment_chat(role="analysis", request=ASK)

    assert outcome.error is None
    assert fake.requests[0].headers["authorization"] == f"Bearer {fake.api_key}"


def test_a_retry_after_of_zero_is_retried_and_the_call_succeeds(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "anthropic")
    fake.rate_limit(retry_after="0")

    outcome = judgment_chat(role="analysis", request=ASK)

    assert outcome.error is None and len(fake.requests) == 2
    call = LLMCall.objects.get()
    assert call.outcome == LLMOutcome.SUCCEEDED and call.latency_ms is not None


def test_a_model_that_refuses_the_temperature_is_asked_again_without_it(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "openai", model="gpt-5-mini")
    message = "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."
    fake.respond_with(400, {"error": {"message": message, "type": "invalid_request_error", "param": "temperature",
                                      "code": "unsupported_value"}})

    outcome = judgment_chat(role="analysis", request=ChatRequest(system="s", user="u", temperature=0))

    assert outcome.error is None
    first, second = (r.json() for r in fake.requests)
    assert first["temperature"] == 0 and "temperature" not in second


def test_a_malformed_price_list_leaves_the_call_unpriced_but_used(judge, settings):
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o-mini=cheap"
    judge("CREATIVE_ANALYSIS_MODEL", "openai")

    outcome = judgment_chat(role="analysis", request=ASK)

    assert outcome.error is None
    call = LLMCall.objects.get()
    assert call.input_tokens > 0 and call.cost_cents is None
