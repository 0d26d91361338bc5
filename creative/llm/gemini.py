"""Google Gemini API: `POST /v1beta/models/{model}:generateContent` (specs/google-gemini-chat.md).

The schema goes in `generationConfig.responseJsonSchema`, which takes standard JSON Schema as the
other providers do; `responseSchema` would need a translation to Google's upper-case OpenAPI subset.
A blocked prompt is an HTTP 200 with `promptFeedback.blockReason` and no candidates.
"""

from __future__ import annotations

import base64
import urllib.parse
from typing import Any

import httpx

from creative.providers.base import json_object

from .base import ChatClient, ChatRequest, ChatResponse, LLMError, parse_json_output

# Finish reasons that mean the answer was withheld by a policy, not that it failed.
REFUSAL_REASONS = {
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
}


class GeminiChat(ChatClient):
    name = "gemini"
    default_base_url = "https://generativelanguage.googleapis.com"
    key_variable = "GEMINI_API_KEY"
    base_url_variable = "GEMINI_BASE_URL"

    def _headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.api_key, "Content-Type": "application/json"}

    def payload(self, request: ChatRequest) -> dict[str, Any]:
        parts: list[dict[str, Any]] = [
            {"inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode()}}
            for data, mime in request.images
        ]
        parts.append({"text": request.user})
        config: dict[str, Any] = {"maxOutputTokens": request.max_tokens}
        if request.temperature is not None:
            config["temperature"] = request.temperature
        if request.json_schema is not None:
            config["responseMimeType"] = "application/json"
            config["responseJsonSchema"] = request.json_schema
        payload: dict[str, Any] = {"contents": [{"role": "user", "parts": parts}], "generationConfig": config}
        if request.system:
            payload["systemInstruction"] = {"parts": [{"text": request.system}]}
        return payload

    def complete(self, request: ChatRequest) -> ChatResponse:
        model = urllib.parse.quote(self.model.removeprefix("models/"), safe="-._")
        path = f"v1beta/models/{model}:generateContent"
        response = self._post(path, self.payload(request), self._headers())
        body = self._json(response)
        usage = json_object(body.get("usageMetadata"))
        candidates = [c for c in body.get("candidates") or [] if isinstance(c, dict)]
        candidate = candidates[0] if candidates else {}
        content = json_object(candidate.get("content"))
        parts = [p for p in content.get("parts") or [] if isinstance(p, dict)]
        finish_reason = str(candidate.get("finishReason") or "")
        result = ChatResponse(
            # Thought summaries (`thought: true`) are not the answer.
            text="".join(p.get("text", "") for p in parts if not p.get("thought")),
            input_tokens=int(usage.get("promptTokenCount") or 0),
            # Thinking tokens are billed as output but counted apart from the candidates.
            output_tokens=int(usage.get("candidatesTokenCount") or 0)
            + int(usage.get("thoughtsTokenCount") or 0),
            model=str(body.get("modelVersion") or self.model),
            finish_reason=finish_reason,
            raw_meta={"id": body.get("responseId", ""), "usage": usage},
        )
        feedback = json_object(body.get("promptFeedback"))
        if block_reason := feedback.get("blockReason"):
            result.refusal = f"prompt blocked: {block_reason}"
            raise LLMError("refusal", result.refusal, response=result)
        if finish_reason in REFUSAL_REASONS:
            result.refusal = f"answer withheld: {finish_reason}"
            raise LLMError("refusal", result.refusal, response=result)
        if not candidates:
            detail = "response has no candidates and no block reason"
            raise LLMError("provider_error", detail, response=result)
        if request.json_schema is not None:
            truncated = finish_reason == "MAX_TOKENS"
            result.data = parse_json_output(result, request.json_schema, truncated=truncated)
        return result

    def _error(self, response: httpx.Response, *, kind: str | None = None) -> LLMError:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        error = json_object(error)
        details = error.get("details")
        details = details if isinstance(details, list) else []
        reasons = {d.get("reason") for d in details if isinstance(d, dict)}
        if "API_KEY_INVALID" in reasons or error.get("status") == "PERMISSION_DENIED":
            kind = "auth"  # Google answers a bad key with 400 INVALID_ARGUMENT, not 401
        return super()._error(response, kind=kind)
