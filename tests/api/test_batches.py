"""Batches from a product feed: one brief per row, bad rows reported with their line, the rest go on."""

import json

import pytest

from creative.models import Batch, BatchSource, Brief
from creative.pipeline import batch_submit, feed_rows
from tests.factories import local_model, make_member, make_workspace

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
    batch = batch_submit(workspace=workspace, author=make_member(workspace=workspace), rows=rows,
                         source=BatchSource.CLI, models=[local_model()], images_per_prompt=1)
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
