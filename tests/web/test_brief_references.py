"""Product photos uploaded with the brief form, shown in the gallery, and boxed by the designer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse

from creative.models import Brief, BriefReference, CutoutMethod, Generation
from tests.factories import LAUNCH_BRIEF, local_model, run_command
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db(transaction=True)


def post_brief(client, workspace, *photos):
    return client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [local_model().id], "images_per_prompt": 1, "workspace": workspace.id,
        "product_photos": list(photos),
    })


def test_a_product_photo_posted_with_the_brief_is_in_every_image_and_the_gallery(client, designer, workspace):
    response = post_brief(client, workspace, SimpleUploadedFile("bottle.jpg", bottle_photo(), "image/jpeg"))
    brief = Brief.objects.get()
    assert response.status_code == 302
    reference = BriefReference.objects.get(brief=brief)
    assert reference.cutout_method == CutoutMethod.BACKGROUND
    assert all(g.checks["product"]["ok"] for g in Generation.objects.filter(prompt__brief=brief))
    page = client.get(brief.get_absolute_url())
    assert reverse("creative:reference_cutout", args=[reference.id]).encode() in page.content
    assert b"product kept" in page.content
    image = client.get(reverse("creative:reference_cutout", args=[reference.id]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_file_that_is_not_an_image_is_a_form_error_and_nothing_is_stored(client, designer, workspace):
    response = post_brief(client, workspace, SimpleUploadedFile("bottle.jpg", b"GIF89a not really", "image/jpeg"))
    assert response.status_code == 422
    assert b"not a PNG, JPEG or WebP" in response.content
    assert Brief.objects.count() == 0


def test_the_designer_boxes_the_product(client, designer, workspace):
    post_brief(client, workspace, SimpleUploadedFile("bottle.jpg", bottle_photo(), "image/jpeg"))
    reference = BriefReference.objects.get()
    url = reverse("creative:reference_box", args=[reference.id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"x0": "0.8", "y0": "0.1", "x1": "0.2", "y1": "0.9"})
    assert bad.status_code == 422
    response = client.post(url, {"x0": "0.3", "y0": "0.1", "x1": "0.7", "y1": "0.9"})
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.cutout_method == CutoutMethod.BOX and reference.box == [0.3, 0.1, 0.7, 0.9]


def test_cli_refuses_a_bad_product_image_with_exit_2(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"nope")
    local_model()
    with pytest.raises(CommandError, match="not a PNG, JPEG or WebP") as exit_info:
        run_command("run", LAUNCH_BRIEF, "--product-image", str(bad), "--no-worker")
    assert exit_info.value.returncode == 2
    assert Brief.objects.count() == 0


def test_cli_runs_a_brief_with_a_product_image(tmp_path):
    photo = tmp_path / "bottle.jpg"
    photo.write_bytes(bottle_photo())
    local_model()
    run_command("run", LAUNCH_BRIEF, "--product-image", str(photo), "--images-per-prompt", "1",
                "--no-worker", "--output", str(tmp_path / "out"))
    brief = Brief.objects.get()
    assert brief.references.count() == 1
    assert all(g.checks["product"]["fidelity"] >= 90 for g in Generation.objects.filter(prompt__brief=brief))
