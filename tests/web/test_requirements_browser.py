"""Issue 15 in Chromium: a brief without a product asks for it; the designer names it, edits a colour, and the
prompts are written from the edited requirements."""

import re

import pytest

from tests.browser import login, screenshot

pytestmark = pytest.mark.browser

NO_PRODUCT = "Something fresh and playful for young families, in warm colours. Avoid clutter."


def test_a_missing_product_is_asked_for_and_the_edits_reach_the_prompts(app, chromium):
    designer = login(chromium, app, "designer", app.passwords["designer"])
    designer.click("text=New brief")
    assert designer.is_checked("input[name=review_requirements]")
    designer.fill("textarea[name=text]", NO_PRODUCT)
    designer.fill("input[name=images_per_prompt]", "1")
    designer.click("button:has-text('Generate')")

    designer.wait_for_url("**/requirements/")
    designer.wait_for_selector("#requirements-question", timeout=30_000)  # analysis done: the page asks
    assert designer.input_value("input[name=product]") == ""
    assert designer.input_value("input[name=audience]") == "young families"
    assert designer.locator("#source-audience").inner_text() == "(rules)"
    screenshot(designer, "requirements-missing-product")
    designer.fill("input[name=product]", "oat milk")
    designer.fill("textarea[name=colours]", "teal\ncream")
    designer.click("#requirements-confirm")

    designer.wait_for_url(re.compile(r".*/briefs/\d+/$"))
    brief_path = designer.url.removeprefix(app.url)
    designer.wait_for_selector("#brief-status:has-text('reviewing')", timeout=120_000)
    header = designer.locator("#requirements").inner_text()
    assert "oat milk" in header and "teal" in header and "(edited)" in header

    designer.goto(f"{app.url}{brief_path}prompts/")
    prompts = [designer.input_value(f"#{id_}") for id_ in designer.eval_on_selector_all(
        "#prompts-form textarea[name^=text-]", "nodes => nodes.map(n => n.id)")]
    assert prompts and all("oat milk" in text and "teal" in text for text in prompts)
    activity = designer.goto(f"{app.url}{brief_path}activity/")
    assert activity.status == 200
    assert "edited the requirements" in designer.content()
