"""`creative batch FEED`: one brief per row, refused rows on standard error with their line, exit 2 for a feed
that cannot be read."""

import pytest
from django.core.management.base import CommandError

from creative.models import Brief
from tests.factories import local_model, run_command
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db


def test_a_csv_feed_starts_a_brief_per_good_row(tmp_path):
    local_model()
    feed = tmp_path / "products.csv"
    feed.write_text("name,audience\nSmartwatch,runners\n,nobody\nEarbuds,commuters\n")
    out, err = run_command("batch", str(feed), "--models", "local", "--images-per-prompt", "1")
    assert Brief.objects.count() == 2
    assert "line 3: the product name is empty" in err
    assert "2 brief(s) queued, 1 row(s) refused" in out


def test_an_unreadable_feed_exits_2(tmp_path):
    feed = tmp_path / "products.json"
    feed.write_text("{not json")
    with pytest.raises(CommandError) as raised:
        run_command("batch", str(feed), "--models", "local")
    assert raised.value.returncode == 2
    assert not Brief.objects.exists()


def test_product_photos_are_found_beside_the_feed(tmp_path):
    local_model()
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "bottle.jpg").write_bytes(bottle_photo(size=(240, 300)))
    feed = tmp_path / "products.csv"
    feed.write_text("name,product_image\nWater bottle,photos/bottle.jpg\nMug,photos/mug.png\n")
    _, err = run_command("batch", str(feed), "--models", "local", "--images-per-prompt", "1")
    brief = Brief.objects.get()
    assert [(r.width, r.height) for r in brief.references.all()] == [(240, 300)]
    assert f"line 3: no product photo at {tmp_path / 'photos' / 'mug.png'}" in err
