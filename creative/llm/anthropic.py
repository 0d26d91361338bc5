"""Anthropic Messages: `POST /v1/messages` (specs/anthropic-messages.md).

Structured output forces one tool whose `input_schema` is the schema and reads the `tool_use` block's
`input`: that works on every model, where the newer `output_config.format` does not. A refusal is an
HTTP 200 with `stop_reason: "refusal"`; 529 `overloaded_error` means the request was not processed.

Newer model families reject parameters older ones take; `FAMILIES` says which, so a call never spends a
failed round-trip on a 400 it could have avoided.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import httpx

from creative.providers.base import json_object

from .base import ChatClient, ChatRequest, ChatResponse, LLMError, parse_json_output

API_VERSION = "2023-06-01"
TRUNCATED = {"max_tokens", "model_context_window_exceeded"}


@dataclass(frozen=True)
class Family:
    """What a model family's Messages API accepts."""

    temperature: bool = True  # False: 400 "`temperature` is deprecated for this model"
    forced_tool: bool = True  # False: `tool_choice` may only be auto/none (the model always thinks adaptively)


# Model id prefix -> family; the first match wins, and an unlisted model takes both. Opus 4.7 removed the
# sampling parameters and thinks adaptively, which forced tool use cannot combine with (Anthropic's
# "What's new in Claude 4.7"); Opus 4.8 and the Claude 5 models kept the removal and take forced tools again
# (reported by SDK integrations; not in the docs stored here, so unconfirmed).
FAMILIES = (
    ("claude-opus-4-7", Family(temperature=False, forced_tool=False)),
    ("claude-mythos-preview", Family(temperature=False, forced_tool=False)),
    ("claude-opus-4-8", Family(temperature=False)),
    ("claude-opus-5", Family(temperature=False)),
    ("claude-sonnet-5", Family(temperature=False)),
    ("claude-fable-5", Family(temperature=False)),
    ("claude-mythos-5", Family(temperature=False)),
)


def family_for(model: str) -> Family:
    return next((family for prefix, family in FAMILIES if model.startswith(prefix)), Family())


class AnthropicChat(ChatClient):
    name = "anthropic"
    default_base_url = "https://api.anthropic.com"
    key_variable = "ANTHROPIC_API_KEY"
    base_url_variable = "ANTHROPIC_BASE_URL"

    def _headers(self) -> dict[str, str]:
        return {
            "x-api-key": self.api_key,
            "anthropic-version": API_VERSION,
            "content-type": "application/json",
        }

    def payload(self, request: ChatRequest) -> dict[str, Any]:
        # Images before the text, as Anthropic's vision guide recommends.
        content: list[dict[str, Any]] = [
            {"type": "image", "source": {"type": "base64", "media_type": mime,
                                         "data": base64.b64encode(data).decode()}}
            for data, mime in request.images
        ]
        content.append({"type": "text", "text": request.user})
        payload: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_tokens,
            "messages": [{"role": "user", "content": content}],
        }
        family = family_for(self.model)
        system = request.system
        if request.temperature is not None and family.temperature:
            payload["temperature"] = request.temperature
        if request.json_schema is not None:
            payload["tools"] = [{
                "name": request.schema_name,
                "description": "Return the answer as this tool's input.",
                "input_schema": request.json_schema,
            }]
            if family.forced_tool:
                payload["tool_choice"] = {"type": "tool", "name": request.schema_name}
            else:
                # The tool is offered, not forced: the instruction asks for it, and a JSON text answer is read too.
                payload["tool_choice"] = {"type": "auto"}
                system = f"{system}\n\nAnswer only by calling the tool {request.schema_name}.".strip()
        if system:
            payload["system"] = system  # not a message role in this API
        return payload

    def complete(self, request: ChatRequest) -> ChatResponse:
        response = self._post("v1/messages", self.payload(request), self._headers())
        body = self._json(response)
        blocks = [b for b in body.get("content") or [] if isinstance(b, dict)]
        usage = json_object(body.get("usage"))
        stop_reason = str(body.get("stop_reason") or "")
        text = "".join(b.get("text", "") for b in blocks if b.get("type") == "text")
        tool_uses = [b for b in blocks if b.get("type") == "tool_use"]
        tool_input = next((b.get("input") for b in tool_uses if b.get("name") == request.schema_name), None)
        if request.json_schema is not None and tool_input is not None:
            # `text` always holds the JSON answer, as with the other providers, for logs and repair.
            text = json.dumps(tool_input)
        result = ChatResponse(
            text=text,
            input_tokens=int(usage.get("input_tokens") or 0),
            output_tokens=int(usage.get("output_tokens") or 0),
            model=str(body.get("model") or self.model),
            finish_reason=stop_reason,
            raw_meta={"id": body.get("id", ""), "request_id": response.headers.get("request-id", ""),
                      "usage": usage},
        )
        if stop_reason == "refusal":
            result.refusal = text or "refusal"
            raise LLMError("refusal", result.refusal, response=result)
        if request.json_schema is not None:
            offered_only = not family_for(self.model).forced_tool
            if tool_input is None and stop_reason not in TRUNCATED and not (offered_only and text.strip()):
                detail = "the answer has no tool_use block for the schema"
                raise LLMError("invalid_output", detail, response=result)
            result.data = parse_json_output(result, request.json_schema, truncated=stop_reason in TRUNCATED)
        return result

    def _error(self, response: httpx.Response, *, kind: str | None = None) -> LLMError:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        if isinstance(error, dict) and error.get("type") == "overloaded_error":
            kind = "overloaded"  # 529 as documented; the type decides if a proxy rewrote the status
        return super()._error(response, kind=kind)
