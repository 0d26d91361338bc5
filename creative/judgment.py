"""Which chat model plays each role, the call itself, and what it cost (issue 5).

Three roles ask a language model: analysis (brief -> requirements), prompts (requirements -> prompts)
and scoring (image -> per-criterion scores). Settings name a "provider:model" per role; empty means the
role is played by rules, templates and heuristics alone. Every call writes an `LLMCall` row before it
goes out and its tokens and cost after, so a brief's cost includes its judgment. No failure escapes:
callers get the error with the answer (if any) and fall back, recording why on the row.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, Sum
from django.utils import timezone

from creative import pricing
from creative.llm.base import (
    ChatClient,
    ChatRequest,
    ChatResponse,
    LLMError,
    complete_with_retries,
    cost_cents,
    parse_model_spec,
)
from creative.llm.registry import CLIENTS, build_chat_client
from creative.models import Brief, CostSource, LLMCall, LLMOutcome, LLMRole
from creative.providers.credentials import ENVIRONMENT, provider_config

logger = logging.getLogger(__name__)

ROLE_SETTINGS: dict[str, str] = {
    LLMRole.ANALYSIS: "CREATIVE_ANALYSIS_MODEL",
    LLMRole.PROMPTS: "CREATIVE_PROMPT_MODEL",
    LLMRole.SCORING: "CREATIVE_SCORING_MODEL",
}


def model_for(role: str) -> str:
    """The "provider:model" configured for a role, or "" when rules and heuristics play it."""
    return getattr(settings, ROLE_SETTINGS[role], "").strip()


def prices() -> dict[str, tuple[float, float]]:
    """CREATIVE_LLM_PRICES as {"provider:model": (input, output)} in cents per million tokens."""
    table = {}
    for entry in settings.CREATIVE_LLM_PRICES.split(","):
        if not entry.strip():
            continue
        spec, _, pair = entry.partition("=")
        try:
            provider, model = parse_model_spec(spec)
            low, high = (float(v) for v in pair.split("/"))
        except ValueError:
            raise ImproperlyConfigured(
                f"CREATIVE_LLM_PRICES entry {entry.strip()!r} is not provider:model=input/output"
            ) from None
        table[f"{provider}:{model}"] = (low, high)
    return table


def price_for(provider: str, model: str) -> tuple[float, float] | None:
    """The price of a model, or of the longest configured spec it is a dated version of: a dated price row
    in admin first, else CREATIVE_LLM_PRICES."""
    if (dated := pricing.chat_price(provider=provider, model=model)) is not None:
        return float(dated[0]), float(dated[1])
    spec, table = f"{provider}:{model}", prices()
    # "gpt-4o-2024-08-06" is a version of gpt-4o; "gpt-4o-mini" is another model at another price.
    matches = [key for key in table if spec == key or (spec.startswith(f"{key}-") and
                                                       (spec[len(key) + 1:][:1].isdigit() or
                                                        spec.endswith("-latest")))]
    return table[max(matches, key=len)] if matches else None


@dataclass
class ChatOutcome:
    """One role's call: the answer, or the error with whatever answer came with it."""

    spec: str
    call: LLMCall
    response: ChatResponse | None = None
    error: LLMError | None = None

    @property
    def reason(self) -> str:
        return fallback_reason(self.error) if self.error else ""

    @property
    def answer(self) -> dict:
        """The answer's JSON: whole, or as much of a cut-off one as parses (to repair), else empty."""
        if self.error is None:
            if self.response is None:  # an outcome is built with an answer or an error; say which broke
                raise AttributeError("a ChatOutcome has neither a response nor an error")
            return self.response.data or {}
        if self.error.kind == "invalid_output" and self.response is not None:
            return partial_json(self.response.text) or {}
        return {}


def partial_json(text: str) -> dict | None:
    """The object a cut-off or garbled JSON answer was writing, up to its last complete member, or None.

    Tries the text as it is, then cuts it back at each comma or closing bracket (outside strings, from
    the end) and closes what is open: `{"a": "x", "b": [` gives `{"a": "x"}`. Lists may come back
    shorter than the model meant; callers treat the result as a repair, never as a full answer.
    """
    start = text.find("{")
    if start < 0:
        return None
    text = text[start:].strip().removesuffix("```").strip()
    cuts: list[tuple[int, str]] = [(len(text), "")]
    closers: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                cuts.append((index + 1, "".join(reversed(closers))))  # after a string value
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            closers.append("}" if char == "{" else "]")
            if len(closers) == 1:  # the answer's own object, empty: a cut-off inner list is not "none"
                cuts.append((index + 1, closers[0]))
        elif char in "}]":
            if closers:
                closers.pop()
            cuts.append((index + 1, "".join(reversed(closers))))
        elif char == ",":
            cuts.append((index, "".join(reversed(closers))))
    for index, closing in sorted(cuts, reverse=True):
        try:
            value = json.loads(text[:index] + closing)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def fallback_reason(error: LLMError) -> str:
    """A short human reason ("overloaded: HTTP 529: Overloaded") for notes; details are already redacted."""
    detail = " ".join(error.detail.split())
    return f"{error.kind}: {detail}"[:200] if detail else error.kind


def judgment_chat(
    *, role: str, request: ChatRequest, brief_id: int | None = None, generation_id: int | None = None
) -> ChatOutcome | None:
    """Ask the role's model, recording the call; None when no model is configured for the role.

    Never raises for a failed call: the outcome carries the `LLMError` (and its response, for repair).
    Must not run inside a transaction: the row is committed before the HTTP call, as image calls are.
    """
    spec = model_for(role)
    if not spec:
        return None
    error: LLMError | None
    response: ChatResponse | None
    try:
        provider, model = parse_model_spec(spec)
    except ValueError as exc:
        provider, model = spec.partition(":")[0][:32], spec[:100]
        error = LLMError("bad_request", f"{ROLE_SETTINGS[role]}: {exc}")
        return _unsent(role, provider, model, brief_id, generation_id, error)
    if provider not in CLIENTS:
        error = LLMError("bad_request", f"no chat client for {provider!r}; known: {', '.join(CLIENTS)}")
        return _unsent(role, provider, model, brief_id, generation_id, error)
    config = provider_config(provider)
    if not config.api_key:
        variable = ENVIRONMENT.get(provider, ("",))[0]
        error = LLMError("auth", f"no key for {provider}: set {variable} or add a provider account")
        return _unsent(role, provider, model, brief_id, generation_id, error)

    call = LLMCall.objects.create(role=role, provider=provider, model=model, brief_id=brief_id,
                                  generation_id=generation_id)
    started = time.monotonic()
    response, error = None, None
    try:
        client = _client_for(provider, model, api_key=config.api_key, base_url=config.base_url)
        response = _ask(client, request)
    except LLMError as exc:
        error, response = exc, exc.response
    except Exception as exc:  # a bug in a client must cost a fallback, not the brief
        logger.exception("%s call to %s failed unexpectedly", role, spec)
        error = LLMError("provider_error", f"{type(exc).__name__}: {exc}")
    _finish(call, response, error, latency_ms=int((time.monotonic() - started) * 1000))
    return ChatOutcome(spec=f"{provider}:{model}", call=call, response=response, error=error)


_local = threading.local()
CLIENTS_PER_THREAD = 8


def _client_for(provider: str, model: str, *, api_key: str, base_url: str) -> ChatClient:
    """A chat client kept per worker thread and configuration. Building one loads the CA bundle (about
    60 ms), and a new one cannot reuse the provider's keep-alive connection: vision scoring makes a call
    per image, so both would be paid again and again. A changed key or URL is a new entry."""
    cache: dict = _local.__dict__.setdefault("clients", {})
    key = (provider, model, api_key, base_url, settings.CREATIVE_LLM_TIMEOUT)
    if key not in cache:
        if len(cache) >= CLIENTS_PER_THREAD:
            cache.pop(next(iter(cache))).close()  # the oldest: a rotated key or a changed setting
        cache[key] = build_chat_client(provider, api_key=api_key, base_url=base_url, model=model,
                                       timeout=settings.CREATIVE_LLM_TIMEOUT)
    return cache[key]


def _ask(client: ChatClient, request: ChatRequest) -> ChatResponse:
    attempts, max_wait = settings.CREATIVE_LLM_ATTEMPTS, settings.CREATIVE_LLM_MAX_WAIT
    try:
        return complete_with_retries(client, request, attempts=attempts, max_wait=max_wait)
    except LLMError as exc:
        if exc.kind != "bad_request" or "temperature" not in exc.detail or request.temperature is None:
            raise
    # Reasoning models (OpenAI's gpt-5 and o-series) take only their default temperature; the refusal is
    # a 400 before any work is done, so asking again without it costs nothing.
    return complete_with_retries(client, replace(request, temperature=None), attempts=attempts, max_wait=max_wait)


def _unsent(role, provider, model, brief_id, generation_id, error: LLMError) -> ChatOutcome:
    """A call that could not be made (configuration): recorded, so the brief's notes can say why."""
    call = LLMCall.objects.create(
        role=role, provider=provider, model=model, brief_id=brief_id, generation_id=generation_id,
        outcome=LLMOutcome.FAILED, error_kind=error.kind, finished_at=timezone.now(), latency_ms=0,
    )
    return ChatOutcome(spec=f"{provider}:{model}", call=call, error=error)


def _finish(call: LLMCall, response: ChatResponse | None, error: LLMError | None, *, latency_ms: int) -> None:
    call.finished_at, call.latency_ms = timezone.now(), latency_ms
    call.outcome = LLMOutcome.FAILED if error else LLMOutcome.SUCCEEDED
    call.error_kind = error.kind if error else ""
    if response is not None:
        # A refused or invalid answer was still billed: its tokens count like any other.
        call.input_tokens, call.output_tokens = response.input_tokens, response.output_tokens
        try:
            price = price_for(call.provider, call.model)
        except ImproperlyConfigured:
            # A typo in the price list must not cost the brief its answer: the call stays unpriced,
            # which the brief's note shows.
            logger.exception("CREATIVE_LLM_PRICES cannot be read")
            price = None
        if price is not None:
            cents = cost_cents(response, input_per_million_cents=price[0], output_per_million_cents=price[1])
            call.cost_cents = Decimal(str(round(cents, 4)))
            call.cost_source = CostSource.USAGE  # chat providers report tokens, never a charge
    call.save(update_fields=["finished_at", "latency_ms", "outcome", "error_kind", "input_tokens",
                             "output_tokens", "cost_cents", "cost_source"])


def call_settle(call: LLMCall, *, outcome: str, fallback: str = "") -> None:
    """Record what the role made of the answer: used, repaired, or replaced by rules (and why)."""
    call.outcome, call.fallback = outcome, fallback[:500]
    call.save(update_fields=["outcome", "fallback"])


def llm_cost_cents(*, brief_id: int) -> Decimal:
    """What the brief's chat calls cost so far (priced calls only)."""
    total = LLMCall.objects.filter(brief_id=brief_id).aggregate(total=Sum("cost_cents", default=Decimal(0)))
    return total["total"]


def brief_judgment(*, brief: Brief) -> dict:
    """Who judged this brief, what stood in when they failed, and what it cost: the gallery's brief note
    and the CLI's lines ("analysis: rules (fallback from anthropic:claude-x: overloaded: HTTP 529 ...)")."""
    totals = LLMCall.objects.filter(brief=brief).aggregate(
        calls=Count("id"),
        cost=Sum("cost_cents", default=Decimal(0)),
        tokens_in=Sum("input_tokens", default=0),
        tokens_out=Sum("output_tokens", default=0),
        unpriced=Count("id", filter=Q(cost_cents__isnull=True, input_tokens__gt=0)),
    )
    analysis = brief.analysis_source or "rules"
    if brief.analysis_note:
        analysis += f" ({brief.analysis_note})"
    return {
        **totals,
        "analysis": analysis,
        "prompts": _prompts_line(brief),
        "scoring": _scoring_line(brief),
    }


def _prompts_line(brief: Brief) -> str:
    call = LLMCall.objects.filter(brief=brief, role=LLMRole.PROMPTS).order_by("-id").first()
    if call is None:
        line = "templates"
    elif call.outcome == LLMOutcome.FAILED:
        line = f"templates ({call.fallback or call.error_kind})"
    else:
        line = call.spec + (f" ({call.fallback})" if call.fallback else "")
    if brief.prompts.filter(source="edited").exists():
        line += ", edited by the designer"
    return line


def _scoring_line(brief: Brief) -> str:
    calls = LLMCall.objects.filter(brief=brief, role=LLMRole.SCORING)
    counts = calls.aggregate(total=Count("id"), failed=Count("id", filter=Q(outcome=LLMOutcome.FAILED)))
    if not counts["total"]:
        return "heuristics"
    latest = calls.order_by("-id").first()
    if latest is None:  # unreachable after a non-zero count; the error `None.spec` would raise
        raise AttributeError("scoring calls vanished between the count and the read")
    line = f"{latest.spec} blended with heuristics ({counts['total']} image{'s' if counts['total'] != 1 else ''}"
    if counts["failed"]:
        last = calls.filter(outcome=LLMOutcome.FAILED).order_by("-id").first()
        if last is None:  # as above
            raise AttributeError("failed scoring calls vanished between the count and the read")
        line += f", {counts['failed']} by heuristics only; last {last.fallback or last.error_kind}"
    return line + ")"
