"""Provider name -> adapter class, every table read from the classes, and the httpx client each adapter is
handed.

Every module of this package but the contract and the wiring is an adapter, imported here, so a new provider
is one new module: its class says its name, environment, prompt family, terms and what it cannot run without.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import certifi
import httpx

from .base import ImageProvider, ProviderConfig, ProviderError

DEFAULT_TIMEOUT = 120.0  # image calls routinely take 30-90 s; settings pass their own
CONNECT_TIMEOUT = 10.0  # separate, so "never connected" (retryable) is told apart from "no answer"

# Modules of this package that are not adapters (credentials reads Django models, so importing it here would
# make the models, which take their provider choices from this module, import themselves).
NOT_ADAPTERS = {"base", "registry", "credentials"}


class Environment(NamedTuple):
    """The environment variables that configure one provider."""

    key: str
    base_url: str
    extra: Mapping[str, str]  # `config.extra` field -> variable


def _adapters() -> dict[str, type[ImageProvider]]:
    """Import every adapter module and map each named `ImageProvider` subclass by its name, sorted."""
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in NOT_ADAPTERS:
            importlib.import_module(f"{__package__}.{module.name}")
    found: dict[str, type[ImageProvider]] = {}
    pending = list(ImageProvider.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.name:
            if cls.name in found and found[cls.name] is not cls:
                raise RuntimeError(f"two adapters are named {cls.name!r}: {found[cls.name]} and {cls}")
            found[cls.name] = cls
    return dict(sorted(found.items()))


PROVIDERS: Mapping[str, type[ImageProvider]] = _adapters()
NAMES = tuple(PROVIDERS)
ENVIRONMENT = {
    name: Environment(cls.key_variable, cls.base_url_variable, cls.extra_variables)
    for name, cls in PROVIDERS.items()
    if cls.key_variable or cls.base_url_variable
}
# Providers that run with nothing configured.
KEYLESS = frozenset(name for name, cls in PROVIDERS.items() if not (cls.needs_key or cls.needs_base_url))
PROMPT_FAMILIES = {name: cls.prompt_family for name, cls in PROVIDERS.items()}
TERMS_WARNINGS = {name: cls.terms_warning for name, cls in PROVIDERS.items() if cls.terms_warning}


def unknown_provider(name: str) -> str:
    """The message for a provider name that is not registered, naming the valid ones."""
    return f"unknown provider {name!r}; known: {', '.join(NAMES)}"


def build_client(
    provider_cls: type[ImageProvider], config: ProviderConfig, *, timeout: float
) -> httpx.Client:
    """A client rooted at the config's base URL (else the provider's default), with an explicit timeout."""
    return httpx.Client(
        base_url=provider_cls.base_url_for(config),
        timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
        follow_redirects=False,  # a redirect would carry auth headers to a host nobody chose
        verify=tls_context(),
    )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client, image and chat: loading the CA bundle costs ~20 ms of CPU per new
    context, and a vision-scored brief builds a chat client per image."""
    return ssl.create_default_context(cafile=certifi.where())


def get_provider(
    name: str, *, config: ProviderConfig | None = None, client: httpx.Client | None = None
) -> ImageProvider:
    """An adapter for `name` on the given client, or one built from the config; unknown names are
    `bad_request`."""
    if name not in PROVIDERS:
        raise ProviderError("bad_request", unknown_provider(name))
    provider_cls = PROVIDERS[name]
    config = config or ProviderConfig()
    if client is None:
        client = build_client(provider_cls, config, timeout=DEFAULT_TIMEOUT)
    return provider_cls(config=config, client=client)
