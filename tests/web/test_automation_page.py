"""The workspace's API and webhooks page: admins make tokens (shown once, kept hashed), revoke them, register
webhook endpoints and redeliver; other members are refused."""

import hashlib
import re

import pytest
from django.urls import reverse

from creative.models import ApiToken, DeliveryStatus, Role, WebhookDelivery, WebhookEndpoint, WebhookEvent
from creative.webhooks.emit import deliveries_create
from tests.factories import make_brief, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, workspace):
    user = make_member(workspace=workspace, role=Role.ADMIN)
    client.force_login(user)
    return user


def test_a_token_is_shown_once_and_stored_hashed(client, admin, workspace):
    url = reverse("creative:tokens", args=[workspace.id])
    response = client.post(url, {"name": "catalogue sync", "scope": "designer", "expires_in_days": "30"})
    assert response.status_code == 200
    plain = re.search(r"cpk_[0-9a-f]{12}_[\w-]+", response.content.decode()).group()
    token = ApiToken.objects.get()
    assert token.secret_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in client.get(url).content.decode()
    assert client.get("/api/v1/models", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    client.post(reverse("creative:token_revoke", args=[workspace.id, token.id]))
    assert client.get("/api/v1/models", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


@pytest.mark.parametrize("role", [Role.DESIGNER, Role.REVIEWER])
def test_members_who_are_not_admins_are_refused(client, workspace, role):
    client.force_login(make_member(workspace=workspace, role=role))
    assert client.get(reverse("creative:tokens", args=[workspace.id])).status_code == 403
    assert client.post(reverse("creative:tokens", args=[workspace.id]), {"name": "x", "scope": "designer"}
                       ).status_code == 403
    assert not ApiToken.objects.exists()


def test_another_workspaces_page_is_404(client, admin):
    other = make_member(role=Role.ADMIN).memberships.get().workspace
    assert client.get(reverse("creative:tokens", args=[other.id])).status_code == 404


def test_a_private_webhook_target_is_refused_on_the_form(client, admin, workspace):
    response = client.post(reverse("creative:webhook_create", args=[workspace.id]),
                           {"url": "http://10.1.2.3/hooks", "events": [WebhookEvent.EXPORT_DONE]})
    assert response.status_code == 422
    assert "private" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_is_registered_and_a_delivery_redelivered(client, admin, workspace, settings):
    settings.CREATIVE_WEBHOOK_ALLOW_PRIVATE = True
    client.post(reverse("creative:webhook_create", args=[workspace.id]),
                {"url": "http://127.0.0.1:9/hooks", "events": [WebhookEvent.EXPORT_DONE, WebhookEvent.BRIEF_FAILED]})
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == [WebhookEvent.BRIEF_FAILED, WebhookEvent.EXPORT_DONE]
    assert endpoint.secret.startswith("whsec_")
    [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=make_brief(workspace=workspace).id,
                                   data={})
    WebhookDelivery.objects.filter(id=delivery.id).update(status=DeliveryStatus.FAILED)
    page = client.get(reverse("creative:tokens", args=[workspace.id])).content.decode()
    assert f'id="delivery-{delivery.id}"' in page
    client.post(reverse("creative:webhook_redeliver", args=[workspace.id, delivery.id]))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_a_feed_uploaded_in_the_app_shows_its_batch_page(client, workspace, designer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import local_model

    model = local_model()
    feed = SimpleUploadedFile("products.csv", b"name,colours\nSmartwatch,blue\n,\n")
    response = client.post(reverse("creative:batch_new", args=[workspace.id]),
                           {"feed": feed, "models": [model.id], "images_per_prompt": "1"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 brief started, 1 row refused" in page
    assert "the product name is empty" in page


def test_a_feed_uploaded_with_its_product_photos(client, workspace, designer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from creative.models import Brief
    from tests.factories import local_model
    from tests.product_photos import bottle_photo

    feed = SimpleUploadedFile("products.csv", b"name,product_image\nWater bottle,bottle.jpg\nMug,mug.png\n")
    photo = SimpleUploadedFile("bottle.jpg", bottle_photo(size=(240, 300)), content_type="image/jpeg")
    response = client.post(reverse("creative:batch_new", args=[workspace.id]),
                           {"feed": feed, "product_photos": [photo], "models": [local_model().id],
                            "images_per_prompt": "1"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 brief started, 1 row refused" in page and "no uploaded photo is named &#x27;mug.png&#x27;" in page
    assert [(r.width, r.height) for r in Brief.objects.get().references.all()] == [(240, 300)]
