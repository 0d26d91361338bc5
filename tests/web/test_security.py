"""Secure by default: login lockout, Content-Security-Policy, static files and error pages with DEBUG off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django.views.defaults import server_error

from creative.models import ProviderAccount
from creative.secrets import provider_keys_reencrypt
from tests.browser import RunningApp, login, screenshot
from tests.factories import LAUNCH_BRIEF

LOCKOUT = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=15))
ATTACKER, COLLEAGUE = "203.0.113.7", "198.51.100.20"


def log_in(client, username: str, password: str, *, address: str, path: str = "/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def accounts(db):
    User = get_user_model()
    User.objects.create_user("dana", password="right-password-1")
    User.objects.create_user("rita", password="right-password-2")
    User.objects.create_superuser("sam", password="right-password-3")


@LOCKOUT
def test_wrong_passwords_lock_the_account_until_the_cool_off(client, accounts):
    assert [log_in(client, "dana", "guess", address=ATTACKER).status_code for _ in range(3)] == [200, 200, 429]

    refused = log_in(client, "dana", "right-password-1", address=COLLEAGUE)
    assert refused.status_code == 429
    assert b"Too many failed logins" in refused.content and b"15 minutes" in refused.content
    assert "_auth_user_id" not in client.session

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "dana", "right-password-1", address=COLLEAGUE).status_code == 302


@LOCKOUT
def test_a_locked_address_is_refused_for_every_account(client, accounts):
    for username in ("dana", "rita", "nobody"):
        log_in(client, username, "guess", address=ATTACKER)
    assert log_in(client, "rita", "right-password-2", address=ATTACKER).status_code == 429


@LOCKOUT
def test_another_account_from_another_address_still_logs_in(client, accounts):
    for _ in range(3):
        log_in(client, "dana", "guess", address=ATTACKER)
    assert log_in(client, "rita", "right-password-2", address=COLLEAGUE).status_code == 302


@LOCKOUT
def test_admin_login_counts_towards_the_same_lockout_and_admin_lists_it(client, accounts):
    for _ in range(3):
        log_in(client, "dana", "guess", address=ATTACKER, path="/admin/login/")
    assert log_in(client, "dana", "right-password-1", address=COLLEAGUE).status_code == 429

    client.force_login(get_user_model().objects.get(username="sam"))
    attempts = client.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert ATTACKER in attempts.content.decode() and "dana" in attempts.content.decode()


def test_pages_carry_a_content_security_policy(client, db):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_static_files_are_served_by_the_app_with_debug_off(client, settings):
    assert settings.DEBUG is False
    settings.WHITENOISE_AUTOREFRESH = False  # as a server runs: the index built at start (tests/settings.py)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b".htmx-indicator" in b"".join(response.streaming_content)
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_a_path_climbing_out_of_static_is_a_plain_404(client, db, settings):
    settings.WHITENOISE_AUTOREFRESH = False
    response = client.get("/static/..%2f..%2fconfig/settings.py")
    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.content


def test_an_unknown_url_shows_the_plain_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    assert b"There is nothing at this address" in response.content
    assert b"Traceback" not in response.content and b"urlpatterns" not in response.content


def test_a_server_error_shows_the_plain_500_page():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"Traceback" not in response.content


@override_settings(SECRET_KEY="old-operator-secret", CREATIVE_ENCRYPTION_KEY="old-operator-secret")
def _store_key_as_older_versions_did() -> ProviderAccount:
    """Before CREATIVE_ENCRYPTION_KEY had its own value, provider keys were encrypted with SECRET_KEY's."""
    account = ProviderAccount(provider="openai")
    account.set_key("sk-test-0123456789")
    account.save()
    return account


@pytest.mark.django_db
def test_keys_encrypted_with_the_secret_key_are_read_and_moved_to_the_encryption_key():
    account = _store_key_as_older_versions_did()
    with override_settings(SECRET_KEY="old-operator-secret", CREATIVE_ENCRYPTION_KEY="new-encryption-key"):
        assert ProviderAccount.objects.get(id=account.id).get_key() == "sk-test-0123456789"
        assert provider_keys_reencrypt() == 1
        assert provider_keys_reencrypt() == 0
    with override_settings(SECRET_KEY="rotated-secret", CREATIVE_ENCRYPTION_KEY="new-encryption-key"):
        assert ProviderAccount.objects.get(id=account.id).get_key() == "sk-test-0123456789"


@pytest.mark.browser
def test_gallery_runs_under_the_policy_with_debug_off(tmp_path, chromium):
    """With DEBUG off the gallery's css, scripts and websocket all load, and the browser reports no CSP violation."""
    app = RunningApp(tmp_path, env={"DEBUG": "false", "CREATIVE_IMAGE_SIZE": "512"})
    try:
        page = login(chromium, app, "designer", app.passwords["designer"])
        problems, sockets = [], []
        page.on("websocket", lambda socket: sockets.append(socket.url))
        page.on("console", lambda message: problems.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
        page.click("text=New brief")
        page.fill("textarea[name=text]", LAUNCH_BRIEF)
        page.fill("input[name=images_per_prompt]", "1")
        page.uncheck("input[name=review_requirements]")
        page.click("button:has-text('Generate')")
        page.wait_for_url("**/briefs/*/")
        page.wait_for_selector("#brief-status:has-text('reviewing')", timeout=120_000)
        assert sockets and sockets[0].startswith(app.url.replace("http", "ws"))
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
        assert page.evaluate("typeof htmx") == "object"
        page.select_option("select[name=sort]", index=1)  # the filters submit through static/js/app.js
        page.wait_for_url("**sort=**")
        screenshot(page, "gallery-debug-off")
        assert problems == []
    finally:
        app.stop()
