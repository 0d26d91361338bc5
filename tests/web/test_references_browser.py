"""A designer uploads a product photo with the brief and sees it in the gallery, in every image."""

import pytest

from tests.browser import login, screenshot, wait_until
from tests.factories import LAUNCH_BRIEF
from tests.product_photos import bottle_photo, watch_photo

pytestmark = pytest.mark.browser

COFFEE_BRIEF = ("Launch ad for Aurora cold brew coffee in amber glass bottles, for busy professionals who want "
                "real coffee on the go. Warm, inviting tone. Show it on a cafe table or a kitchen counter. "
                "Colours: warm orange, cream.")


@pytest.mark.parametrize(("name", "text", "photo"), [("watch", LAUNCH_BRIEF, watch_photo),
                                                      ("bottle", COFFEE_BRIEF, bottle_photo)])
def test_uploaded_product_photo_is_in_the_gallery(app, chromium, tmp_path, name, text, photo):
    path = tmp_path / f"{name}.jpg"
    path.write_bytes(photo())
    designer = login(chromium, app, "designer", app.passwords["designer"])
    designer.click("text=New brief")
    designer.fill("textarea[name=text]", text)
    designer.fill("input[name=images_per_prompt]", "3")
    designer.uncheck("input[name=review_requirements]")
    designer.set_input_files("input[name=product_photos]", str(path))
    designer.click("button:has-text('Generate')")
    designer.wait_for_url("**/briefs/*/")
    reference = designer.locator("[data-testid=reference] img")
    reference.wait_for()
    assert designer.evaluate("(img) => img.complete && img.naturalWidth > 0", reference.element_handle())
    designer.wait_for_selector("#brief-status:has-text('reviewing')", timeout=120_000)
    wait_until(designer, "document.querySelectorAll('#gallery-grid img').length === 15", timeout=30_000)
    wait_until(designer, "document.querySelectorAll('[data-testid=product-fidelity]').length === 15")
    assert designer.locator("[data-testid=product-fidelity]:has-text('product kept')").count() == 15
    screenshot(designer, f"gallery-product-{name}")
