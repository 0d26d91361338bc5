"""The contract every chat client meets: a `ChatRequest` in, a `ChatResponse` out, or an `LLMError`.

Clients know nothing of Django; they are handed an `httpx.Client` aimed at the provider (or a fake).
Analysis and vision scoring use them with a fallback (rules, heuristics), so every failure is an
`LLMError` whose `kind` tells the caller whether to retry, repair the output or fall back.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

from creative.providers.base import ProviderError, error_message, redact, retry_after_seconds, send
from creative.providers.base import kind_for_status as provider_kind_for_status

ERROR_KINDS = (
    "rate_limited",
    "timeout",
    "auth",
    "bad_request",
    "provider_error",
    "refusal",
    "invalid_output",
    "overloaded",
    "unknown_outcome",
)
# The official OpenAI and Anthropic SDKs retry these (specs/README.md); Google documents 429/500/503/504.
RETRY_STATUSES = (408, 409, 429, 500, 502, 503, 504, 529)
CONNECT_TIMEOUT = 10.0


@dataclass
class ChatRequest:
    """One chat turn: a system prompt, a user message with optional images, and an optional JSON schema."""

    system: str
    user: str
    images: list[tuple[bytes, str]] = field(default_factory=list)  # (bytes, mime type)
    json_schema: dict[str, Any] | None = None  # JSON Schema; when set, `ChatResponse.data` is the parsed answer
    schema_name: str = "result"  # [a-zA-Z0-9_-]{1,64}: OpenAI's schema name and Anthropic's tool name
    max_tokens: int = 1024
    temperature: float | None = 0.2  # None leaves the provider's default, for models that reject the field


@dataclass
class ChatResponse:
    """What the model said, with the tokens it was billed for."""

    text: str
    data: dict[str, Any] | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    model: str = ""
    refusal: str = ""
    finish_reason: str = ""
    raw_meta: dict[str, Any] = field(default_factory=dict)


class LLMError(Exception):
    """A failed chat call. `response` is set when the provider answered (refusal, invalid output), so the
    caller can still count its tokens or try to repair `response.text`."""

    def __init__(
        self,
        kind: str,
        detail: str = "",
        retryable: bool = False,
        retry_after: float | None = None,
        *,
        response: ChatResponse | None = None,
    ):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail[:500]
        self.retryable = retryable
        self.retry_after = retry_after
        self.response = response


class ChatClient:
    """Base class: a provider module builds the payload and reads the answer; HTTP mapping lives here."""

    name: str = ""
    default_base_url: str = ""
    # Environment variables an operator sets; a ProviderAccount row in admin overrides them. A provider that
    # also makes images names the same ones as its image adapter.
    key_variable: str = ""
    base_url_variable: str = ""

    def __init__(self, *, api_key: str, model: str, client: httpx.Client):
        self.api_key = api_key
        self.model = model
        self.client = client

    def complete(self, request: ChatRequest) -> ChatResponse:
        raise NotImplementedError

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _post(self, path: str, payload: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
        """POST the payload; a transport failure or non-2xx answer becomes an `LLMError`."""
        secrets = [self.api_key]
        try:
            response = send(self.client, "POST", path, json=payload, headers=headers, secrets=secrets)
        except ProviderError as exc:
            if exc.kind == "unknown_outcome" and isinstance(exc.__cause__, httpx.TimeoutException):
                # Sent, then no answer in time. A chat call is cheap and has no side effect beyond its
                # bill, so one more try is worth it; `complete_with_retries` allows only one, since a
                # model that is slow on this input will likely be slow again and each try is billed.
                raise LLMError("timeout", exc.detail, retryable=True) from exc
            # Connect errors are retryable (never reached the provider); a connection dropped mid-answer
            # is `unknown_outcome`, left to the caller's fallback rather than paid for again blindly.
            raise LLMError(exc.kind, exc.detail, retryable=exc.retryable) from exc
        if response.is_error:
            raise self._error(response)
        return response

    def _error(self, response: httpx.Response, *, kind: str | None = None) -> LLMError:
        """The error for a non-2xx answer; subclasses refine `kind` from the provider's error codes."""
        return error_for_status(response, kind=kind, secrets=[self.api_key])

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            # The call was answered and billed; a garbled envelope is the provider's fault, not ours.
            detail = f"HTTP {response.status_code} with a body that is not a JSON object"
            raise LLMError("provider_error", detail)
        return body


def kind_for_status(status: int) -> str:
    """The image providers' kinds, plus `overloaded`, which chat providers report apart (the call was not run)."""
    if status in (503, 529):  # Anthropic's overloaded_error; Google's UNAVAILABLE "model overloaded"
        return "overloaded"
    return provider_kind_for_status(status)


def error_for_status(
    response: httpx.Response,
    *,
    kind: str | None = None,
    retryable: bool | None = None,
    secrets: Iterable[str] = (),
) -> LLMError:
    """An `LLMError` for a non-2xx answer, honouring `x-should-retry` (OpenAI, Anthropic) and Retry-After."""
    status = response.status_code
    if retryable is None:
        should_retry = response.headers.get("x-should-retry")
        retryable = should_retry == "true" or (should_retry != "false" and status in RETRY_STATUSES)
    detail = redact(f"HTTP {status}: {error_message(response)}", secrets)
    retry_after = retry_after_seconds(response) if retryable else None
    return LLMError(kind or kind_for_status(status), detail, retryable=retryable, retry_after=retry_after)


def parse_model_spec(spec: str) -> tuple[str, str]:
    """`"anthropic:claude-sonnet-4-5"` -> `("anthropic", "claude-sonnet-4-5")`; ValueError when malformed."""
    provider, _, model = spec.strip().partition(":")
    provider, model = provider.strip().lower(), model.strip()
    if not provider or not model:
        raise ValueError(f"model spec {spec!r} is not of the form provider:model")
    return provider, model


def cost_cents(
    response: ChatResponse, *, input_per_million_cents: float, output_per_million_cents: float
) -> float:
    """What the call cost at the given per-million-token prices (prices are admin data, not code)."""
    return (
        response.input_tokens * input_per_million_cents + response.output_tokens * output_per_million_cents
    ) / 1_000_000


def parse_json_output(response: ChatResponse, schema: dict[str, Any], *, truncated: bool) -> dict[str, Any]:
    """The JSON object in `response.text`, or `invalid_output` carrying the response for a repair attempt.

    Only the top-level `required` keys are checked: enough to catch an answer for the wrong question
    without a schema validator dependency; callers validate values they rely on.
    """
    if truncated:
        raise LLMError("invalid_output", "the answer was cut off at max_tokens", response=response)
    try:
        data = json.loads(response.text)
    except ValueError as exc:
        raise LLMError("invalid_output", f"the answer is not JSON: {exc}", response=response) from exc
    if not isinstance(data, dict):
        raise LLMError("invalid_output", f"the answer is a JSON {type(data).__name__}, not an object",
                       response=response)
    if missing := [key for key in schema.get("required") or [] if key not in data]:
        raise LLMError("invalid_output", f"the answer lacks required keys: {', '.join(missing)}",
                       response=response)
    return data


def backoff_seconds(attempt: int, retry_after: float | None) -> float:
    """The provider's Retry-After when given, else exponential from 1 s with jitter, so workers that
    failed together do not all come back together."""
    if retry_after is not None:
        return retry_after
    return min(2.0 ** (attempt - 1), 8.0) * random.uniform(0.5, 1.0)


def complete_with_retries(
    client: ChatClient,
    request: ChatRequest,
    *,
    attempts: int = 3,
    sleep: Callable[[float], None] = time.sleep,
    max_wait: float = 60.0,
) -> ChatResponse:
    """`client.complete(request)`, retrying retryable errors up to `attempts` calls in all.

    A timeout is retried once at most (see `ChatClient._post`). A Retry-After longer than `max_wait`
    is raised at once: holding a worker that long is worse than the caller's fallback or a later task.
    """
    timeouts = 0
    attempts = max(attempts, 1)
    for attempt in range(1, attempts + 1):
        try:
            return client.complete(request)
        except LLMError as exc:
            if exc.kind == "timeout":
                timeouts += 1
            if not exc.retryable or attempt == attempts or timeouts > 1:
                raise
            wait = backoff_seconds(attempt, exc.retry_after)
            if wait > max_wait:
                raise
            sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
