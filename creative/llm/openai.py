"""OpenAI Chat Completions: `POST /v1/chat/completions` (specs/openai-chat.md).

The base URL includes `/v1`, as the official SDK's does, so an OpenAI-compatible relay is just another
base URL. Structured output uses `json_schema` with `strict: true`; strict mode accepts only schemas whose
objects list every property in `required` and set `additionalProperties: false`.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

from creative.providers.base import json_object
from creative.providers.openai import error_object

from .base import ChatClient, ChatRequest, ChatResponse, LLMError, error_for_status, parse_json_output


class OpenAIChat(ChatClient):
    name = "openai"
    default_base_url = "https://api.openai.com/v1"
    key_variable = "OPENAI_API_KEY"
    base_url_variable = "OPENAI_BASE_URL"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"}

    def payload(self, request: ChatRequest) -> dict[str, Any]:
        content: str | list[dict[str, Any]] = request.user
        if request.images:
            content = [{"type": "text", "text": request.user}] + [
                {"type": "image_url", "image_url": {"url": _data_url(data, mime)}}
                for data, mime in request.images
            ]
        messages: list[dict[str, Any]] = [{"role": "user", "content": content}]
        if request.system:
            messages.insert(0, {"role": "system", "content": request.system})
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            # The newer name; reasoning models reject the legacy `max_tokens`.
            "max_completion_tokens": request.max_tokens,
        }
        if request.temperature is not None:
            payload["temperature"] = request.temperature
        if request.json_schema is not None:
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name, "schema": request.json_schema, "strict": True},
            }
        return payload

    def complete(self, request: ChatRequest) -> ChatResponse:
        response = self._post("chat/completions", self.payload(request), self._headers())
        body = self._json(response)
        choices = body.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise LLMError("provider_error", "response has no choices[0]")
        choice = choices[0]
        message = json_object(choice.get("message"))
        usage = json_object(body.get("usage"))
        finish_reason = str(choice.get("finish_reason") or "")
        content, refusal = message.get("content"), message.get("refusal")
        result = ChatResponse(
            text=content if isinstance(content, str) else "",
            input_tokens=int(usage.get("prompt_tokens") or 0),
            # Includes reasoning tokens, which are billed as output.
            output_tokens=int(usage.get("completion_tokens") or 0),
            model=str(body.get("model") or self.model),
            refusal=refusal if isinstance(refusal, str) else "",
            finish_reason=finish_reason,
            raw_meta={"id": body.get("id", ""), "request_id": response.headers.get("x-request-id", ""),
                      "usage": usage},
        )
        if result.refusal or finish_reason == "content_filter":
            result.refusal = result.refusal or "content_filter"
            raise LLMError("refusal", result.refusal, response=result)
        if request.json_schema is not None:
            result.data = parse_json_output(result, request.json_schema, truncated=finish_reason == "length")
        return result

    def _error(self, response: httpx.Response, *, kind: str | None = None) -> LLMError:
        error = error_object(response)
        if error.get("code") == "insufficient_quota":
            # A billing limit, not a rate: waiting does not help, so it is never retried.
            return error_for_status(response, kind="rate_limited", retryable=False, secrets=[self.api_key])
        return super()._error(response, kind=kind)


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"
