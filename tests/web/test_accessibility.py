"""axe-core in Chromium on every page state of the review flow: no WCAG 2.1 A or AA violation anywhere."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import REPO, login, screenshot
from tests.factories import LAUNCH_BRIEF

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}

SETUP = """
from django.contrib.auth import get_user_model
from creative.models import Brief, Export, Generation
from creative.pipeline import share_link_create
from reviews.guests import invite_create
brief = Brief.objects.latest("id")
admin = get_user_model().objects.get(username="admin")
link = share_link_create(export=Export.objects.filter(status="done").latest("id"))
invite = invite_create(brief=brief, created_by=admin)
scored = list(Generation.objects.filter(prompt__brief=brief, status="scored").order_by("id").values_list("id", flat=True))
print(brief.id, brief.workspace_id, link.get_absolute_url(), invite.token, scored[0], scored[1])
"""


# axe leaves aria-describedby alone when it names no element at all; help texts must be rendered and linked.
DANGLING_REFERENCES = """() => Array.from(document.querySelectorAll("[aria-describedby], [aria-labelledby]")).flatMap(el =>
    (el.getAttribute("aria-describedby") || "").split(/\\s+/).concat((el.getAttribute("aria-labelledby") || "").split(/\\s+/))
      .filter(id => id && !document.getElementById(id)).map(id => (el.id || el.name || el.tagName) + " -> " + id))"""


def violations(page) -> list[dict]:
    results = Axe().run(page, options=WCAG)
    found = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5],
              "count": len(v["nodes"])} for v in results.response["violations"]]
    dangling = page.evaluate(DANGLING_REFERENCES)
    if dangling:
        found.append({"id": "dangling-idref", "impact": "serious", "nodes": dangling[:5], "count": len(dangling)})
    return found


def test_every_page_state_has_no_wcag_aa_violation(app, chromium):
    app.manage("creative", "run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(app.folder / "out"))
    brief_id, workspace_id, share_path, token, first, second = (
        app.manage("shell", "-c", SETUP).strip().splitlines()[-1].split())
    found: dict[str, list[dict]] = {}

    def scan(page, name: str):
        page.wait_for_load_state("networkidle")
        found[name] = violations(page)

    anonymous = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    anonymous.goto(f"{app.url}/login/")
    scan(anonymous, "login")
    anonymous.fill("input[name=username]", "nobody")
    anonymous.fill("input[name=password]", "wrong")
    anonymous.click("button[type=submit]")
    scan(anonymous, "login with error")
    anonymous.goto(app.url + share_path)
    scan(anonymous, "share page")

    guest = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    guest.goto(f"{app.url}/briefs/guest/{token}/")
    scan(guest, "guest name")
    guest.fill("input[name=name]", "Clara")
    guest.click("button[type=submit]")
    guest.wait_for_selector(".card")
    scan(guest, "gallery guest")

    designer = login(chromium, app, "designer", app.passwords["designer"])
    scan(designer, "brief list")
    designer.goto(f"{app.url}/briefs/new/")
    scan(designer, "brief form")
    designer.fill("input[name=images_per_prompt]", "0")
    designer.evaluate("document.getElementById('brief-form').noValidate = true")  # the server's errors, not the browser's
    designer.click("button:has-text('Generate')")
    designer.wait_for_selector(".error")
    scan(designer, "brief form with errors")
    designer.goto(f"{app.url}/briefs/{brief_id}/")
    scan(designer, "gallery designer")

    reviewer = login(chromium, app, "reviewer", app.passwords["reviewer"])
    reviewer.goto(f"{app.url}/briefs/{brief_id}/")
    reviewer.wait_for_selector(".card button.approve")
    rejected = reviewer.locator(".card[data-status=scored]").nth(2)
    rejected_id = rejected.get_attribute("id")
    rejected.locator("button.reject").click()
    reviewer.wait_for_selector(f"#{rejected_id}[data-approval=rejected]")
    # A comment with no words: the card shows its error next to the box.
    reviewer.locator(".card[data-status=scored]").nth(3).locator("button.comment").click()
    reviewer.wait_for_selector("[data-testid=review-error]")
    scan(reviewer, "gallery reviewer with export panel, a rejected card and an error")
    screenshot(reviewer, "accessibility-gallery-reviewer")
    reviewer.goto(f"{app.url}/briefs/{brief_id}/images/{first}/")
    scan(reviewer, "large view")
    reviewer.goto(f"{app.url}/briefs/{brief_id}/compare/?a={first}&b={second}")
    scan(reviewer, "compare")
    reviewer.goto(f"{app.url}/briefs/{brief_id}/activity/")
    scan(reviewer, "activity")
    reviewer.goto(f"{app.url}/briefs/{brief_id}/requirements/")
    scan(reviewer, "requirements")
    reviewer.goto(f"{app.url}/briefs/{brief_id}/prompts/")
    scan(reviewer, "prompts")

    admin = login(chromium, app, "admin", app.passwords["admin"])
    admin.goto(f"{app.url}/briefs/dashboard/")
    scan(admin, "dashboard")
    admin.goto(f"{app.url}/workspaces/{workspace_id}/brand/")
    scan(admin, "brand kit")
    admin.goto(f"{app.url}/admin/")
    scan(admin, "admin index")

    report = {name: sum(v["count"] for v in found_) for name, found_ in found.items()}
    (REPO / "tests" / "screenshots").mkdir(exist_ok=True)
    (REPO / "tests" / "screenshots" / "axe.json").write_text(json.dumps({"counts": report, "violations": found},
                                                                           indent=1))
    assert {name: v for name, v in found.items() if v} == {}, report
