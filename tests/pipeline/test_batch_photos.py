"""A product feed's rows name their product photos: each row's brief is made with its own product, and a
photo that is missing, a URL or unreadable refuses that row only, with its line."""

import io

import pytest
from PIL import Image

from creative.models import BatchSource, Brief, ReferenceKind
from creative.pipeline import batch_submit, feed_rows, images_in_folder, images_uploaded
from tests.factories import local_model, make_workspace
from tests.product_photos import bottle_photo, watch_photo

pytestmark = pytest.mark.django_db

FEED = """name,product_image
Water bottle,bottle.jpg
Smartwatch,photos/watch.jpg
Earbuds,
Mug,mug.png
Lamp,https://cdn.example.com/lamp.png
Chair,chair.png
"""


def submit(images):
    return batch_submit(workspace=make_workspace(), author=None, rows=feed_rows(text=FEED, kind="csv"),
                        source=BatchSource.APP, models=[local_model()], images_per_prompt=1, images=images)


def product_sizes(brief: Brief) -> list[tuple[int, int]]:
    return [(r.width, r.height) for r in brief.references.filter(kind=ReferenceKind.PRODUCT)]


def test_each_row_gets_its_own_photo_and_bad_photos_refuse_only_their_row():
    photos = {"bottle.jpg": bottle_photo(size=(240, 300)), "watch.jpg": watch_photo(size=(270, 270)),
              "chair.png": b"not an image at all"}
    batch = submit(images_uploaded(photos))

    rows = {row.line: row for row in batch.rows.select_related("brief")}
    assert product_sizes(rows[2].brief) == [(240, 300)]
    assert product_sizes(rows[3].brief) == [(270, 270)]  # a path in the feed: its file name is the upload's
    assert rows[4].brief is not None and product_sizes(rows[4].brief) == []  # no photo named: text only
    assert rows[5].brief is None and rows[5].error == "no uploaded photo is named 'mug.png'"
    assert rows[6].brief is None and "URL" in rows[6].error
    assert rows[7].brief is None and rows[7].error.startswith("product_image chair.png:")
    assert Brief.objects.count() == 3  # a refused row leaves no brief behind


def test_photos_beside_the_feed_file(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "bottle.jpg").write_bytes(bottle_photo(size=(240, 300)))
    (tmp_path / "photos" / "watch.jpg").write_bytes(watch_photo(size=(270, 270)))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buffer, "PNG")
    (tmp_path / "chair.png").write_bytes(buffer.getvalue())

    batch = submit(images_in_folder(tmp_path))

    rows = {row.line: row for row in batch.rows.select_related("brief")}
    assert product_sizes(rows[2].brief) == [(240, 300)]
    assert product_sizes(rows[3].brief) == [(270, 270)]
    assert rows[5].error == f"no product photo at {tmp_path / 'mug.png'}"
