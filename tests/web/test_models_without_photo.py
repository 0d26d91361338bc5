"""The designer's choice for models that take no product photo: used text-only (the default) or skipped for
the brief, in the images made and in the estimate; skipping every model, or choosing a model that needs a
photo without one, is a form error and stores nothing."""

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creative import pipeline
from creative.models import Brief, Generation, ImageModel
from tests.factories import LAUNCH_BRIEF, catalogue_model, local_model, make_image_model
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db

# What htmx puts in the estimate's GET for each file chosen in the form's file input.
PHOTO_CHOSEN = "[object File]"


@pytest.fixture
def flux(monkeypatch, fake_flux):
    """FLUX1.1 [pro] (no image input: text-only) configured against its fake."""
    monkeypatch.setenv("BFL_API_KEY", fake_flux.api_key)
    monkeypatch.setenv("BFL_BASE_URL", fake_flux.base_url)
    return catalogue_model("flux-pro-1.1")


def photo():
    return SimpleUploadedFile("bottle.jpg", bottle_photo(size=(320, 400)), "image/jpeg")


def post(client, workspace, models, **fields):
    return client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [m.id for m in models], "images_per_prompt": 1, "workspace": workspace.id,
        **fields,
    })


def made(brief) -> Counter:
    return Counter(Generation.objects.filter(prompt__brief=brief).values_list("image_model__name", flat=True))


def test_the_form_offers_the_choice_with_text_only_ticked(client, designer):
    html = client.get(reverse("creative:brief_new")).content.decode()
    assert "Models that take no product photo" in html
    assert 'name="models_without_photo" value="text_only"' in html and "skip them" in html
    assert 'value="text_only" id="id_models_without_photo_0" checked' in html


def test_text_only_models_still_run_with_a_photo_by_default(client, designer, workspace, flux, fake_flux,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, workspace, [local_model(), flux], product_photos=[photo()], review_requirements="")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert made(Brief.objects.get()) == {"local": 5, "flux-pro-1.1": 5}
    assert len(fake_flux.requests_to("/v1/flux-pro-1.1", "POST")) == 5


def test_skipped_models_make_no_images_for_the_brief(client, designer, workspace, flux, fake_flux,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, workspace, [local_model(), flux], product_photos=[photo()],
                        models_without_photo="skip", review_requirements="")
    assert response.status_code == 302
    brief = Brief.objects.get()
    assert made(brief) == {"local": 5}
    assert [m.name for m in brief.image_models.all()] == ["local"]
    assert fake_flux.requests_to("/v1/flux-pro-1.1", "POST") == []


def test_without_a_photo_skip_changes_nothing(client, designer, workspace, flux, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, workspace, [local_model(), flux], models_without_photo="skip",
                        review_requirements="")
    assert response.status_code == 302
    assert made(Brief.objects.get()) == {"local": 5, "flux-pro-1.1": 5}


def test_skipping_every_chosen_model_is_a_clear_error(client, designer, workspace, flux):
    response = post(client, workspace, [flux], product_photos=[photo()], models_without_photo="skip")
    assert response.status_code == 422
    assert "None of the chosen models takes a product photo" in response.content.decode()
    assert not Brief.objects.exists()


def test_a_model_that_needs_a_photo_is_refused_without_one(client, designer, workspace, monkeypatch):
    monkeypatch.setenv("STABILITY_API_KEY", "sk-test")
    relight = ImageModel.objects.get(name="replace-background-and-relight")  # seeded by migration 0014
    response = post(client, workspace, [local_model(), relight])
    assert response.status_code == 422
    assert "Stability relight (keeps the product photo) needs a product photo: add one, or untick it." in response.content.decode()
    assert not Brief.objects.exists()
    # A logo is not the product: still refused.
    assert pipeline.models_for_references(models=[relight], photos=True) == [relight]
    with pytest.raises(pipeline.BriefError):
        pipeline.models_for_references(models=[relight], photos=False, logo=True)


def test_an_unknown_choice_is_refused(client, designer, workspace):
    response = post(client, workspace, [local_model()], models_without_photo="sometimes")
    assert response.status_code == 422 and not Brief.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def estimate(client, models, **query):
    response = client.get(reverse("creative:brief_estimate"), {"models": [m.id for m in models],
                                                                "images_per_prompt": 1, **query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_estimate_drops_skipped_models_only_when_a_photo_is_chosen(client, designer, flux):
    priced = make_image_model(name="priced-local", price_cents=2)
    both = [priced, flux]  # $0.10 and $0.20 for five images each

    assert "10 images" in estimate(client, both, models_without_photo="skip")
    assert "10 images" in estimate(client, both, product_photos=PHOTO_CHOSEN)
    skipped = estimate(client, both, product_photos=PHOTO_CHOSEN, models_without_photo="skip")
    assert "$0.10</strong> for 5 images" in skipped
    assert "Skipped for this brief (they take no product photo): FLUX1.1 [pro]." in skipped


def test_the_estimate_says_when_skipping_leaves_no_model(client, designer, flux):
    html = estimate(client, [flux], product_photos=PHOTO_CHOSEN, models_without_photo="skip")
    assert "for 0 images" in html and "None of the chosen models takes a product photo" in html
