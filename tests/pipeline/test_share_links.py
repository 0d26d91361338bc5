"""Share links: reviewers make and revoke them; holders see and download the files; dead links say so."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops

from creative import pipeline
from creative.models import Export, GenerationStatus, Role, ShareLink
from creative.models.sharing import SHARE_SALT
from creative.pipeline import share_link_create
from tests.factories import decode, make_brief, make_generation, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def export():
    brief = make_brief(workspace=make_workspace(), status="reviewing")
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=75, candidate=True)
    buffer = io.BytesIO()
    Image.new("RGB", (1024, 1024), (30, 90, 160)).save(buffer, "PNG")
    generation.image.save("image.png", ContentFile(buffer.getvalue()), save=True)
    made = pipeline.export_create(
        brief=brief, generations=[generation], presets=["medium", "facebook_post"], formats=["webp", "png"]
    )
    return Export.objects.get(id=made.id)


@pytest.fixture
def link(export):
    return share_link_create(export=export)


def test_a_reviewer_creates_a_link_that_lasts_seven_days_by_default(client, export):
    client.force_login(make_member(workspace=export.brief.workspace, role=Role.REVIEWER))

    response = client.post(reverse("creative:share_create", args=[export.id]))

    assert response.status_code == 200
    link = ShareLink.objects.get()
    assert link.get_absolute_url().encode() in response.content
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize("fields, message", [
    ({"days": "a week"}, "Days must be a whole number."),
    ({"watermark_text": "DRAFT", "watermark_opacity": "half"}, "Watermark opacity must be a number."),
    ({"days": "0"}, "lasts from 1 to"),
])
def test_a_link_the_form_cannot_make_says_why_and_nothing_is_made(client, export, fields, message):
    client.force_login(make_member(workspace=export.brief.workspace, role=Role.REVIEWER))

    response = client.post(reverse("creative:share_create", args=[export.id]), fields)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("role", [Role.DESIGNER, None])
def test_only_the_workspaces_reviewers_share_and_revoke(client, export, link, role):
    client.force_login(
        make_member(
            workspace=export.brief.workspace if role else make_workspace(), role=role or Role.REVIEWER
        )
    )

    # A member without the role is told so (403); an outsider does not learn the export exists (404).
    refused = 403 if role else 404
    assert client.post(reverse("creative:share_create", args=[export.id])).status_code == refused
    assert client.post(reverse("creative:share_revoke", args=[export.id, link.id])).status_code == refused
    assert ShareLink.objects.get().revoked_at is None


def test_anyone_with_the_link_sees_every_file_without_logging_in(client, link, export):
    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    for rendition in export.renditions.all():
        assert (
            reverse("creative:share_file", args=[link.signed_token, rendition.id]).encode()
            in response.content
        )
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_file_downloads_are_counted_and_previews_are_not(client, link, export):
    rendition = export.renditions.get(preset="facebook_post", format="png")
    url = reverse("creative:share_file", args=[link.signed_token, rendition.id])

    preview = client.get(url)
    download = client.get(url + "?download=1")

    with rendition.file.open("rb") as fh:
        assert preview.content == download.content == fh.read()
    assert download["Content-Disposition"].startswith("attachment;")
    assert ShareLink.objects.get().downloads == 1


def test_zip_download_is_the_export_and_counts(client, link, export):
    response = client.get(reverse("creative:share_zip", args=[link.signed_token]))

    data = b"".join(response.streaming_content)
    with export.zip.open("rb") as fh:
        assert data == fh.read()
    assert ShareLink.objects.get().downloads == 1


def test_a_file_of_another_export_is_not_served(client, link):
    other = make_brief(workspace=make_workspace(), status="reviewing")
    generation = make_generation(brief=other, status=GenerationStatus.SCORED, score=70)
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256)).save(buffer, "PNG")
    generation.image.save("image.png", ContentFile(buffer.getvalue()), save=True)
    foreign = pipeline.export_create(brief=other, generations=[generation], presets=["thumbnail"])
    rendition = Export.objects.get(id=foreign.id).renditions.get()

    assert (
        client.get(reverse("creative:share_file", args=[link.signed_token, rendition.id])).status_code == 404
    )


def test_a_tampered_or_unknown_token_answers_404(client, link):
    token = link.signed_token
    value, signature = token.split(":")
    forged = signing.Signer(salt=SHARE_SALT).sign("x" * len(value))  # well signed, names no link

    for bad in (
        value[:-1] + ("A" if value[-1] != "A" else "B") + ":" + signature,
        value,
        value + ":" + "0" * 27,
        forged,
    ):
        assert client.get(reverse("creative:share_page", args=[bad])).status_code == 404
        assert client.get(reverse("creative:share_zip", args=[bad])).status_code == 404
    assert ShareLink.objects.get().downloads == 0


def test_an_expired_link_answers_410_and_counts_nothing(client, link):
    ShareLink.objects.filter(id=link.id).update(
        created=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(seconds=1)
    )

    page = client.get(link.get_absolute_url())
    archive = client.get(reverse("creative:share_zip", args=[link.signed_token]))

    assert page.status_code == archive.status_code == 410
    assert b"expired" in page.content
    assert ShareLink.objects.get().downloads == 0


def test_a_revoked_link_answers_410_at_once(client, link, export):
    client.force_login(make_member(workspace=export.brief.workspace, role=Role.REVIEWER))

    response = client.post(reverse("creative:share_revoke", args=[export.id, link.id]))
    client.logout()

    assert response.status_code == 200 and b"revoked" in response.content
    rendition = export.renditions.first()
    assert client.get(link.get_absolute_url()).status_code == 410
    assert (
        client.get(reverse("creative:share_file", args=[link.signed_token, rendition.id])).status_code == 410
    )
    assert client.get(reverse("creative:share_zip", args=[link.signed_token])).status_code == 410


def test_a_watermarked_link_marks_what_it_serves_but_not_the_stored_files(client, export):
    link = share_link_create(export=export, watermark={"text": "DRAFT", "opacity": 0.6})
    rendition = export.renditions.get(preset="facebook_post", format="png")
    with rendition.file.open("rb") as fh:
        stored = fh.read()

    served = client.get(reverse("creative:share_file", args=[link.signed_token, rendition.id])).content
    archive = zipfile.ZipFile(
        io.BytesIO(
            b"".join(client.get(reverse("creative:share_zip", args=[link.signed_token])).streaming_content)
        )
    )

    original, marked = decode(stored).convert("RGB"), decode(served).convert("RGB")
    assert marked.size == original.size and ImageChops.difference(original, marked).getbbox() is not None
    name = "/".join(rendition.file.name.split("/")[-2:])
    assert archive.read(name) == served
    with rendition.file.open("rb") as fh:
        assert fh.read() == stored
    assert len([n for n in archive.namelist() if not n.startswith("manifest")]) == export.renditions.count()
    assert ShareLink.objects.get(id=link.id).downloads == 1


def test_unfinished_exports_and_silly_durations_are_not_shared(export):
    with pytest.raises(ValueError):
        share_link_create(export=export, days=0)
    with pytest.raises(ValueError):
        share_link_create(export=export, days=365)
    Export.objects.filter(id=export.id).update(status="running")
    with pytest.raises(ValueError, match="finished"):
        share_link_create(export=Export.objects.get(id=export.id))


def test_share_page_offers_bulk_sheets_pointing_at_its_public_files(client, link, export):
    page = client.get(link.get_absolute_url())
    url = reverse("creative:share_sheet", args=[link.signed_token, "meta_ads_manager.csv"])

    sheet = client.get(url)

    assert url.encode() in page.content
    rows = sheet.content.decode().splitlines()
    assert (
        rows[0].startswith("Campaign Name,")
        and len(rows) == 1 + export.renditions.filter(channel="facebook").count()
    )
    assert "http://testserver/share/" in rows[1] and "/files/" in rows[1]
    assert (
        client.get(reverse("creative:share_sheet", args=[link.signed_token, "nope.csv"])).status_code == 404
    )
