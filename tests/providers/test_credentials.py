"""Credentials come from the admin's account row, else from the variables the provider's class names."""

import pytest

from creative.models import ProviderAccount
from creative.providers.credentials import ENVIRONMENT, is_configured, provider_config

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_provider_environment(monkeypatch):
    for key_var, url_var, extra_vars in ENVIRONMENT.values():
        for var in (key_var, url_var, *extra_vars.values()):
            monkeypatch.delenv(var, raising=False)


def test_environment_covers_image_and_chat_providers():
    assert ENVIRONMENT["anthropic"][:2] == ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL")
    assert ENVIRONMENT["openai"][:2] == ("OPENAI_API_KEY", "OPENAI_BASE_URL")
    assert "local" not in ENVIRONMENT


def test_config_reads_the_class_variables_including_extra_fields(monkeypatch):
    monkeypatch.setenv("VERTEX_ACCESS_TOKEN", "token-1234")
    monkeypatch.setenv("VERTEX_BASE_URL", "http://vertex.test")
    monkeypatch.setenv("VERTEX_PROJECT", "ads")

    config = provider_config("imagen")

    assert (config.api_key, config.base_url, config.extra) == ("token-1234", "http://vertex.test", {"project": "ads"})


def test_account_row_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("STABILITY_API_KEY", "from-environment")
    account = ProviderAccount(provider="stability", base_url="http://relay.test")
    account.set_key("from-admin-row")
    account.save()

    config = provider_config("stability")

    assert (config.api_key, config.base_url) == ("from-admin-row", "http://relay.test")


def test_local_renderer_needs_nothing():
    assert is_configured("local")


def test_keyed_provider_needs_its_key(monkeypatch):
    assert not is_configured("flux")
    monkeypatch.setenv("BFL_API_KEY", "bfl-key-1234")
    assert is_configured("flux")


def test_midjourney_is_configured_by_its_relay_url_without_a_secret(monkeypatch):
    monkeypatch.setenv("MIDJOURNEY_RELAY_SECRET", "secret-1234")
    assert not is_configured("midjourney")
    monkeypatch.setenv("MIDJOURNEY_RELAY_URL", "http://relay.test")
    monkeypatch.delenv("MIDJOURNEY_RELAY_SECRET")
    assert is_configured("midjourney")


def test_chat_only_provider_needs_its_key(monkeypatch):
    assert not is_configured("anthropic")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-1234")
    assert is_configured("anthropic")
