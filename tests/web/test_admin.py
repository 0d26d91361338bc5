"""Django admin has a page for every model README sends operators to; the call ledgers only read."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from creative.models import LLMCall, ProviderCall
from reviews.models import Activity, ApprovalStage, GuestInvite
from tests.factories import make_brief, make_generation, make_image_model, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    """Two paid calls on one brief (one with the provider's own price) and one LLM call."""
    brief = make_brief(workspace=make_workspace())
    model = make_image_model(name="priced", price_cents=4)
    first = make_generation(brief=brief, image_model=model)
    second = make_generation(brief=brief, image_model=model)
    ProviderCall.objects.create(generation=first, image_model=model, attempt=1, estimated_cents=4,
                                outcome="succeeded")
    ProviderCall.objects.create(generation=second, image_model=model, attempt=1, estimated_cents=4,
                                reported_cents=6, outcome="succeeded")
    LLMCall.objects.create(brief=brief, role="analysis", provider="anthropic", model="claude-sonnet-4-5",
                           outcome="succeeded", input_tokens=1000, output_tokens=200, cost_cents=0.6)
    ApprovalStage.objects.create(workspace=brief.workspace, name="creative lead")
    GuestInvite.objects.create(brief=brief, token="t" * 40, expires_at=timezone.now() + timedelta(days=7))
    Activity.objects.create(brief=brief, verb="exported", detail="export 1")
    return brief


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# Shown inside their parent's page instead: a brief's prompts, a workspace's members, an export's files,
# a batch's rows.
INLINE_ONLY = {"Prompt", "Membership", "Rendition", "BatchRow"}


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in ("creative", "reviews")
              and m.__name__ not in INLINE_ONLY], ids=lambda m: m.__name__)
def test_every_model_of_ours_has_a_changelist(client, superuser, ledger, model):
    assert admin.site.is_registered(model), f"{model.__name__} is not in admin"
    assert client.get(changelist(model)).status_code == 200


@pytest.mark.parametrize("model", [ProviderCall, LLMCall, Activity])
def test_ledgers_and_logs_refuse_add_change_and_delete(client, superuser, ledger, model):
    row = model.objects.first()
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    assert client.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[row.pk]),
                       {"post": "yes"}).status_code == 403
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]))
    assert page.status_code == 200 and b'type="submit" value="Save"' not in page.content
    assert model.objects.count() >= 1


def test_provider_call_ledger_totals_follow_the_filters(client, superuser, ledger):
    page = client.get(changelist(ProviderCall)).content.decode()
    assert "Estimated</th><td>$0.08" in page
    assert "Reported by providers</th><td>$0.06" in page
    assert "Cost (reported, else estimated)</th><td>$0.10" in page

    other = client.get(changelist(ProviderCall), {"outcome__exact": "failed"}).content.decode()
    assert "Calls</th><td>0" in other and "Estimated</th><td>—" in other


def test_llm_call_ledger_shows_tokens_and_cost(client, superuser, ledger):
    page = client.get(changelist(LLMCall), {"provider__exact": "anthropic"}).content.decode()
    assert "Input tokens</th><td>1000" in page and "Output tokens</th><td>200" in page
    assert "Estimated cost of priced calls</th><td>$0.006" in page
