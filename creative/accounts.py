"""Provider credentials: the admin's ProviderAccount row wins over the environment."""

import os

from creative.providers.base import ProviderConfig

# Environment variables per provider: (key, base url, {extra field: variable}).
ENVIRONMENT = {
    # openai and gemini serve both image models and chat models (judgment.py) with the same key.
    "openai": ("OPENAI_API_KEY", "OPENAI_BASE_URL", {}),
    "anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", {}),  # chat only: analysis, prompts, scoring
    "gemini": ("GEMINI_API_KEY", "GEMINI_BASE_URL", {}),
    "imagen": ("VERTEX_ACCESS_TOKEN", "VERTEX_BASE_URL", {"project": "VERTEX_PROJECT", "location": "VERTEX_LOCATION"}),
    "stability": ("STABILITY_API_KEY", "STABILITY_BASE_URL", {}),
    "flux": ("BFL_API_KEY", "BFL_BASE_URL", {}),
    "firefly": ("FIREFLY_CLIENT_SECRET", "FIREFLY_BASE_URL", {"client_id": "FIREFLY_CLIENT_ID", "ims_url": "FIREFLY_IMS_URL"}),
    "midjourney": ("MIDJOURNEY_RELAY_SECRET", "MIDJOURNEY_RELAY_URL", {}),
}
KEYLESS = {"local"}


def provider_config(provider: str) -> ProviderConfig:
    """Credentials and endpoint for a provider, from its admin row, else from the environment."""
    from creative.models import ProviderAccount

    key_var, url_var, extra_vars = ENVIRONMENT.get(provider, ("", "", {}))
    extra = {name: os.getenv(var, "") for name, var in extra_vars.items() if os.getenv(var)}
    api_key, base_url = os.getenv(key_var, "") if key_var else "", os.getenv(url_var, "") if url_var else ""
    account = ProviderAccount.objects.filter(provider=provider).first()
    if account is not None:
        api_key = account.get_key() or api_key
        base_url = account.base_url or base_url
        extra = {**extra, **{k: v for k, v in (account.extra or {}).items() if v}}
    return ProviderConfig(api_key=api_key, base_url=base_url, extra=extra)


def is_configured(provider: str) -> bool:
    if provider in KEYLESS:
        return True
    config = provider_config(provider)
    if provider == "midjourney":  # a relay may run without a secret; its URL is what matters
        return bool(config.base_url)
    return bool(config.api_key)
