"""Two reviewers on one gallery in Chromium: live decisions, a comment that survives, keyboard review, outsiders."""

import pytest

from tests.browser import login, screenshot
from tests.factories import LAUNCH_BRIEF

pytestmark = pytest.mark.browser

OUTSIDER = """
from django.contrib.auth import get_user_model
from creative.models import Membership, Workspace
user = get_user_model().objects.create_user("outsider", password="outsider-pw")
Membership.objects.create(workspace=Workspace.objects.create(name="Other agency"), user=user, role="admin")
"""


def test_two_reviewers_keyboard_review_and_an_outsider(app, chromium):
    out = app.manage("creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(app.folder / "out"))
    gallery_url = out.split("Review in the gallery: ")[1].split()[0]
    gallery_path = gallery_url[gallery_url.index("/briefs/"):]
    app.manage("shell", "-c", OUTSIDER)

    rita = login(chromium, app, "reviewer", app.passwords["reviewer"])
    sam = login(chromium, app, "admin", app.passwords["admin"])
    for page in (rita, sam):
        page.goto(app.url + gallery_path)
        page.evaluate("window.__sameDocument = true")
        page.wait_for_selector(".card.candidate button.approve")
    rita.wait_for_timeout(300)  # both websockets connected

    card = rita.locator(".card.candidate").first
    card_id = card.get_attribute("id")
    # Sam starts typing a comment on the same card before Rita acts.
    sam.fill(f"#{card_id} input[name=comment]", "Sam is still typing")
    card.locator("input[name=comment]").fill("Love the wrist shot")
    card.locator("button.approve").click()
    rita.wait_for_selector(f"#{card_id}[data-approval=approved]")

    # Sam's gallery shows Rita's decision and comment without a reload, and keeps Sam's unsent comment.
    sam.wait_for_selector(f"#{card_id}:has-text('Love the wrist shot')", timeout=5_000)
    assert sam.locator(f"#{card_id} [data-testid=decisions]").inner_text().startswith("reviewer approved")
    assert sam.input_value(f"#{card_id} input[name=comment]") == "Sam is still typing"
    assert sam.evaluate("window.__sameDocument") is True
    screenshot(sam, "gallery-two-reviewers")

    # Keyboard review in the large view: r rejects, the arrow moves on, a approves.
    second = sam.locator(".card[data-status=scored]").nth(1).get_attribute("id").removeprefix("gen-")
    sam.goto(f"{app.url}{gallery_path}images/{second}/")
    sam.keyboard.press("r")
    sam.wait_for_selector(f"#gen-{second}[data-approval=rejected]")
    screenshot(sam, "large-view")
    sam.keyboard.press("ArrowRight")
    sam.wait_for_url(lambda url: f"/images/{second}/" not in url)
    third = sam.url.split("/images/")[1].split("/")[0]
    assert third != second
    sam.keyboard.press("a")
    sam.wait_for_selector(f"#gen-{third}[data-approval=approved]")
    rita.wait_for_selector(f"#gen-{third}[data-approval=approved]", timeout=5_000)

    # Sam moves the focal point export crops keep: a click a quarter across and three quarters down.
    box = sam.locator(".focal-frame img").bounding_box()
    sam.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    sam.wait_for_selector(".focal-marker[data-x='0.250'][data-y='0.750']", timeout=5_000)
    stored = app.manage("shell", "-c", f"from creative.models import Generation; g = Generation.objects.get(id={third}); print(round(g.focal_x, 2), round(g.focal_y, 2))")
    assert stored.strip().splitlines()[-1].split() == ["0.25", "0.75"]
    screenshot(sam, "focal-point")

    # Someone from another workspace sees nothing: page, image and websocket.
    outsider = login(chromium, app, "outsider", "outsider-pw")
    assert outsider.goto(app.url + gallery_path).status == 404
    assert outsider.goto(f"{app.url}/images/{third}/thumb/").status == 404
    outsider.goto(app.url + "/")
    opened = outsider.evaluate("""path => new Promise(resolve => {
        const socket = new WebSocket("ws://" + location.host + path);
        socket.onopen = () => resolve("open");
        socket.onclose = () => resolve("closed");
        setTimeout(() => resolve("timeout"), 5000);
    })""", f"/ws{gallery_path}")
    assert opened == "closed"
