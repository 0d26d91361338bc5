"""The reviewer gallery: filters, sorting, bounded queries, several reviewers, stages, bulk, compare, actions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creative import pipeline
from creative.models import Generation, GenerationStatus, Prompt, Role
from reviews.decisions import Actor, review_record
from reviews.models import Activity, ApprovalStage, Review
from tests.factories import (
    LAUNCH_BRIEF,
    local_model,
    make_brief,
    make_generation,
    make_image_model,
    make_member,
    make_scored,
    make_workspace,
)

pytestmark = pytest.mark.django_db(transaction=True)


def card_ids(response) -> list[int]:
    return [int(i) for i in re.findall(rb'<article class="card[^"]*" id="gen-(\d+)"', response.content)]


def test_filters_and_sorting_come_from_the_url(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    other_model = make_image_model(name="other-model")
    top = make_scored(brief, score=90, candidate=True, style="lifestyle")
    low = make_scored(brief, score=20, model=other_model)
    failed = make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="timeout")
    url = reverse("reviews:gallery", args=[brief.id])
    assert card_ids(client.get(url)) == [top.id, low.id, failed.id]
    assert card_ids(client.get(url, {"show": "candidates"})) == [top.id]
    assert card_ids(client.get(url, {"show": "failed"})) == [failed.id]
    assert card_ids(client.get(url, {"model": "other-model"})) == [low.id]
    assert card_ids(client.get(url, {"style": "lifestyle"})) == [top.id]
    assert card_ids(client.get(url, {"sort": "time"})) == [top.id, low.id, failed.id]
    assert card_ids(client.get(url, {"sort": "model"}))[-1] == low.id  # "local" sorts before "other-model"
    page = client.get(url, {"show": "candidates", "sort": "time"})
    assert b"ws-connect=\"/ws/briefs/%d/?show=candidates&amp;sort=time\"" % brief.id in page.content


def test_approved_and_rejected_filters_follow_the_approval_rule(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    yes, no, undecided = make_scored(brief, score=80), make_scored(brief, score=70), make_scored(brief, score=60)
    review_record(generation=yes, actor=Actor(user=reviewer), decision="approve")
    review_record(generation=no, actor=Actor(user=reviewer), decision="reject")
    url = reverse("reviews:gallery", args=[brief.id])
    assert card_ids(client.get(url, {"show": "approved"})) == [yes.id]
    assert card_ids(client.get(url, {"show": "rejected"})) == [no.id]
    assert undecided.id in card_ids(client.get(url))


def test_gallery_queries_do_not_grow_with_the_number_of_cards(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    other = make_member(workspace=workspace, role=Role.REVIEWER)

    def add(n):
        for i in range(n):
            generation = make_scored(brief, score=i, style=("minimalist", "lifestyle")[i % 2])
            review_record(generation=generation, actor=Actor(user=reviewer), decision="approve", comment="ok")
            review_record(generation=generation, actor=Actor(user=other), decision="reject")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reviews:gallery", args=[brief.id])).status_code == 200
        return len(queries)

    add(3)
    few = count()
    add(30)
    assert count() == few


def test_grid_shows_thumbnails_never_originals(client, reviewer, workspace):
    brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1)
    page = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert len(sources) == 5 and all(src.endswith("/thumb/") for src in sources)
    thumb = client.get(sources[0])
    assert thumb.status_code == 200 and b"".join(thumb.streaming_content)[:4] == b"RIFF"


def test_each_reviewer_keeps_a_history_and_the_latest_decision_counts(client, reviewer, workspace):
    workspace.approvals_needed = 2
    workspace.save()
    brief = make_brief(workspace=workspace, status="reviewing")
    generation = make_scored(brief)
    second = make_member(workspace=workspace, role=Role.REVIEWER, username="sam")
    review_record(generation=generation, actor=Actor(user=reviewer), decision="reject", comment="too cold")
    review_record(generation=generation, actor=Actor(user=reviewer), decision="approve", comment="better now")
    card = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()
    assert "1/2 approvals" in card and "too cold" in card and "better now" in card
    review_record(generation=generation, actor=Actor(user=second), decision="approve")
    card = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()
    assert "approved · 2/2 approvals" in card
    assert Review.objects.filter(generation=generation).count() == 3


def test_stages_approve_in_order_and_the_last_stage_decides(client, reviewer, workspace):
    lead_stage = ApprovalStage.objects.create(workspace=workspace, name="creative lead", position=0)
    ApprovalStage.objects.create(workspace=workspace, name="client", position=1)
    lead_stage.reviewers.add(reviewer)
    client_reviewer = make_member(workspace=workspace, role=Role.REVIEWER, username="cleo")
    ApprovalStage.objects.get(name="client").reviewers.add(client_reviewer)
    generation = make_scored(make_brief(workspace=workspace, status="reviewing"))
    with pytest.raises(ValueError, match="waiting for the creative lead stage"):
        review_record(generation=generation, actor=Actor(user=client_reviewer), decision="approve")
    review_record(generation=generation, actor=Actor(user=reviewer), decision="approve")
    page = client.get(reverse("reviews:gallery", args=[generation.prompt.brief_id]), {"show": "approved"})
    assert card_ids(page) == []
    review_record(generation=generation, actor=Actor(user=client_reviewer), decision="approve")
    page = client.get(reverse("reviews:gallery", args=[generation.prompt.brief_id]), {"show": "approved"})
    assert card_ids(page) == [generation.id]
    assert "client: approved" in page.content.decode()


def test_bulk_approve_answers_with_each_changed_card(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    chosen = [make_scored(brief, score=s) for s in (90, 80, 70)]
    untouched = make_scored(brief, score=10)
    response = client.post(reverse("reviews:bulk", args=[brief.id]),
                           {"decision": "approve", "ids": [g.id for g in chosen]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('hx-swap-oob="true"') == 3 and "3 images approved." in body
    assert set(Review.objects.values_list("generation_id", flat=True)) == {g.id for g in chosen}
    assert untouched.id not in Review.objects.values_list("generation_id", flat=True)


def test_designers_cannot_bulk_review(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.DESIGNER))
    brief = make_brief(workspace=workspace, status="reviewing")
    generation = make_scored(brief)
    response = client.post(reverse("reviews:bulk", args=[brief.id]), {"decision": "approve", "ids": [generation.id]})
    assert response.status_code == 403 and Review.objects.count() == 0  # a member: told why, not "not found"


def test_compare_one_prompt_across_models_and_two_images(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    prompt = Prompt.objects.create(brief=brief, style="lifestyle", text="a watch on a wrist")
    a = Generation.objects.create(prompt=prompt, image_model=local_model(), status="scored", score=60)
    b = Generation.objects.create(prompt=prompt, image_model=make_image_model(name="zeta"), status="scored", score=70)
    page = client.get(reverse("reviews:compare", args=[brief.id]), {"prompt": prompt.id}).content.decode()
    assert "Lifestyle prompt across models" in page and page.count("<figure") == 2
    page = client.get(reverse("reviews:compare", args=[brief.id]), {"a": b.id, "b": a.id}).content.decode()
    assert page.index("zeta") < page.index("Built-in renderer")
    outsider = make_scored(make_brief(workspace=make_workspace()))
    assert client.get(reverse("reviews:compare", args=[brief.id]), {"a": a.id, "b": outsider.id}).status_code == 404


def test_large_view_links_neighbours_within_the_filter(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    first, second, third = make_scored(brief, score=90), make_scored(brief, score=80), make_scored(brief, score=70)
    page = client.get(reverse("reviews:image", args=[brief.id, second.id])).content.decode()
    assert f'data-previous="/briefs/{brief.id}/images/{first.id}/?"' in page
    assert f'data-next="/briefs/{brief.id}/images/{third.id}/?"' in page
    assert "2 of 3" in page and 'name="decision" value="approve"' in page


def test_promote_more_like_this_and_retry_are_logged(client, reviewer, workspace):
    brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1)
    loser = Generation.objects.filter(prompt__brief=brief, candidate=False).first()
    assert client.post(reverse("reviews:promote", args=[loser.id]), HTTP_HX_REQUEST="true").status_code == 200
    assert Generation.objects.get(id=loser.id).candidate
    assert client.post(reverse("reviews:more", args=[loser.id]), HTTP_HX_REQUEST="true").status_code == 200
    twins = Generation.objects.filter(prompt=loser.prompt, image_model=loser.image_model).exclude(id=loser.id)
    assert twins.count() == 1 and twins.get().status == GenerationStatus.SCORED and twins.get().seed != loser.seed
    Generation.objects.filter(id=loser.id).update(status="failed", error_kind="unknown_outcome")
    assert client.post(reverse("reviews:retry", args=[loser.id]), HTTP_HX_REQUEST="true").status_code == 200
    assert Generation.objects.get(id=loser.id).attempt == 2
    verbs = list(Activity.objects.filter(brief=brief).values_list("verb", flat=True))
    assert {"promoted", "asked for more like", "retried"} <= set(verbs)
    log = client.get(reverse("reviews:activity", args=[brief.id])).content.decode()
    assert "rita" in log and "after unknown_outcome" in log


def test_dashboard_shows_approval_rate_and_cost_per_approved_image(client, reviewer, workspace):
    priced = make_image_model(name="priced", price_cents=4)
    brief = make_brief(workspace=workspace, status="reviewing")
    for decision in ("approve", "approve", "reject", "approve"):
        generation = make_scored(brief, model=priced, style="lifestyle", cost_cents=4)
        review_record(generation=generation, actor=Actor(user=reviewer), decision=decision)
    page = client.get(reverse("reviews:dashboard")).content.decode()
    row = re.search(r"<th scope=\"row\">priced</th>(.*?)</tr>", page, re.DOTALL).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["4", "3", "1", "75%", "$0.16", "$0.0533"]


def test_brief_list_says_who_reviewed(client, reviewer, workspace):
    brief = make_brief(workspace=workspace, status="reviewing")
    review_record(generation=make_scored(brief), actor=Actor(user=reviewer), decision="approve")
    page = client.get(reverse("creative:brief_list")).content.decode()
    assert "rita" in page


def test_large_galleries_load_in_pages_as_the_reviewer_scrolls(client, reviewer, workspace):
    from reviews.gallery import PAGE_SIZE

    brief = make_brief(workspace=workspace, status="reviewing")
    for i in range(PAGE_SIZE + 5):
        make_scored(brief, score=i)
    url = reverse("reviews:gallery", args=[brief.id])
    first = client.get(url, {"sort": "time"})
    assert len(card_ids(first)) == PAGE_SIZE
    assert 'hx-trigger="revealed"' in first.content.decode() and "sort=time&amp;page=2" in first.content.decode()
    rest = client.get(url, {"sort": "time", "page": 2}, HTTP_HX_REQUEST="true")
    assert len(card_ids(rest)) == 5 and "<html" not in rest.content.decode() and "revealed" not in rest.content.decode()
    assert set(card_ids(first)).isdisjoint(card_ids(rest))
