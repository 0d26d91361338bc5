"""In Chromium: the new-brief form's suggestions follow the workspace picked, one click ticks the suggested
models, and a chosen product photo with "skip them" drops a text-only model from the live estimate."""

import pytest

from tests.browser import RunningApp, login, screenshot, wait_until
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.browser

# The demo workspace's reviewer approved Imagen-labelled images far more often than the built-in renderer's;
# the designer also writes briefs in a second workspace with no decisions.
SEED = """
from django.contrib.auth import get_user_model
from creative.models import Brief, Generation, ImageModel, Membership, Prompt, Workspace
from reviews.models import Review
users = get_user_model().objects
demo = Workspace.objects.get(name="Demo workspace")
second = Workspace.objects.create(name="Second team")
Membership.objects.create(workspace=second, user=users.get(username="designer"), role="designer")
imagen = ImageModel.objects.create(name="suggested-local", provider="local", label="Imagen 4", price_cents=4)
brief = Brief.objects.create(workspace=demo, text="x", status="reviewing")
for model, style, approved, rejected in [(imagen, "lifestyle", 14, 6), (ImageModel.objects.get(name="local"), "3d_render", 3, 15)]:
    for index in range(approved + rejected):
        prompt = Prompt.objects.create(brief=brief, style=style, text="t")
        generation = Generation.objects.create(prompt=prompt, image_model=model, status="scored", score=50)
        Review.objects.create(generation=generation, reviewer=users.get(username="reviewer"),
                              decision="approve" if index < approved else "reject")
print(imagen.id, ImageModel.objects.get(name="flux-pro-1.1").id)
"""


@pytest.fixture
def app_with_flux(tmp_path):
    # A key makes FLUX1.1 [pro] (seeded, no image input) selectable; nothing is generated here.
    running = RunningApp(tmp_path, env={"BFL_API_KEY": "bfl-test-key"})
    yield running
    running.stop()


def test_suggestions_follow_the_workspace_and_the_estimate_skips_text_only_models(app_with_flux, chromium, tmp_path):
    app = app_with_flux
    imagen_id, flux_id = app.manage("shell", stdin=SEED).split()[-2:]
    photo = tmp_path / "bottle.jpg"
    photo.write_bytes(bottle_photo(size=(320, 400)))
    page = login(chromium, app, "designer", app.passwords["designer"])
    page.goto(f"{app.url}/briefs/new/")
    page.select_option("select[name=workspace]", label="Demo workspace")
    page.wait_for_selector("[data-testid=suggestions]:has-text('Imagen 4 (')")
    page.fill("textarea[name=text]", "An ad image for a water bottle, for hikers.")  # the estimate needs a brief
    page.fill("input[name=images_per_prompt]", "1")

    page.click("text=Use these models")
    ticked = page.eval_on_selector_all("input[name=models]:checked", "boxes => boxes.map(b => b.value)")
    assert ticked == [imagen_id] and page.url.endswith("/briefs/new/")  # in place, the brief kept
    page.wait_for_selector("#estimate:has-text('$0.20')")  # five images at 4 cents
    screenshot(page, "brief-form-suggestions")

    page.check(f"input[name=models][value='{flux_id}']")
    page.set_input_files("input[name=product_photos]", str(photo))
    page.check("input[name=models_without_photo][value=skip]")
    page.wait_for_selector("#estimate:has-text('Skipped for this brief')")
    assert "for 5 images" in page.inner_text("#estimate")
    page.check("input[name=models_without_photo][value=text_only]")
    page.wait_for_selector("#estimate:has-text('for 10 images')")

    page.select_option("select[name=workspace]", label="Second team")
    wait_until(page, "!document.querySelector('[data-testid=suggestions]')")
    assert page.locator("#estimate").count() == 1  # the partial replaced itself, never the estimate
