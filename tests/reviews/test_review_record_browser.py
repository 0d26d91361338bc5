"""The review record in Chromium: Enter comments, an empty comment keeps its card, the box empties after posting,
a guest sees the client's view and loses it the moment the link is revoked; phones get a top bar that fits."""

import pytest
from playwright.sync_api import expect

from tests.browser import login, screenshot, wait_until
from tests.factories import LAUNCH_BRIEF

pytestmark = pytest.mark.browser


def test_review_record_guests_and_revocation(app, chromium):
    out = app.manage("creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "2", "--output", str(app.folder / "out"))
    gallery_url = out.split("Review in the gallery: ")[1].split()[0]
    gallery_path = gallery_url[gallery_url.index("/briefs/"):]
    brief_id = gallery_path.split("/")[2]

    rita = login(chromium, app, "reviewer", app.passwords["reviewer"])
    missing = []
    rita.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    rita.goto(app.url + gallery_path)
    card_id = rita.locator(".card.candidate").first.get_attribute("id")
    card = rita.locator(f"#{card_id}")
    box = card.locator("input[name=comment]")

    # 1. Enter in the comment box comments; it never approves.
    box.fill("Crop closer to the wrist")
    box.press("Enter")
    rita.wait_for_selector(f"#{card_id} .comments:has-text('said: Crop closer to the wrist')")
    assert card.get_attribute("data-approval") == ""
    # 3. The box is empty again once the answer arrives (a live push may come first), so Approve does not repeat it.
    expect(box).to_have_value("", timeout=5_000)
    card.locator("button.approve").click()
    rita.wait_for_selector(f"#{card_id}[data-approval=approved]")
    assert card.locator(".comments li").count() == 2
    assert "approved: Crop closer" not in card.locator(".comments").inner_text()

    # 2. An empty comment keeps the card and its picture, with the reason inside it.
    card.locator("button.comment").click()
    rita.wait_for_selector(f"#{card_id} [role=alert]:has-text('a comment needs text')")
    assert card.locator(".thumb img").count() == 1

    # A comment shared with the client.
    box.fill("The client will like the light")
    card.locator("input[name=shared]").check()
    card.locator("button.comment").click()
    rita.wait_for_selector(f"#{card_id} .comments:has-text('The client will like the light')")
    expect(card.locator("input[name=shared]")).not_to_be_checked(timeout=5_000)

    # 1, large view: c focuses the box, Enter comments.
    second = rita.locator(".card[data-status=scored]").nth(1).get_attribute("id").removeprefix("gen-")
    rita.goto(f"{app.url}{gallery_path}images/{second}/")
    rita.keyboard.press("c")
    rita.keyboard.type("Too dark")
    rita.keyboard.press("Enter")
    rita.wait_for_selector(f"#gen-{second} .comments:has-text('said: Too dark')")
    assert rita.get_attribute(f"#gen-{second}", "data-approval") == ""

    activity = rita.goto(f"{app.url}/briefs/{brief_id}/activity/")
    log = rita.locator("main").inner_text()
    assert activity.status == 200 and "commented" in log and "approved: Too dark" not in log

    # 6. A guest sees the client's view: the shortlist and what was approved, no scores, costs or team notes.
    rita.goto(app.url + gallery_path)
    screenshot(rita, "gallery-reviewer")
    rita.click("#invite-button")
    link = rita.locator(".share-url").first.input_value()
    guest = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    guest.goto(link)
    guest.fill("input[name=name]", "Clara")
    guest.click("button[type=submit]")
    guest.wait_for_selector(f"#{card_id}")
    guest.evaluate("""document.addEventListener("htmx:wsClose", e => { window.__wsClosed = e.detail.event.code; });
                      document.addEventListener("htmx:wsOpen", () => { window.__wsOpen = true; });""")
    guest.wait_for_timeout(500)
    text = guest.locator("main").inner_text()
    assert "The client will like the light" in text and "Crop closer to the wrist" not in text
    assert guest.locator(".score, .cost, .breakdown, [data-testid=progress-count], #invites, #exports").count() == 0
    screenshot(guest, "gallery-guest")

    # 5. Revoking the link closes the guest's open gallery at once.
    rita.click("#invites button:has-text('Revoke')")
    wait_until(guest, "() => window.__wsClosed === 4403", timeout=5_000)
    assert guest.reload().status == 404

    # 23. The designer's gallery, and the top bar on a 390 px phone; no page asks for a missing favicon.
    designer = login(chromium, app, "designer", app.passwords["designer"])
    designer.goto(app.url + gallery_path)
    screenshot(designer, "gallery-designer")
    phone = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{app.url}/login/")
    phone.fill("input[name=username]", "designer")
    phone.fill("input[name=password]", app.passwords["designer"])
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{app.url}/")
    phone.goto(app.url + gallery_path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    nav = phone.locator(".topbar nav").bounding_box()
    assert nav["x"] + nav["width"] <= 390
    screenshot(phone, "gallery-phone-390")
    assert not [url for url in missing if "favicon" in url], missing
    assert phone.evaluate("fetch(document.querySelector('link[rel=icon]').href).then(r => r.status)") == 200
