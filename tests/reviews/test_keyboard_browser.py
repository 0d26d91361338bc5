"""A reviewer works the gallery by keyboard alone: decisions, comments, the large view and the focal point.

Focus never falls to <body> after an action, another reviewer's decision does not move it, and the live
region says what happened each time.
"""

import pytest

from tests.browser import login, screenshot, wait_until
from tests.factories import LAUNCH_BRIEF

pytestmark = pytest.mark.browser

ACTIVE = """() => {
    const el = document.activeElement;
    return {tag: el ? el.tagName : null, id: el ? el.id : null, label: el ? el.getAttribute("aria-label") : null,
            card: el && el.closest(".card") ? el.closest(".card").id : null};
}"""


def announced(page, text: str):
    try:
        wait_until(page, "text => document.getElementById('announcer').textContent.includes(text)", text)
    except AssertionError:
        said = page.evaluate("document.getElementById('announcer').textContent")
        raise AssertionError(f"the live region says {said!r}, not {text!r}") from None


def tab_to(page, predicate: str, limit: int = 400):
    """Press Tab until the focused element matches a CSS selector (the keyboard's only way to get anywhere)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", predicate):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def focus(page) -> dict:
    return page.evaluate(ACTIVE)


def test_reviewer_works_by_keyboard_and_others_do_not_move_the_focus(app, chromium):
    out = app.manage("creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(app.folder / "out"))
    gallery_url = out.split("Review in the gallery: ")[1].split()[0]
    gallery_path = gallery_url[gallery_url.index("/briefs/"):]

    rita = login(chromium, app, "reviewer", app.passwords["reviewer"])
    sam = login(chromium, app, "admin", app.passwords["admin"])
    for page in (rita, sam):
        page.goto(app.url + gallery_path)
        page.wait_for_selector(".card button.approve")
    rita.wait_for_timeout(300)  # both websockets connected
    cards = rita.locator(".card[data-status=scored]")
    first, second, third = (cards.nth(i).get_attribute("id") for i in range(3))
    number = {card: card.removeprefix("gen-") for card in (first, second, third)}

    # The skip link comes first and lands on the images.
    rita.keyboard.press("Tab")
    assert rita.evaluate("document.activeElement.textContent") == "Skip to the images"
    rita.keyboard.press("Enter")
    assert focus(rita)["id"] == "gallery-grid"

    # Approve the first card: focus stays on its Approve button, the region says who did what to which image.
    tab_to(rita, f"#{first} button.approve")
    rita.keyboard.press("Enter")
    rita.wait_for_selector(f"#{first}[data-approval=approved]")
    announced(rita, f"You approved Image {number[first]}")
    assert focus(rita) == {"tag": "BUTTON", "id": "", "label": f"Approve image {number[first]}", "card": first}

    # Reject the second.
    tab_to(rita, f"#{second} button.reject")
    rita.keyboard.press("Enter")
    rita.wait_for_selector(f"#{second}[data-approval=rejected]")
    announced(rita, f"You rejected Image {number[second]}")
    assert focus(rita)["label"] == f"Reject image {number[second]}"

    # Comment on the third: type, Enter (Comment is the form's default button).
    tab_to(rita, f"#{third} input[name=comment]")
    rita.keyboard.type("Warmer light please")
    rita.keyboard.press("Enter")
    rita.wait_for_selector(f"#{third}:has-text('Warmer light please')")
    announced(rita, f"You commented on Image {number[third]}")
    assert focus(rita)["card"] == third and focus(rita)["tag"] != "BODY"

    # Sam rejects a fourth card while Rita's focus is on the third: Rita hears it, her focus stays put.
    before = focus(rita)
    fourth = cards.nth(3).get_attribute("id")
    sam.locator(f"#{fourth} button.reject").click()
    rita.wait_for_selector(f"#{fourth}[data-approval=rejected]", timeout=10_000)
    announced(rita, f"admin rejected Image {fourth.removeprefix('gen-')}")
    assert focus(rita) == before
    # And a push to the very card Rita is on does not drop her focus either.
    sam.locator(f"#{third} button.approve").click()
    announced(rita, f"admin approved Image {number[third]}")
    assert focus(rita) == before

    # An empty comment: the error is next to the box and focus goes to the box.
    tab_to(rita, f"#{second} button.comment")
    rita.keyboard.press("Enter")
    rita.wait_for_selector(f"#{second} [data-testid=review-error]")
    # Focus moves once the swap has settled (htmx's settle delay), a moment after the error is in the page.
    wait_until(rita, f"document.activeElement.id === 'comment-{number[second]}'", timeout=3_000)
    assert rita.get_attribute(f"#comment-{number[second]}", "aria-invalid") == "true"
    screenshot(rita, "keyboard-gallery")

    # Open the large view from the third card's image link; the legend is in the page and read out.
    rita.focus(f"#{third} a.open")  # the Tab path to it is proven above; here we only need to be on it
    rita.keyboard.press("Enter")
    rita.wait_for_url(f"**/images/{number[third]}/**")
    announced(rita, "These are the keys of this page")
    assert rita.locator("h1").count() == 1

    # The focal point: Tab to it, move it with the arrows, hear the new coordinates, and it is saved.
    tab_to(rita, ".focal-point[role=slider]")
    x, y = (float(rita.get_attribute(".focal-marker", f"data-{axis}")) for axis in "xy")
    x, y = round(min(1, x + 0.05), 3), round(min(1, y + 0.05 + 0.2), 3)  # one step across, one down, a big one down
    rita.keyboard.press("ArrowRight")
    rita.keyboard.press("ArrowDown")
    rita.keyboard.press("Shift+ArrowDown")
    announced(rita, f"Focal point set at {round(x * 100)}% across, {round(y * 100)}% down")
    assert focus(rita)["id"] == f"focal-{number[third]}"
    rita.wait_for_selector(f".focal-marker[data-x='{x:.3f}'][data-y='{y:.3f}']")
    stored = app.manage("shell", "-c", f"from creative.models import Generation; g = Generation.objects.get(id={number[third]}); print(round(g.focal_x, 3), round(g.focal_y, 3))")
    assert [float(v) for v in stored.strip().splitlines()[-1].split()] == [x, y]
    screenshot(rita, "keyboard-focal-point")

    # "r" in the large view: focus lands on the Reject button it pressed, not on <body>.
    rita.evaluate("document.activeElement.blur()")
    rita.keyboard.press("r")  # Sam approved this one: the card now shows both decisions
    announced(rita, f"You rejected Image {number[third]}")
    assert focus(rita)["label"] == f"Reject image {number[third]}"

    # Esc goes back to the gallery, onto the card that was open.
    rita.evaluate("document.activeElement.blur()")
    rita.keyboard.press("Escape")
    rita.wait_for_url(f"**{gallery_path}**#gen-{number[third]}")
    wait_until(rita, f"document.activeElement.closest && document.activeElement.closest('#{third}') !== null")
    assert focus(rita)["card"] == third
