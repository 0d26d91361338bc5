"""A batch's approved images in one download: each brief exported as any brief is, one zip with a folder
per feed row and one manifest for the batch; a brief with nothing approved is skipped with its reason."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from creative.models import BatchSource, ExportStatus, Generation, Role
from creative.pipeline import batch_submit, feed_rows
from reviews.decisions import Actor, review_record
from tests.factories import local_model, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "name,audience\nWater bottle,hikers\nMug,office workers\n,nobody\n"


@pytest.fixture
def batch():
    workspace = make_workspace()
    return batch_submit(workspace=workspace, author=None, rows=feed_rows(text=FEED, kind="csv"),
                        source=BatchSource.APP, models=[local_model()], images_per_prompt=1)


@pytest.fixture
def reviewer(client, batch):
    user = make_member(workspace=batch.workspace, role=Role.REVIEWER)
    client.force_login(user)
    return user


def approve_one(reviewer, brief) -> Generation:
    generation = Generation.objects.filter(prompt__brief=brief, candidate=True).first()
    review_record(generation=generation, actor=Actor(user=reviewer), decision="approve")
    return generation


def test_approved_images_of_every_brief_in_one_zip(client, batch, reviewer):
    bottle, mug = (row.brief for row in batch.rows.filter(brief__isnull=False).order_by("line"))
    approved = approve_one(reviewer, bottle)

    page = client.post(reverse("creative:batch_export", args=[batch.id]),
                       {"channels": ["instagram"], "formats": ["jpeg"]}).content.decode()

    assert "1 brief exporting" in page
    assert "line 3 (Mug): Nothing to export: approve at least one image first." in page
    assert bottle.exports.get().status == ExportStatus.DONE and not mug.exports.exists()
    assert "Download the batch (1 brief, one zip)" in client.get(reverse("creative:batch", args=[batch.id])).content.decode()

    response = client.get(reverse("creative:batch_zip", args=[batch.id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="batch-{batch.id}.zip"')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    images = [n for n in names if n.endswith(".jpg")]
    assert images and all(n.startswith("0002-water-bottle/") for n in images)
    assert "0002-water-bottle/manifest.csv" in names  # the brief's own manifest, kept in its folder
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert {(r["batch_line"], r["product"], r["brief_id"], r["generation_id"]) for r in rows} == {
        ("2", "Water bottle", str(bottle.id), str(approved.id))}
    assert sorted(r["file"] for r in rows) == sorted(images)


def test_nothing_approved_anywhere_is_422_and_no_zip(client, batch, reviewer):
    response = client.post(reverse("creative:batch_export", args=[batch.id]), {"channels": ["instagram"],
                                                                               "formats": ["webp"]})
    assert response.status_code == 422
    assert client.get(reverse("creative:batch_zip", args=[batch.id])).status_code == 404


def test_a_designer_sees_the_batch_but_cannot_export_it(client, batch):
    client.force_login(make_member(workspace=batch.workspace, role=Role.DESIGNER))
    page = client.get(reverse("creative:batch", args=[batch.id])).content.decode()
    assert "Export approved images" not in page
    assert client.post(reverse("creative:batch_export", args=[batch.id]), {"channels": ["instagram"],
                                                                           "formats": ["webp"]}).status_code == 403


def test_bad_choices_are_422(client, batch, reviewer):
    response = client.post(reverse("creative:batch_export", args=[batch.id]), {"channels": ["myspace"],
                                                                               "formats": ["gif"]})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
