"""Each shortlisted image says why it was picked; the ribbon shows the configured share."""

import pytest
from django.urls import reverse

from creative import pipeline
from creative.models import BriefStatus, Generation, GenerationStatus, Prompt, Role
from tests.factories import local_model, make_brief, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def scored_rows(brief, rows):
    model = local_model()
    ids = {}
    for n, (style, score) in enumerate(rows, start=1):
        prompt = Prompt.objects.create(brief=brief, style=style, text=style)
        phash = (n * 0x9E3779B97F4A7C15) & (2**64 - 1)  # far apart: no near-duplicates
        ids[style, score] = Generation.objects.create(prompt=prompt, image_model=model, status=GenerationStatus.SCORED,
                                                      score=score, phash=f"{phash:016x}").id
    return ids


def test_each_candidate_says_why_it_was_picked_and_the_ribbon_shows_the_share(client, settings):
    settings.CREATIVE_CANDIDATE_SHARE = 0.25
    workspace = make_workspace()
    brief = make_brief(workspace=workspace, status=BriefStatus.SCORING)
    ids = scored_rows(brief, [("lifestyle", 88 - i) for i in range(7)] + [("minimalist", 80)])

    assert pipeline.brief_advance(brief_id=brief.id)

    reasons = {g.id: g.checks.get("pick_reason") for g in Generation.objects.filter(candidate=True)}
    assert reasons == {ids["lifestyle", 88]: "highest score", ids["minimalist", 80]: "best minimalist image"}
    assert not any(g.checks.get("pick_reason") for g in Generation.objects.filter(candidate=False))

    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    page = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()
    assert page.count(">Top 25%</span>") == 2 and "Top 20%" not in page
    assert "Picked as the best minimalist image" in page and "Picked as the highest score" in page


def test_a_pick_that_is_neither_best_score_nor_best_of_its_kind_was_picked_for_variety():
    from creative.pipeline.selection import pick_reasons
    from creative.scoring.diversity import Item

    items = [Item(id=1, score=90, style="lifestyle", model="flux", phash=0),
             Item(id=2, score=89, style="lifestyle", model="flux", phash=1),
             Item(id=3, score=70, style="lifestyle", model="flux", phash=2**64 - 1),
             Item(id=4, score=60, style="lifestyle", model="imagen", phash=7)]
    assert pick_reasons(items, [1, 3, 4]) == {1: "highest score", 3: "most different from the others",
                                             4: "best image from imagen"}
