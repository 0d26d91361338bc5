"""Manifests carry what reviewers wrote about each image, in JSON and in CSV."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from creative.models import Export, Role
from reviews.decisions import Actor, review_record
from tests.factories import make_brief, make_member, make_scored_picture

pytestmark = pytest.mark.django_db(transaction=True)


def test_manifests_include_reviewer_comments(client, workspace):
    rita = make_member(workspace=workspace, role=Role.REVIEWER, username="rita")
    brief = make_brief(workspace=workspace, status="reviewing")
    generation = make_scored_picture(brief)
    review_record(generation=generation, actor=Actor(user=rita), decision="comment", comment="Warmer light, please")
    review_record(generation=generation, actor=Actor(user=rita), decision="approve", comment="Now it works")
    client.force_login(rita)

    assert client.post(reverse("reviews:export", args=[brief.id]), {"presets": "thumbnail"}).status_code == 200

    export = Export.objects.get()
    assert export.status == "done", export.error
    with export.zip.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [(c["author"], c["comment"]) for c in manifest[0]["comments"]] == [
        ("rita", "Warmer light, please"), ("rita", "Now it works")]
    assert rows[0]["comments"] == "rita: Warmer light, please\nrita: Now it works"
