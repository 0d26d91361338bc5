"""Provider credentials: the admin's ProviderAccount row wins over the environment the provider's class names."""

import logging
import os

from creative.llm import registry as chat_registry
from creative.models import ProviderAccount

from . import registry
from .base import ProviderConfig

# Variables per provider, image adapters and chat clients together; openai and gemini serve both with one key.
ENVIRONMENT: dict[str, registry.Environment] = {**chat_registry.ENVIRONMENT, **registry.ENVIRONMENT}

logger = logging.getLogger(__name__)


def account_key(account: ProviderAccount) -> str | None:
    """The account's stored key ("" for none), or None when it can no longer be decrypted.

    That happens when SECRET_KEY rotated without CREATIVE_ENCRYPTION_KEY set: the provider then counts as
    not configured (its environment key, if any, still works) and admin asks for the key again, instead
    of every page that lists providers failing.
    """
    try:
        return account.get_key()
    except ValueError:
        logger.warning("the stored %s key cannot be decrypted: re-enter it in admin", account.provider)
        return None


def provider_config(provider: str) -> ProviderConfig:
    """Credentials and endpoint for a provider, from its admin row, else from the environment."""
    key_var, url_var, extra_vars = ENVIRONMENT.get(provider, registry.Environment("", "", {}))
    extra = {name: os.getenv(var, "") for name, var in extra_vars.items() if os.getenv(var)}
    api_key, base_url = os.getenv(key_var, "") if key_var else "", os.getenv(url_var, "") if url_var else ""
    account = ProviderAccount.objects.filter(provider=provider).first()
    if account is not None:
        api_key = account_key(account) or api_key
        base_url = account.base_url or base_url
        extra = {**extra, **{k: v for k, v in (account.extra or {}).items() if v}}
    return ProviderConfig(api_key=api_key, base_url=base_url, extra=extra)


def is_configured(provider: str) -> bool:
    """Whether an image provider has what its class says it cannot run without."""
    if provider in registry.KEYLESS:
        return True
    provider_cls = registry.PROVIDERS.get(provider)
    config = provider_config(provider)
    if provider_cls is None:  # a chat-only provider: a key is all it takes
        return bool(config.api_key)
    return (bool(config.api_key) or not provider_cls.needs_key) and (
        bool(config.base_url) or not provider_cls.needs_base_url
    )
