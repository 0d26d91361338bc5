"""The dashboard's spend section: what is left of the limit, estimate against actual, models above estimate."""

import pytest
from django.urls import reverse

from creative.models import ProviderCall, Role
from tests.factories import make_brief, make_generation, make_image_model, make_member, make_workspace

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_limit_left_and_flags_a_model_above_its_estimate(client):
    workspace = make_workspace(name="Acme", monthly_limit_cents=1000)
    model = make_image_model(name="creeping", price_cents=4)
    generation = make_generation(brief=make_brief(workspace=workspace), image_model=model, attempt=1)
    ProviderCall.objects.create(generation=generation, image_model=model, workspace=workspace, attempt=1,
                                estimated_cents=4, reported_cents=8, cost_source="reported", outcome="succeeded")
    client.force_login(make_member(workspace=workspace, role=Role.ADMIN))
    page = client.get(reverse("reviews:dashboard")).content.decode()
    assert "Monthly limit $10.00: $0.08 committed, <strong>$9.92 left</strong>" in page
    assert "Running above estimate: creeping." in page
    assert "2.000 ▲ above estimate" in page
