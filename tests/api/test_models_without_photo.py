"""POST /api/v1/briefs with product photos: `models_without_photo` skips the models that take none."""

import base64

import pytest

from creative.models import Brief, Generation
from tests.factories import LAUNCH_BRIEF, catalogue_model, local_model
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db

PHOTO = base64.b64encode(bottle_photo(size=(320, 400))).decode()


@pytest.fixture
def flux(monkeypatch, fake_flux):
    monkeypatch.setenv("BFL_API_KEY", fake_flux.api_key)
    monkeypatch.setenv("BFL_BASE_URL", fake_flux.base_url)
    return catalogue_model("flux-pro-1.1")


def test_skip_makes_images_with_the_photo_models_only(designer_api, flux, fake_flux,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = designer_api.post("/api/v1/briefs", {
            "text": LAUNCH_BRIEF, "models": [local_model().name, flux.name], "images_per_prompt": 1,
            "product_images": [PHOTO], "models_without_photo": "skip"})
    assert response.status_code == 201, response.content
    assert response.json()["models"] == ["local"]
    assert set(Generation.objects.values_list("image_model__name", flat=True)) == {"local"}
    assert fake_flux.requests_to("/v1/flux-pro-1.1", "POST") == []


@pytest.mark.parametrize(("body", "says"), [
    ({"models": ["flux-pro-1.1"], "product_images": [PHOTO], "models_without_photo": "skip"},
     "None of the chosen models takes a product photo"),
    ({"models": ["flux-pro-1.1"], "models_without_photo": "never"}, "models_without_photo"),
])
def test_skipping_every_model_or_an_unknown_choice_is_422(designer_api, flux, body, says):
    response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, **body})
    assert response.status_code == 422
    assert says in response.content.decode()
    assert not Brief.objects.exists()
