"""Admin refuses a quality or size the model's family would refuse at call time, and sets spend limits."""

import pytest
from django.urls import reverse

from creative.models import ImageModel, Workspace
from tests.factories import catalogue_model, make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))


def change(client, model: ImageModel, **fields):
    data = {"provider": model.provider, "name": model.name, "label": model.label, "price_cents": model.price_cents,
            "max_concurrency": model.max_concurrency, "rpm": model.rpm, "enabled": "on",
            "sizes": '["1024x1024"]', "notes": "", "quality": ""} | fields
    return client.post(reverse("admin:creative_imagemodel_change", args=[model.id]), data)


def test_an_hd_quality_on_a_gpt_image_model_is_refused_in_admin(client, superuser):
    model = catalogue_model("gpt-image-1.5")
    response = change(client, model, quality="hd")
    assert response.status_code == 200
    assert "gpt-image-1.5 takes the quality low, medium, high, auto, or empty." in response.content.decode()
    model.refresh_from_db()
    assert model.quality == "medium"  # as seeded: the quality its price assumes


def test_a_quality_the_family_takes_is_saved(client, superuser):
    model = catalogue_model("dall-e-3")
    assert change(client, model, quality="hd").status_code == 302
    model.refresh_from_db()
    assert model.quality == "hd"


def test_a_model_without_a_quality_parameter_takes_none(client, superuser):
    model = catalogue_model("flux-pro-1.1")
    response = change(client, model, quality="high")
    assert "flux-pro-1.1 takes no quality setting" in response.content.decode()


def test_a_size_the_family_does_not_make_is_refused(client, superuser):
    model = catalogue_model("gpt-image-1.5")
    response = change(client, model, quality="medium", sizes='["1792x1024"]')
    assert "makes only 1024x1024, 1536x1024, 1024x1536, auto; not 1792x1024" in response.content.decode()


def test_the_workspace_page_sets_spend_limits_and_member_allowances(client, superuser):
    workspace = make_workspace(name="Acme")
    response = client.post(reverse("admin:creative_workspace_change", args=[workspace.id]), {
        "name": "Acme", "approvals_needed": 1, "created_0": "2026-01-01", "created_1": "00:00:00",
        "monthly_limit_cents": 50000, "daily_limit_cents": 5000, "member_briefs_per_hour": 10,
        "member_images_per_day": 200,
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    workspace = Workspace.objects.get()
    assert (workspace.monthly_limit_cents, workspace.daily_limit_cents, workspace.member_images_per_day) == (
        50000, 5000, 200)
