"""A brief's estimate: images at the prices in effect, and the chat roles at their configured prices."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from creative import pipeline
from creative.models import LLMCall, ModelPrice, ProviderCall, Role
from tests.factories import make_brief, make_generation, make_image_model, make_member, make_workspace

pytestmark = pytest.mark.django_db


def test_the_estimate_includes_analysis_prompt_writing_and_vision_scoring(settings):
    settings.CREATIVE_ANALYSIS_MODEL = settings.CREATIVE_PROMPT_MODEL = "openai:gpt-4o-mini"
    settings.CREATIVE_SCORING_MODEL = "openai:gpt-4o"
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o-mini=100/1000,openai:gpt-4o=1000/10000"
    estimate = pipeline.brief_estimate(models=[make_image_model(price_cents=4)], images_per_prompt=2)
    assert (estimate.images, estimate.images_cents) == (10, 40)
    # Default call sizes: analysis 1,500 in / 600 out, prompts 1,500 / 1,500, scoring 1,600 / 300 per image.
    assert estimate.roles_cents == {"analysis": Decimal("0.75"), "prompts": Decimal("1.65"),
                                    "scoring": Decimal("46.00")}
    assert estimate.total_cents == Decimal("88.40")


def test_recorded_calls_replace_the_default_call_size(settings):
    settings.CREATIVE_SCORING_MODEL = "openai:gpt-4o"
    settings.CREATIVE_LLM_PRICES = "openai:gpt-4o=1000/10000"
    for _ in range(2):
        LLMCall.objects.create(role="scoring", provider="openai", model="gpt-4o", input_tokens=1000,
                               output_tokens=100, outcome="succeeded")
    estimate = pipeline.brief_estimate(models=[make_image_model()], images_per_prompt=1)
    assert estimate.roles_cents == {"scoring": Decimal("10.00")}  # 5 images x (1 + 1) cents


def test_a_role_without_a_price_is_named_not_counted_as_free(settings):
    settings.CREATIVE_ANALYSIS_MODEL = "anthropic:claude-unpriced-9"
    estimate = pipeline.brief_estimate(models=[make_image_model(price_cents=1)], images_per_prompt=1)
    assert estimate.unpriced_roles == ("analysis",) and estimate.total_cents == 5


def test_a_dated_per_image_price_replaces_the_models_once_in_effect():
    model = make_image_model(name="priced-model", price_cents=4)
    ModelPrice.objects.create(provider="local", model="priced-model", per_image_cents=6,
                              effective_from=timezone.now() - timedelta(hours=1))
    ModelPrice.objects.create(provider="local", model="priced-model", per_image_cents=9,
                              effective_from=timezone.now() + timedelta(days=1))
    assert pipeline.brief_estimate(models=[model], images_per_prompt=1).images_cents == 30


def test_the_form_shows_what_is_left_of_the_workspaces_limit_and_the_members_allowance(client):
    workspace = make_workspace(monthly_limit_cents=1000, member_images_per_day=50)
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    model = make_image_model(price_cents=4, provider="local")
    done = make_generation(brief=make_brief(workspace=workspace), image_model=model, attempt=1)
    ProviderCall.objects.create(generation=done, image_model=model, workspace=workspace, attempt=1,
                                estimated_cents=250, outcome="succeeded")
    client.force_login(designer)
    response = client.get(reverse("creative:brief_estimate"), {"models": [model.id], "images_per_prompt": 2,
                                                               "workspace": workspace.id})
    page = response.content.decode()
    assert "$0.40" in page and "10 images" in page
    assert "this month: <strong>$7.50</strong> of $10.00" in page
    assert "50 more images today" in page
