"""A person's whole path in Chromium: write a brief, watch it fill in live, approve, export, download."""

import io
import zipfile

import pytest

from tests.browser import login, screenshot, wait_until
from tests.factories import LAUNCH_BRIEF

pytestmark = pytest.mark.browser


def test_brief_to_downloaded_zip_with_live_gallery(app, chromium):
    designer = login(chromium, app, "designer", app.passwords["designer"])
    designer.click("text=New brief")
    designer.fill("textarea[name=text]", LAUNCH_BRIEF)
    designer.fill("input[name=images_per_prompt]", "3")
    designer.uncheck("input[name=review_requirements]")  # straight through: tests/web/test_requirements_browser.py
    designer.click("button:has-text('Generate')")
    designer.wait_for_url("**/briefs/*/")
    gallery_url = designer.url
    designer.evaluate("window.__sameDocument = true")  # survives only if the page never reloads

    reviewer = login(chromium, app, "reviewer", app.passwords["reviewer"])
    reviewer.goto(gallery_url)
    reviewer.evaluate("window.__sameDocument = true")

    # Cards arrive over the websocket: the status reaches review and every thumbnail is there, no reload.
    designer.wait_for_selector("#brief-status:has-text('reviewing')", timeout=120_000)
    wait_until(designer, "document.querySelectorAll('#gallery-grid img').length === 15", timeout=30_000)
    # Every card carries the brief's status, so "reviewing" can show a moment before the last cards get
    # their ribbons: the shortlist is the three candidates once the pushes have arrived.
    wait_until(designer, "document.querySelectorAll('.card.candidate').length >= 3")
    assert designer.locator(".card.candidate").count() == 3
    assert designer.evaluate("window.__sameDocument") is True
    assert designer.locator("button.approve").count() == 0  # designers do not review
    screenshot(designer, "gallery-designer")

    reviewer.wait_for_selector("#brief-status:has-text('reviewing')", timeout=30_000)
    first = reviewer.locator(".card.candidate").first
    card_id = first.get_attribute("id")
    first.locator("input[name=comment]").fill("Great wrist shot")
    first.locator("button.approve").click()
    reviewer.wait_for_selector(f"#{card_id} [data-testid=verdict]:has-text('approved')")

    # The designer's open gallery shows the reviewer's decision without a reload.
    designer.wait_for_selector(f"#{card_id}:has-text('Great wrist shot')", timeout=10_000)
    assert designer.evaluate("window.__sameDocument") is True

    reviewer.click("#export-button")
    reviewer.wait_for_selector("a.download", timeout=60_000)
    screenshot(reviewer, "gallery-reviewer-exported")
    # A locator, not the element found above: a live update may render the export list again meanwhile.
    with reviewer.expect_download() as download_info:
        reviewer.locator("a.download").first.click()
    data = download_info.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    images = [n for n in names if n.endswith(".webp")]
    assert len(images) == 8
    assert {"manifest.json", "manifest.csv"} <= set(names)
    assert reviewer.evaluate("window.__sameDocument") is True
