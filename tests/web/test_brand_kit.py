"""The brand kit page and preview, and the admin pages for presets, brand kits and share links."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageDraw

from creative import pipeline
from creative.models import BrandKit, Export, ExportPreset, Role
from tests.factories import decode, make_member, make_scored_picture, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def png_logo() -> bytes:
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 299, 99), fill=(0, 200, 0, 255))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return buffer.getvalue()


def test_designer_saves_the_brand_kit_with_a_logo(client, brief):
    client.force_login(make_member(workspace=brief.workspace, role=Role.DESIGNER))
    url = reverse("creative:brand_kit", args=[brief.workspace_id])
    logo = ContentFile(png_logo(), name="acme.png")

    response = client.post(
        url,
        {
            "primary_colour": "#112233",
            "secondary_colour": "#445566",
            "text_colour": "#ffffff",
            "headline": "All week",
            "call_to_action": "Shop now",
            "logo_upload": logo,
        },
    )

    assert response.status_code == 302
    kit = BrandKit.objects.get(workspace=brief.workspace)
    assert (kit.primary_colour, kit.headline, kit.call_to_action) == ("#112233", "All week", "Shop now")
    with kit.logo_raster.open("rb") as fh:
        assert decode(fh.read()).mode == "RGBA"
    preview = client.get(reverse("creative:brand_preview", args=[brief.workspace_id]))
    assert preview["Content-Type"] == "image/png" and decode(preview.content).width > 500


def test_a_file_that_is_not_a_logo_is_refused_with_the_form(client, brief):
    client.force_login(make_member(workspace=brief.workspace, role=Role.ADMIN))

    response = client.post(
        reverse("creative:brand_kit", args=[brief.workspace_id]),
        {
            "primary_colour": "#112233",
            "secondary_colour": "#445566",
            "text_colour": "#ffffff",
            "logo_upload": ContentFile(b"MZ not an image", name="logo.png"),
        },
    )

    assert response.status_code == 422 and b"not a PNG" in response.content
    assert not BrandKit.objects.get(workspace=brief.workspace).logo


def test_reviewers_see_the_brand_kit_but_do_not_change_it(client, brief):
    client.force_login(make_member(workspace=brief.workspace, role=Role.REVIEWER))
    url = reverse("creative:brand_kit", args=[brief.workspace_id])

    assert client.get(url).status_code == 200
    assert client.post(url, {"primary_colour": "#000000"}).status_code == 403
    assert BrandKit.objects.get(workspace=brief.workspace).primary_colour == "#3a5bd9"


def test_other_workspaces_brand_kits_answer_404(client, brief):
    client.force_login(make_member(workspace=make_workspace(), role=Role.ADMIN))

    assert client.get(reverse("creative:brand_kit", args=[brief.workspace_id])).status_code == 404
    assert client.get(reverse("creative:brand_preview", args=[brief.workspace_id])).status_code == 404


def test_admin_lists_presets_brand_kits_and_share_links(client, brief):
    from django.contrib.auth import get_user_model

    from creative.pipeline import share_link_create

    admin = get_user_model().objects.create_superuser("root", "root@example.test", "pw-123456")
    client.force_login(admin)
    ExportPreset.objects.create(name="snapchat_ad", channel="snapchat", width=1080, height=1920)
    BrandKit.objects.create(workspace=brief.workspace, headline="All week")
    export = pipeline.export_create(brief=brief, generations=[make_scored_picture(brief)], presets=["thumbnail"])
    share_link_create(export=Export.objects.get(id=export.id))

    for name in ("exportpreset", "brandkit", "sharelink"):
        response = client.get(reverse(f"admin:creative_{name}_changelist"))
        assert response.status_code == 200, name
    assert b"snapchat_ad" in client.get(reverse("admin:creative_exportpreset_changelist")).content
    assert client.get(reverse("admin:creative_brandkit_add")).status_code == 200
