import pytest
from django.urls import reverse

from creative.models import Brief, GenerationStatus, Role
from reviews.models import Review
from tests.factories import (
    LAUNCH_BRIEF,
    local_model,
    make_brief,
    make_generation,
    make_member,
    make_workspace,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_need_a_login(client):
    response = client.get(reverse("creative:brief_list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_designer_submits_a_brief_and_lands_on_its_gallery(client, designer, workspace):
    model = local_model()
    response = client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [model.id], "images_per_prompt": 1, "workspace": workspace.id,
    })
    brief = Brief.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/briefs/{brief.id}/"
    assert brief.author == designer and brief.workspace == workspace
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.count(b'<article class="card') == 5
    assert b"Top 20%" in page.content
    assert b'ws-connect="/ws/briefs/%d/?' % brief.id in page.content


def test_a_brief_without_a_product_asks_for_it_on_the_requirements_form(client, designer, workspace):
    """Issue 15: a missing product is a question for the designer, not a refusal."""
    response = client.post(reverse("creative:brief_new"), {
        "text": "make it pop", "models": [local_model().id], "images_per_prompt": 3, "workspace": workspace.id,
    })
    brief = Brief.objects.get()
    assert response["Location"] == reverse("creative:brief_requirements", args=[brief.id])
    assert brief.review_requirements
    page = client.get(response["Location"])
    assert b"The analysis found no product" in page.content


def test_an_empty_brief_gets_a_form_error_and_nothing_is_stored(client, designer, workspace):
    response = client.post(reverse("creative:brief_new"), {
        "text": "   ", "models": [local_model().id], "images_per_prompt": 3, "workspace": workspace.id,
    })
    assert response.status_code == 422
    assert Brief.objects.count() == 0


def test_estimate_shows_the_cost_before_running(client, designer):
    model = local_model(name="priced", price_cents=4)
    response = client.get(reverse("creative:brief_estimate"), {"models": [model.id], "images_per_prompt": 2})
    assert b"$0.40" in response.content and b"10 images" in response.content


def test_another_workspace_brief_image_and_zip_answer_404(client, designer):
    other = make_brief(workspace=make_workspace())
    generation = make_generation(brief=other)
    assert client.get(reverse("reviews:gallery", args=[other.id])).status_code == 404
    assert client.get(reverse("creative:generation_image", args=[generation.id, "thumb"])).status_code == 404
    assert client.post(reverse("reviews:review", args=[generation.id]), {"decision": "approve"}).status_code == 404


def test_reviewer_approves_and_comments_on_a_scored_image(client, workspace):
    reviewer = make_member(workspace=workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=80)
    response = client.post(reverse("reviews:review", args=[generation.id]),
                           {"decision": "approve", "comment": "Strong hero shot"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="gen-%d"' % generation.id in response.content
    assert b"approved" in response.content and b"Strong hero shot" in response.content
    review = Review.objects.get()
    assert (review.reviewer, review.decision, review.comment) == (reviewer, "approve", "Strong hero shot")


def test_designer_cannot_approve(client, designer, workspace):
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=80)
    response = client.post(reverse("reviews:review", args=[generation.id]), {"decision": "approve"})
    assert response.status_code == 403 and b"Only reviewers and admins" in response.content
    assert Review.objects.count() == 0


def test_bad_decision_is_a_400(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=80)
    assert client.post(reverse("reviews:review", args=[generation.id]), {"decision": "maybe"}).status_code == 400


def test_export_of_nothing_approved_says_so(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    response = client.post(reverse("reviews:export", args=[brief.id]))
    assert response.status_code == 422 and b"approve at least one image" in response.content


def test_reviewer_exports_approved_images_and_downloads_the_zip(client, workspace):
    reviewer = make_member(workspace=workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    from creative import pipeline

    brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1)
    candidate = brief.prompts.first().generations.model.objects.filter(prompt__brief=brief, candidate=True).first()
    client.post(reverse("reviews:review", args=[candidate.id]), {"decision": "approve"})
    response = client.post(reverse("reviews:export", args=[brief.id]))
    assert response.status_code == 200 and b"Download zip" in response.content
    export = brief.exports.get()
    assert export.items == [{"generation_id": candidate.id, "approvals": [reviewer.username], "comments": []}]
    download = client.get(reverse("creative:export_download", args=[export.id]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_plain_post_of_approve_records_it_and_redirects_to_the_gallery(client, workspace):
    """Without htmx the card's form is an ordinary form: 303 back to the gallery, decision stored."""
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=80)

    response = client.post(reverse("reviews:review", args=[generation.id]), {"decision": "approve"})

    assert response.status_code == 303
    assert response["Location"] == reverse("reviews:gallery", args=[brief.id])
    assert Review.objects.get().decision == "approve"


def test_plain_post_goes_back_to_the_page_it_came_from_on_this_site_only(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=80)
    large_view = "http://testserver" + reverse("reviews:image", args=[brief.id, generation.id])
    url = reverse("reviews:review", args=[generation.id])

    back = client.post(url, {"decision": "comment", "comment": "a"}, HTTP_REFERER=large_view)
    elsewhere = client.post(url, {"decision": "comment", "comment": "b"}, HTTP_REFERER="https://evil.example/")

    assert (back.status_code, back["Location"]) == (303, large_view)
    assert elsewhere["Location"] == reverse("reviews:gallery", args=[brief.id])


def test_htmx_post_of_approve_answers_with_the_card_alone(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=80)

    response = client.post(reverse("reviews:review", args=[generation.id]), {"decision": "approve"},
                           HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<article") and "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_card_forms_work_without_javascript(client, workspace):
    """Approve, retry, more like this and promote each carry method and action beside hx-post."""
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    scored = make_generation(brief=brief, status=GenerationStatus.SCORED, score=80)
    failed = make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="provider_error")

    page = client.get(reverse("reviews:gallery", args=[brief.id])).content.decode()

    for url in (reverse("reviews:review", args=[scored.id]), reverse("reviews:promote", args=[scored.id]),
                reverse("reviews:more", args=[scored.id]), reverse("reviews:retry", args=[failed.id]),
                reverse("reviews:bulk", args=[brief.id])):
        assert f'method="post" action="{url}" hx-post="{url}"' in page


def test_plain_post_of_promote_redirects_and_bulk_says_what_it_did(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=40)
    gallery = reverse("reviews:gallery", args=[brief.id])

    promoted = client.post(reverse("reviews:promote", args=[generation.id]))
    bulk = client.post(reverse("reviews:bulk", args=[brief.id]),
                       {"decision": "reject", "ids": [generation.id]},
                       follow=True)

    assert (promoted.status_code, promoted["Location"]) == (303, gallery)
    generation.refresh_from_db()
    assert generation.candidate
    assert bulk.redirect_chain == [(gallery, 303)] and "1 image rejected." in bulk.content.decode()


def test_gallery_pages_are_whole_pages_unless_htmx_asks_for_more_cards(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    brief = make_brief(workspace=workspace)
    make_generation(brief=brief, status=GenerationStatus.SCORED, score=80)
    url = reverse("reviews:gallery", args=[brief.id])

    plain = client.get(url, {"page": 2})
    htmx = client.get(url, {"page": 2}, HTTP_HX_REQUEST="true")

    assert b"<html" in plain.content and b"<html" not in htmx.content
    assert "HX-Request" in plain["Vary"]
