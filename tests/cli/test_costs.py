"""`creative costs`: estimate against actual per workspace, month, model and brief; models above estimate flagged."""

import json
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from creative.models import CallOutcome, LLMCall, ProviderCall
from tests.cli.test_cli import run_command
from tests.factories import make_brief, make_generation, make_image_model, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    """Acme: a model billed as estimated, one billed 50% above, one call unbilled, and a chat call."""
    workspace = make_workspace(name="Acme", monthly_limit_cents=1000)
    brief = make_brief(workspace=workspace)
    steady, creeping = make_image_model(name="steady", price_cents=4), make_image_model(name="creeping", price_cents=4)
    for model, reported, outcome in ((steady, 4, "succeeded"), (steady, None, "succeeded"),
                                     (creeping, 6, "succeeded"), (creeping, None, "not_billed")):
        generation = make_generation(brief=brief, image_model=model, attempt=1)
        ProviderCall.objects.create(generation=generation, image_model=model, workspace=workspace, attempt=1,
                                    estimated_cents=4, reported_cents=reported, outcome=outcome,
                                    cost_source="reported" if reported else ("estimate" if outcome != CallOutcome.NOT_BILLED else ""))
    LLMCall.objects.create(brief=brief, role="analysis", provider="openai", model="gpt-4o-mini",
                           cost_cents=Decimal("0.5"), cost_source="usage")
    return brief


def test_costs_json_compares_estimate_and_actual_and_flags_models_above_estimate(ledger):
    out, _ = run_command("costs", "--json")
    report = json.loads(out)
    models = {row["key"]: row for row in report["by_model"]}
    assert (models["steady"]["estimated_cents"], models["steady"]["cost_cents"], models["steady"]["drift"]) == (8, 8, 1)
    assert (models["creeping"]["calls"], models["creeping"]["cost_cents"], models["creeping"]["drift"]) == (1, 6, 1.5)
    assert report["over_estimate"] == ["creeping"]
    assert report["by_workspace"] == [{"key": "Acme", "calls": 3, "estimated_cents": 12, "cost_cents": 14,
                                       "reported_calls": 2, "drift": 1.25, "over_estimate": True, "chat_cents": 0.5}]
    assert report["by_brief"][0]["key"] == ledger.id
    assert report["sources"] == {"reported": 2, "estimate": 1}
    assert report["limits"]["Acme"] == [{"name": "monthly", "cents": 1000, "committed_cents": 14.5,
                                         "left_cents": 985.5}]


def test_costs_prints_tables_and_a_warning_per_model_above_estimate(ledger):
    out, _ = run_command("costs", "--workspace", "Acme")
    assert "Acme: monthly limit $10.00, $0.145 committed, $9.86 left" in out
    assert "creeping: actual cost runs above its estimate" in out
    assert "1.50 ABOVE" in out


def test_costs_of_another_month_are_empty(ledger):
    report = json.loads(run_command("costs", "--month", "2001-01", "--json")[0])
    assert report["by_model"] == [] and report["over_estimate"] == []


@pytest.mark.parametrize("args", [("--month", "January"), ("--workspace", "Nope")])
def test_bad_arguments_exit_2(args):
    with pytest.raises(CommandError) as caught:
        run_command("costs", *args)
    assert caught.value.returncode == 2
