"""A client opens a share link in Chromium, sees the files and downloads the zip; dead links say so."""

import io
import zipfile

import pytest

from tests.browser import screenshot, wait_until
from tests.factories import LAUNCH_BRIEF

# `app` and `chromium` are the shared fixtures tests/conftest.py takes from tests/browser.py.
pytestmark = pytest.mark.browser

MAKE_LINK = """
from creative.models import Export
from creative.pipeline import share_link_create
print(share_link_create(export=Export.objects.filter(status="done").latest("id")).get_absolute_url())
"""
REVOKE_LINKS = """
from creative.models import ShareLink
from creative.pipeline import share_link_revoke
for link in ShareLink.objects.all():
    share_link_revoke(share_link_id=link.id)
"""


def test_client_opens_a_share_link_and_downloads_the_zip(app, chromium):
    app.manage("creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "1")
    path = app.manage("shell", "-c", MAKE_LINK).strip().splitlines()[-1]
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
    page = context.new_page()

    response = page.goto(f"{app.url}{path}")

    assert response.status == 200
    wait_until(page, "[...document.querySelectorAll('.share-image img')].every(i => i.naturalWidth > 0)")
    assert page.locator(".share-image").count() == 1  # one candidate from five prompts x one image
    assert page.locator("a.file-download").count() == 8
    screenshot(page, "share-page")
    with page.expect_download() as download_info:
        page.click("#share-zip")
    with zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read())) as archive:
        names = archive.namelist()
    assert len([n for n in names if n.endswith(".webp")]) == 8
    assert {"manifest.json", "manifest.csv"} <= set(names)

    _value, signature = path.rstrip("/").rsplit("/", 1)[-1].split(":")
    tampered = path.replace(signature, signature[::-1])
    assert page.goto(f"{app.url}{tampered}").status == 404

    app.manage("shell", "-c", REVOKE_LINKS)
    gone = page.goto(f"{app.url}{path}")
    assert gone.status == 410
    assert "no longer available" in page.inner_text("#share-gone")
    context.close()
