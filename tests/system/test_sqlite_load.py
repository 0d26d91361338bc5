"""The embedded default under load: 20 briefs posted at once through the web form, on SQLite in WAL mode."""

import re
import sqlite3
import threading

import httpx
import pytest

from tests.browser import RunningApp
from tests.factories import LAUNCH_BRIEF
from tests.system.cluster import wait_until

pytestmark = pytest.mark.system

BRIEFS = 20


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def designer_ready_to_post(url: str, password: str) -> tuple[httpx.Client, dict]:
    """A logged-in designer's own session, holding the filled-in form (the default model is preselected)."""
    client = httpx.Client(base_url=url, timeout=60)
    login = client.get("/login/")
    client.post("/login/", data={"username": "designer", "password": password,
                                 "csrfmiddlewaretoken": _csrf(login.text)})
    form = client.get("/briefs/new/").text
    data = {
        "csrfmiddlewaretoken": _csrf(form), "text": LAUNCH_BRIEF, "images_per_prompt": "1",
        "workspace": re.search(r'name="workspace" value="(\d+)"', form)[1],
        "models": re.findall(r'<input type="checkbox" name="models" value="(\d+)"[^>]*checked', form),
    }
    assert data["models"], "no model is preselected in the form"
    return client, data


def test_twenty_briefs_posted_at_once_all_finish_without_database_is_locked(tmp_path):
    # HUEY_WORKERS worker threads write to the same SQLite file as the 20 requests, all in one process.
    app = RunningApp(tmp_path, env={"CREATIVE_IMAGE_SIZE": "512", "HUEY_WORKERS": "8"})
    try:
        sessions = [designer_ready_to_post(app.url, app.passwords["designer"]) for _ in range(BRIEFS)]
        start = threading.Barrier(BRIEFS)
        responses = [None] * BRIEFS

        def post(index: int) -> None:
            client, data = sessions[index]
            start.wait()
            responses[index] = client.post("/briefs/new/", data=data)

        threads = [threading.Thread(target=post, args=(i,)) for i in range(BRIEFS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        refused = [r.text[:300] for r in responses if r.status_code != 302]
        assert [r.status_code for r in responses] == [302] * BRIEFS, refused
        assert len({r.headers["location"] for r in responses}) == BRIEFS

        database = tmp_path / "db.sqlite3"

        def statuses() -> dict[str, int]:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
                return dict(connection.execute("SELECT status, count(*) FROM creative_brief GROUP BY status"))

        wait_until(lambda: statuses() == {"reviewing": BRIEFS}, timeout=300, pause=1,
                   what="every brief to reach review", details=lambda: f"{statuses()}\n{app_log(tmp_path)}")
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
            rows = connection.execute("SELECT status, count(*) FROM creative_generation GROUP BY status")
            generations = dict(rows)
        assert generations == {"scored": BRIEFS * 5}
    finally:
        app.stop()
    log = app_log(tmp_path)
    assert "database is locked" not in log
    assert "Traceback" not in log, log[-3000:]


def app_log(folder) -> str:
    return (folder / "server.log").read_text(errors="replace")
