"""Shared by the browser tests: the real app started by `manage.py up`, and Debian's Chromium."""

import atexit
import functools
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.services import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_environment(folder: Path) -> dict[str, str]:
    """This process's environment for an embedded-default app whose files all live in `folder`: SQLite,
    Huey on SQLite and local media, on the app's own settings (pytest-django exports tests.settings)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return environment | {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"), "DJANGO_SETTINGS_MODULE": "config.settings",
    }


@functools.cache
def migrated_database() -> Path:
    """A freshly migrated SQLite database, made once per test process: each app starts on a copy of it,
    since migrating from nothing is most of the time an app takes to start. `up` still migrates (nothing
    to do) and creates the demo logins, which are not in the copy."""
    folder = Path(tempfile.mkdtemp(prefix="creative-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=REPO,
                   env=embedded_environment(folder), check=True, capture_output=True, timeout=300)
    # One file to copy: the write-ahead log folded into the database.
    with sqlite3.connect(folder / "db.sqlite3") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "db.sqlite3"


class RunningApp:
    def __init__(self, folder: Path, env: dict | None = None):
        self.folder = folder
        shutil.copyfile(migrated_database(), folder / "db.sqlite3")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (folder / "server.log").open("w")
        environment = embedded_environment(folder) | {
            "DEBUG": "true", "SITE_URL": self.url, "HUEY_WORKERS": "4", **(env or {})}
        self.env = environment
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "up", "--port", str(self.port)], cwd=REPO, env=environment,
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        self._wait_ready(folder)
        # The demo logins' random passwords, as `up` prints them on a fresh database.
        self.passwords = dict(re.findall(r"^ +\w+ +(\w+) / (\S+)$", (folder / "server.log").read_text(), re.M))

    def _wait_ready(self, folder: Path, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/login/", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the app did not answer in time")

    def manage(self, *args: str, stdin: str = "") -> str:
        """Run a management command against this app's database, as an operator would."""
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env, input=stdin,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def app(tmp_path):
    running = RunningApp(tmp_path)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium():
    require(Path(CHROMIUM).exists(), f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def login(browser, app: RunningApp, username: str, password: str):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{app.url}/")
    return page


def wait_until(page, expression: str, arg=None, *, timeout: float = 10_000) -> None:
    """Wait until `expression` is truthy in the page. Playwright's wait_for_function polls by evaluating a
    string in the page, which the app's Content-Security-Policy (no unsafe-eval) refuses; page.evaluate
    goes through the DevTools protocol, which the policy does not govern."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {expression}")
        page.wait_for_timeout(100)


def screenshot(page, name: str):
    """Keep what the pages look like, for people to look at (tests/screenshots/ is git-ignored)."""
    folder = REPO / "tests" / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


__all__ = ["app", "chromium", "login", "screenshot", "shutil", "wait_until"]
