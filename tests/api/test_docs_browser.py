"""The API's docs page renders Swagger UI from our own static files: no CDN (there is no internet), no CSP refusal."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_the_docs_page_renders_the_schema_with_local_files_only(app, chromium):
    page = chromium.new_page()
    hosts, refusals = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("console", lambda message: refusals.append(message.text) if message.type == "error" else None)
    page.goto(f"{app.url}/api/v1/docs")
    page.wait_for_selector("text=Creative Pipeline API")
    page.wait_for_selector("[data-path=\"/api/v1/briefs\"]", state="attached")
    assert hosts == {urlsplit(app.url).netloc}
    assert refusals == []
    page.close()
