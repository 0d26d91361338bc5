"""A brief whose every image failed says so, and every page counts the same cost."""

import re

import pytest
from django.urls import reverse

from creative.models import GenerationStatus, Role
from tests.factories import make_brief, make_generation, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_brief_with_nothing_to_review_says_why_and_costs_agree(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace, status="reviewing")
    for _ in range(5):
        make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="provider_error",
                        error_detail="connection refused at http://127.0.0.1:9/", estimated_cost_cents=1.1)

    page = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()

    assert ">failed to deliver</span>" in page
    assert "all 5 images failed: connection refused at http://127.0.0.1:9/" in page
    assert "<progress" not in page
    card_costs = re.findall(r'data-testid="card-cost">([^<]*)<', page)
    assert card_costs == ["$0.00"] * 5 and "cost $0.00" in page


def test_the_progress_counter_moves_with_each_pushed_card(workspace):
    from reviews.gallery import render_card

    brief = make_brief(workspace=workspace, status="generating")
    done = make_generation(brief=brief, status=GenerationStatus.SCORED, score=60)
    make_generation(brief=brief, status=GenerationStatus.PENDING)
    html = render_card(done.id, can_review=True)
    assert f'id="gen-{done.id}"' in html
    assert 'id="brief-progress" hx-swap-oob="true"' in html and "1/2 images done" in html
