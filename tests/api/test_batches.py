"""Batches from a product feed: one brief per row, bad rows reported with their line, the rest go on."""

import base64
import io
import json
import zipfile

import pytest

from creative.models import Batch, BatchSource, Brief
from creative.pipeline import batch_submit, feed_rows, images_uploaded
from tests.factories import local_model, make_member, make_workspace
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db


def _csv_feed(rows: int, bad_lines: set[int]) -> str:
    lines = ["name,description,audience,colours,channels,product_image"]
    for number in range(2, rows + 2):  # line 1 is the header
        if number in bad_lines:
            lines.append(f",a product without a name {number},,,,")
        else:
            lines.append(f"Trail shoe {number},Light and grippy,runners,orange;black,meta;tiktok,shoes/{number}.png")
    return "\n".join(lines) + "\n"


def test_a_fifty_row_feed_with_two_bad_rows_makes_forty_eight_briefs():
    workspace = make_workspace()
    rows = feed_rows(text=_csv_feed(50, bad_lines={7, 40}), kind="csv")
    photo = bottle_photo(size=(120, 150))
    photos = images_uploaded({f"{number}.png": photo for number in range(2, 52)})
    batch = batch_submit(workspace=workspace, author=make_member(workspace=workspace), rows=rows,
                         source=BatchSource.CLI, models=[local_model()], images_per_prompt=1, images=photos)
    assert Brief.objects.filter(workspace=workspace).count() == 48
    failed = list(batch.rows.exclude(error="").values_list("line", "error"))
    assert failed == [(7, "the product name is empty"), (40, "the product name is empty")]
    row = batch.rows.get(line=2)
    assert row.brief.requirements["product"] == "Trail shoe 2"
    assert row.brief.requirements["colours"] == ["orange", "black"]
    assert row.channels == ["meta", "tiktok"] and row.product_image == "shoes/2.png"


def test_a_json_feed_through_the_api(designer_api, workspace):
    feed = json.dumps([{"name": "Smartwatch", "audience": "commuters"}, "not a product",
                       {"name": "Earbuds", "colours": ["white"]}])
    response = designer_api.post("/api/v1/batches", {"feed": feed, "format": "json", "models": [local_model().name],
                                                     "images_per_prompt": 1})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["briefs"] == 2 and body["failed_rows"] == 1
    assert [(r["line"], r["error"]) for r in body["rows"] if r["error"]] == [(2, "not an object")]
    read = designer_api.get(f"/api/v1/batches/{body['id']}").json()
    assert [r["name"] for r in read["rows"]] == ["Smartwatch", "", "Earbuds"]
    assert Batch.objects.get().workspace == workspace


def test_an_unreadable_feed_is_422(designer_api):
    response = designer_api.post("/api/v1/batches", {"feed": "product\nwatch\n", "format": "csv",
                                                     "models": [local_model().name]})
    assert response.status_code == 422
    assert "name" in response.json()["detail"]


def test_product_photos_come_with_the_feed_as_base64(designer_api):
    feed = json.dumps([{"name": "Water bottle", "product_image": "bottle.jpg"},
                       {"name": "Mug", "product_image": "mug.png"}])
    photo = base64.b64encode(bottle_photo(size=(240, 300))).decode()
    response = designer_api.post("/api/v1/batches", {"feed": feed, "format": "json", "models": [local_model().name],
                                                     "images_per_prompt": 1, "product_images": {"bottle.jpg": photo}})
    assert response.status_code == 201, response.content
    rows = response.json()["rows"]
    assert [(r["product_image"], r["error"]) for r in rows] == [
        ("bottle.jpg", ""), ("mug.png", "no uploaded photo is named 'mug.png'")]
    brief = Brief.objects.get(id=rows[0]["brief_id"])
    assert [(r.width, r.height) for r in brief.references.all()] == [(240, 300)]


def test_a_photo_that_is_not_base64_is_422_and_starts_nothing(designer_api):
    feed = json.dumps([{"name": "Water bottle", "product_image": "bottle.jpg"}])
    response = designer_api.post("/api/v1/batches", {"feed": feed, "format": "json", "models": [local_model().name],
                                                     "product_images": {"bottle.jpg": "not base64!"}})
    assert response.status_code == 422
    assert "bottle.jpg" in response.json()["detail"]
    assert not Brief.objects.exists()


def test_a_body_over_the_limit_is_a_json_400(designer_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    feed = json.dumps([{"name": "Water bottle", "product_image": "bottle.jpg"}])
    response = designer_api.post("/api/v1/batches", {"feed": feed, "format": "json", "models": [local_model().name],
                                                     "product_images": {"bottle.jpg": "A" * 200_000}})
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is too large."}


@pytest.mark.django_db(transaction=True)  # the briefs' generations are queued on commit
def test_a_batch_exported_through_the_api_is_one_zip(designer_api, reviewer_api, workspace):
    from creative.models import Generation
    from reviews.decisions import Actor, review_record
    from tests.factories import make_member

    feed = json.dumps([{"name": "Water bottle"}, {"name": "Mug"}])
    batch = designer_api.post("/api/v1/batches", {"feed": feed, "format": "json", "models": [local_model().name],
                                                  "images_per_prompt": 1}).json()
    bottle = batch["rows"][0]["brief_id"]
    candidate = Generation.objects.filter(prompt__brief_id=bottle, candidate=True).first()
    review_record(generation=candidate, actor=Actor(user=make_member(workspace=workspace)), decision="approve")
    assert designer_api.get(f"/api/v1/batches/{batch['id']}/zip").status_code == 409  # nothing exported yet

    response = reviewer_api.post(f"/api/v1/batches/{batch['id']}/exports", {"channels": ["instagram"],
                                                                            "formats": ["jpeg"]})

    assert response.status_code == 201, response.content
    body = response.json()
    assert [(r["line"], r["brief_id"]) for r in body["exported"]] == [(1, bottle)]
    assert [r["line"] for r in body["skipped"]] == [2]
    read = designer_api.get(f"/api/v1/batches/{batch['id']}").json()
    assert read["zip_url"] == f"/api/v1/batches/{batch['id']}/zip"
    download = designer_api.get(read["zip_url"])
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "manifest.csv" in names and any(n.startswith("0001-water-bottle/") and n.endswith(".jpg") for n in names)
