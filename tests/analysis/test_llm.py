import json
from decimal import Decimal

import pytest

from creative.analysis import llm, rules
from creative.models import LLMCall, LLMOutcome
from tests.factories import LAUNCH_BRIEF
from tests.judgment_fixtures import *  # noqa: F403
from tests.judgment_fixtures import FAULTS, PROVIDERS, inject_fault

pytestmark = pytest.mark.django_db

ANSWER = {
    "product": "smartwatch", "audience": "urban professionals aged 25-35",
    "selling_points": ["health monitoring", "long battery life"], "tone": ["tech", "warm"],
    "scenarios": ["gym", "office"], "colours": ["blue", "silver"], "must_include": ["watch worn on a wrist"],
    "avoid": ["technical spec sheets"], "language": "en",
}


def sent_body(fake) -> dict:
    (request,) = fake.requests
    return request.json()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_model_answer_becomes_the_requirements_and_the_source(judge, provider):
    fake = judge("CREATIVE_ANALYSIS_MODEL", provider)
    fake.answer_json(ANSWER)

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.requirements.to_dict() == ANSWER
    assert analysis.source == f"{provider}:{judge_model(provider)}"
    assert analysis.note == ""
    call = LLMCall.objects.get()
    assert (call.role, call.outcome, call.provider) == ("analysis", LLMOutcome.SUCCEEDED, provider)
    assert call.input_tokens > 0 and call.output_tokens > 0


def judge_model(provider: str) -> str:
    from tests.judgment_fixtures import MODELS

    return MODELS[provider]


def test_openai_gets_a_strict_schema_it_accepts(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "openai")
    fake.answer_json(ANSWER)

    llm.analyse(text=LAUNCH_BRIEF)

    body = sent_body(fake)
    spec = body["response_format"]["json_schema"]
    assert spec["strict"] is True and spec["name"] == "requirements"
    assert set(spec["schema"]["required"]) == set(spec["schema"]["properties"])
    assert LAUNCH_BRIEF in body["messages"][-1]["content"]
    # The fake answers 400 to schemas strict mode refuses: success proves this one passes.
    assert LLMCall.objects.get().outcome == LLMOutcome.SUCCEEDED


def test_anthropic_is_forced_to_answer_through_the_schema_tool(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "anthropic")
    fake.answer_json(ANSWER)

    llm.analyse(text=LAUNCH_BRIEF)

    body = sent_body(fake)
    assert body["tool_choice"] == {"type": "tool", "name": "requirements"}
    assert body["tools"][0]["input_schema"]["required"][0] == "product"


@pytest.mark.parametrize("kind", FAULTS[:5])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_failed_call_falls_back_to_rules_and_says_why(judge, settings, provider, kind):
    fake = judge("CREATIVE_ANALYSIS_MODEL", provider)
    inject_fault(fake, kind, settings)

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.requirements == rules.analyse(LAUNCH_BRIEF)
    assert analysis.source == "rules"
    assert analysis.note.startswith(f"fallback from {provider}:")
    expected = {"rate_limited": "rate_limited", "overloaded": "overloaded", "server_error": "provider_error",
                "timeout": "timeout", "refusal": "refusal"}[kind]
    assert expected in analysis.note
    call = LLMCall.objects.get()
    assert (call.outcome, call.error_kind, call.fallback) == (LLMOutcome.FAILED, expected, analysis.note)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cut_off_answer_keeps_its_complete_fields_and_rules_fill_the_rest(judge, provider):
    fake = judge("CREATIVE_ANALYSIS_MODEL", provider)
    fake.truncated_output(ANSWER)

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    by_rules = rules.analyse(LAUNCH_BRIEF).to_dict()
    got = analysis.requirements.to_dict()
    assert got["product"] == "smartwatch"
    assert got["language"] == by_rules["language"]  # the last key never arrived
    assert analysis.source.startswith(provider) and analysis.note.startswith("repaired: ")
    assert "language" in analysis.note
    assert LLMCall.objects.get().outcome == LLMOutcome.REPAIRED


def test_malformed_json_is_repaired_up_to_its_last_complete_member(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "gemini")
    fake.malformed_output()  # '{"product": "running shoe", "audience": ['

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.requirements.product == "running shoe"
    assert analysis.requirements.colours == ["blue", "silver"]  # from rules
    assert "invalid_output" in analysis.note


def test_wrongly_shaped_fields_are_replaced_by_rules(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "gemini")  # Gemini does not enforce the schema strictly
    fake.answer_json({**ANSWER, "colours": "blue and silver", "tone": [3, 4], "language": "English"})

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.requirements.colours == ["blue and silver"]  # one string where a list was asked
    assert analysis.requirements.tone == rules.analyse(LAUNCH_BRIEF).tone
    assert analysis.note == "repaired: tone, language from rules"


def test_an_answer_without_a_product_falls_back(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "anthropic")
    fake.answer_json({**ANSWER, "product": "  "})

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.source == "rules"
    assert analysis.note.endswith("the answer names no product")


def test_no_model_configured_means_rules_and_no_call(judge):
    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert (analysis.source, analysis.note) == ("rules", "")
    assert not LLMCall.objects.exists()


def test_a_missing_key_falls_back_and_names_the_variable(judge, settings, monkeypatch):
    settings.CREATIVE_ANALYSIS_MODEL = "anthropic:claude-sonnet-4-5"
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.source == "rules"
    assert "ANTHROPIC_API_KEY" in analysis.note
    assert LLMCall.objects.get().error_kind == "auth"


def test_the_call_is_priced_from_its_tokens(judge, settings):
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o-mini=15/60"
    judge("CREATIVE_ANALYSIS_MODEL", "openai").answer_json(ANSWER)

    llm.analyse(text=LAUNCH_BRIEF)

    call = LLMCall.objects.get()
    expected = (call.input_tokens * 15 + call.output_tokens * 60) / 1_000_000
    assert call.cost_cents == Decimal(str(round(expected, 4))) and call.cost_cents > 0


def test_an_unpriced_model_records_tokens_and_no_cost(judge, settings):
    settings.CREATIVE_LLM_PRICES = ""
    judge("CREATIVE_ANALYSIS_MODEL", "openai").answer_json(ANSWER)

    llm.analyse(text=LAUNCH_BRIEF)

    call = LLMCall.objects.get()
    assert call.input_tokens > 0 and call.cost_cents is None


def test_the_key_never_reaches_the_ledger_or_the_note(judge, monkeypatch):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-key-0123456789abcdef")  # the fake echoes bad keys back

    analysis = llm.analyse(text=LAUNCH_BRIEF)

    assert analysis.source == "rules" and "auth" in analysis.note
    assert "0123456789abcdef" not in analysis.note
    assert "0123456789abcdef" not in json.dumps(list(LLMCall.objects.values()), default=str)
    assert len(fake.requests) == 1
