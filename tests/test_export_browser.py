"""A client opens a share link in Chromium, sees the files and downloads the zip; dead links say so."""

import io
import os
import subprocess
import sys
import zipfile

import pytest

from tests.browser import REPO, screenshot
from tests.factories import LAUNCH_BRIEF

# `app` and `chromium` are the shared fixtures tests/conftest.py takes from tests/browser.py.
pytestmark = pytest.mark.browser

MAKE_LINK = """
from creative.models import Export
from creative.pipeline.delivery import share_link_create
print(share_link_create(export=Export.objects.filter(status="done").latest("id")).get_absolute_url())
"""
REVOKE_LINKS = """
from creative.models import ShareLink
from creative.pipeline.delivery import share_link_revoke
for link in ShareLink.objects.all():
    share_link_revoke(share_link_id=link.id)
"""


def manage(app, *args: str) -> str:
    """A management command against the running app's database, as an operator would run it."""
    folder = app.log.name.rsplit("/", 1)[0]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "HUEY_SQLITE_PATH": f"{folder}/huey.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "DEBUG": "true",
            "SITE_URL": app.url,
            "HUEY_WORKERS": "2",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_client_opens_a_share_link_and_downloads_the_zip(app, chromium):
    manage(app, "creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "1")
    path = manage(app, "shell", "-c", MAKE_LINK).strip().splitlines()[-1]
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
    page = context.new_page()

    response = page.goto(f"{app.url}{path}")

    assert response.status == 200
    page.wait_for_function(
        "[...document.querySelectorAll('.share-image img')].every(i => i.naturalWidth > 0)"
    )
    assert page.locator(".share-image").count() == 1  # one candidate from five prompts x one image
    assert page.locator("a.file-download").count() == 8
    screenshot(page, "share-page")
    with page.expect_download() as download_info:
        page.click("#share-zip")
    with zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read())) as archive:
        names = archive.namelist()
    assert len([n for n in names if n.endswith(".webp")]) == 8
    assert {"manifest.json", "manifest.csv"} <= set(names)

    value, signature = path.rstrip("/").rsplit("/", 1)[-1].split(":")
    tampered = path.replace(signature, signature[::-1])
    assert page.goto(f"{app.url}{tampered}").status == 404

    manage(app, "shell", "-c", REVOKE_LINKS)
    gone = page.goto(f"{app.url}{path}")
    assert gone.status == 410
    assert "no longer available" in page.inner_text("#share-gone")
    context.close()
