"""The CLI's gallery link points at the running app: SITE_URL when set, else the address `up` serves on."""

import pytest

from creative.site_address import site_address_record
from tests.factories import LAUNCH_BRIEF, local_model, run_command

pytestmark = pytest.mark.django_db(transaction=True)


def gallery_link(tmp_path) -> str:
    local_model()
    out, _ = run_command("run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(tmp_path / "out"))
    return out.split("Review in the gallery: ")[1].split()[0]


def test_the_link_uses_the_port_up_serves_on(settings, tmp_path):
    settings.KEY_DIR, settings.SITE_URL = tmp_path, "http://127.0.0.1:8000"
    site_address_record(host="0.0.0.0", port=8123)
    assert gallery_link(tmp_path).startswith("http://127.0.0.1:8123/briefs/")


def test_site_url_wins_when_set(settings, tmp_path):
    settings.KEY_DIR, settings.SITE_URL = tmp_path, "https://ads.example.com/"
    site_address_record(host="127.0.0.1", port=8123)
    assert gallery_link(tmp_path).startswith("https://ads.example.com/briefs/")


def test_without_either_the_default_address(settings, tmp_path):
    settings.KEY_DIR, settings.SITE_URL = tmp_path, "http://127.0.0.1:8000"
    assert gallery_link(tmp_path).startswith("http://127.0.0.1:8000/briefs/")
