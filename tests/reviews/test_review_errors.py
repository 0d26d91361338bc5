"""A refused review keeps its card on the page, with the reason inside it."""

import pytest
from django.urls import reverse

from creative.models import GenerationStatus, Role
from reviews.models import Activity, Review
from tests.factories import make_brief, make_generation, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_empty_comment_answers_the_card_with_an_inline_error(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=70)
    response = client.post(reverse("reviews:review", args=[generation.id]), {"decision": "comment", "comment": "  "},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 422
    assert body.lstrip().startswith('<article class="card') and f'id="gen-{generation.id}"' in body
    assert (f'<p class="error small" role="alert" id="review-error-{generation.id}" data-for="comment-{generation.id}" '
            'data-testid="review-error">a comment needs text</p>') in body
    assert "<img" in body or "placeholder" in body  # the picture stays
    assert Review.objects.count() == 0 and Activity.objects.count() == 0
    assert "{#" not in body and "{% comment" not in body  # template comments never reach the page


def test_a_comment_is_logged_as_commented(client, workspace):
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=70)
    client.post(reverse("reviews:review", args=[generation.id]), {"decision": "comment", "comment": "Crop tighter"},
                HTTP_HX_REQUEST="true")
    assert Activity.objects.get().verb == "commented" and Review.objects.get().decision == "comment"


def test_the_answer_to_a_post_empties_the_comment_box_while_pushes_keep_it(client, workspace):
    from reviews.gallery import render_card

    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=70)
    response = client.post(reverse("reviews:review", args=[generation.id]), {"decision": "comment", "comment": "Hm"},
                           HTTP_HX_REQUEST="true")
    own = response.content.decode()
    assert f'id="comment-{generation.id}" autocomplete="off"' in own  # no hx-preserve: a fresh, empty box
    assert f'id="comment-{generation.id}" hx-preserve="true"' in render_card(generation.id, can_review=True)
