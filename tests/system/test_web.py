"""Several web servers behind one channel layer: daphne processes on channels_redis, workers elsewhere."""

import httpx
import pytest

from tests.browser import wait_until
from tests.factories import LAUNCH_BRIEF

pytestmark = [pytest.mark.system, pytest.mark.browser]

# Counts live-update frames per page, and notes when the htmx websocket extension has connected.
WATCH_SOCKETS = """
window.__frames = 0;
document.addEventListener("htmx:wsOpen", () => { window.__wsOpen = true; });
document.addEventListener("htmx:wsAfterMessage", () => { window.__frames += 1; });
"""


def log_in(context, base_url: str, username: str, password: str):
    page = context.new_page()
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def test_an_event_from_a_worker_reaches_browsers_on_either_of_two_daphne_processes(cluster, chromium):
    cluster.env["CREATIVE_IMAGE_SIZE"] = "512"  # the built-in renderer, kept small
    passwords = cluster.python("from creative.management.commands.up import demo_workspace_ensure\n"
                               "print(json.dumps(demo_workspace_ensure(reset=True)))")
    web_a, web_b = cluster.start_web("web-a"), cluster.start_web("web-b")
    for url in (web_a, web_b):
        ready = httpx.get(f"{url}/readyz", timeout=10).json()
        assert ready["checks"]["channel_layer"] == {"ok": True, "backend": "RedisChannelLayer",
                                                   "ms": ready["checks"]["channel_layer"]["ms"]}
        assert ready["status"] == "ok", ready

    # No worker runs yet: the brief waits in the queue while both galleries open and connect.
    context = chromium.new_context()
    context.add_init_script(WATCH_SOCKETS)
    designer = log_in(context, web_a, "designer", passwords["designer"])
    designer.goto(f"{web_a}/briefs/new/")
    designer.fill("textarea[name=text]", LAUNCH_BRIEF)
    designer.fill("input[name=images_per_prompt]", "1")
    designer.uncheck("input[name=review_requirements]")
    designer.click("button:has-text('Generate')")
    designer.wait_for_url("**/briefs/*/")
    gallery_path = designer.url.removeprefix(web_a)
    on_b = context.new_page()  # the session cookie is per host, so this browser is logged in on B too
    on_b.goto(f"{web_b}{gallery_path}")
    pages = {"web-a": designer, "web-b": on_b}
    for page in pages.values():
        wait_until(page, "window.__wsOpen === true", timeout=15_000)
        page.evaluate("window.__sameDocument = true")  # survives only if the page never reloads
        assert page.locator("#brief-status").inner_text() == "analysing"

    cluster.start_worker("worker", threads=2)  # a third process: its events cross Redis to both web servers

    for name, page in pages.items():
        page.wait_for_selector("#brief-status:has-text('reviewing')", timeout=120_000)
        assert page.evaluate("window.__sameDocument") is True, f"{name} reloaded instead of updating live"
        assert page.evaluate("window.__frames") >= 5, f"{name} received too few live updates"
        assert page.locator("#gallery-grid img").count() == 5
