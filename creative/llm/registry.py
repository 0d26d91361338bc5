"""Provider name -> chat client class, and the httpx client each one is handed."""

from __future__ import annotations

import httpx

from creative.providers.registry import Environment, tls_context

from .anthropic import AnthropicChat
from .base import CONNECT_TIMEOUT, ChatClient, LLMError
from .gemini import GeminiChat
from .openai import OpenAIChat

CLIENTS: dict[str, type[ChatClient]] = {
    "openai": OpenAIChat,
    "anthropic": AnthropicChat,
    "gemini": GeminiChat,
}
ENVIRONMENT = {name: Environment(cls.key_variable, cls.base_url_variable, {}) for name, cls in CLIENTS.items()}


def default_base_url(provider: str) -> str:
    return CLIENTS[provider].default_base_url


def build_chat_client(
    provider: str, *, api_key: str, base_url: str = "", timeout: float = 60.0, model: str
) -> ChatClient:
    """A chat client for `provider` rooted at `base_url` (else the provider's own); unknown names are
    `bad_request`."""
    if provider not in CLIENTS:
        raise LLMError("bad_request", f"unknown chat provider {provider!r}; known: {', '.join(CLIENTS)}")
    client_cls = CLIENTS[provider]
    http = httpx.Client(
        base_url=base_url or client_cls.default_base_url,
        # A short connect timeout tells "never connected" (retryable at no cost) from "no answer yet".
        timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
        follow_redirects=False,  # a redirect would carry the key header to a host nobody chose
        verify=tls_context(),
    )
    return client_cls(api_key=api_key, model=model, client=http)
