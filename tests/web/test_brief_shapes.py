"""The brief form's shapes: offered with square ticked, none refused, each chosen made and shown on its card."""

import pytest
from django.urls import reverse

from creative.models import Brief, Generation
from tests.factories import LAUNCH_BRIEF, local_model

pytestmark = pytest.mark.django_db(transaction=True)


def post(client, workspace, **fields):
    return client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [local_model().id], "images_per_prompt": 1, "workspace": workspace.id,
        "review_requirements": "", "shapes_shown": "1", **fields,
    })


def test_the_form_offers_the_shapes_with_square_ticked(client, designer):
    page = client.get(reverse("creative:brief_new")).content.decode()
    for label in ("Square 1:1", "Portrait 4:5", "Story 9:16", "Landscape 1.91:1", "Wide 16:9"):
        assert label in page
    assert 'name="shapes" value="square"' in page and 'value="square" id="id_shapes_0" checked' in page


def test_no_shape_ticked_is_a_clear_error_and_nothing_is_stored(client, designer, workspace):
    response = post(client, workspace)
    assert response.status_code == 422
    assert "Choose at least one shape" in response.content.decode()
    assert not Brief.objects.exists()


def test_an_unknown_shape_is_refused(client, designer, workspace):
    response = post(client, workspace, shapes=["square", "banner"])
    assert response.status_code == 422 and not Brief.objects.exists()


def test_chosen_shapes_are_made_and_the_card_shows_each_shape(client, designer, workspace):
    response = post(client, workspace, shapes=["square", "story"])
    brief = Brief.objects.get()
    assert brief.shapes == ["square", "story"]
    assert Generation.objects.filter(prompt__brief=brief, shape="story").count() == 5
    page = client.get(response["Location"]).content.decode()
    assert page.count('data-testid="shape"') == 10
    assert page.count(">9:16</span>") == 5 and page.count(">1:1</span>") == 5


def test_the_estimate_counts_every_shape(client, designer):
    model = local_model(name="priced", price_cents=4)
    response = client.get(reverse("creative:brief_estimate"),
                          {"models": [model.id], "images_per_prompt": 2, "shapes": ["square", "portrait", "story"]})
    assert b"$1.20" in response.content and b"30 images" in response.content
