"""Provider name -> adapter class, and the httpx client each adapter is handed.

Adapter modules are imported on first use: a worker that only runs the local renderer never imports
the others, and a module still being written elsewhere cannot break the import of this one.
"""

from __future__ import annotations

import functools
import importlib
import ssl
from collections.abc import Iterator, Mapping

import certifi
import httpx

from .base import ImageProvider, ProviderConfig, ProviderError

DEFAULT_TIMEOUT = 120.0  # image calls routinely take 30-90 s; settings pass their own
CONNECT_TIMEOUT = 10.0  # separate, so "never connected" (retryable) is told apart from "no answer"

_PATHS = {
    "local": "creative.providers.local:LocalRenderer",
    "openai": "creative.providers.openai:OpenAIImages",
    "imagen": "creative.providers.imagen:Imagen",
    "gemini": "creative.providers.gemini_image:GeminiImage",
    "stability": "creative.providers.stability:Stability",
    "flux": "creative.providers.flux:Flux",
    "firefly": "creative.providers.firefly:Firefly",
    "midjourney": "creative.providers.midjourney:Midjourney",
}


class _LazyProviders(Mapping[str, type[ImageProvider]]):
    """A read-only dict of adapter classes that imports each module when it is first looked up."""

    def __init__(self, paths: dict[str, str]):
        self._paths = paths
        self._classes: dict[str, type[ImageProvider]] = {}

    def __getitem__(self, name: str) -> type[ImageProvider]:
        if name not in self._classes:
            module_name, _, attribute = self._paths[name].partition(":")
            self._classes[name] = getattr(importlib.import_module(module_name), attribute)
        return self._classes[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


PROVIDERS: Mapping[str, type[ImageProvider]] = _LazyProviders(_PATHS)


def import_all() -> None:
    """Import every adapter now. Left to first use, a brief's first calls from dozens of worker threads
    queued on the import lock behind the one thread importing."""
    for name in PROVIDERS:
        PROVIDERS[name]


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
        raise ProviderError("bad_request", f"unknown provider {name!r}; known: {', '.join(PROVIDERS)}")
    provider_cls = PROVIDERS[name]
    config = config or ProviderConfig()
    if client is None:
        client = build_client(provider_cls, config, timeout=DEFAULT_TIMEOUT)
    return provider_cls(config=config, client=client)
