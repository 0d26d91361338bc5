"""Fake Gemini API `generateContent` for text and JSON answers (specs/google-gemini-chat.md), Google's
error shape. Accepts camelCase and snake_case fields, as the real REST mapping does."""

from __future__ import annotations

import json
import re

from .openai_chat import ChatFake, estimate_tokens, is_base64
from .server import Fault, Reply, Request, json_reply

GENERATE = re.compile(r"^/v1beta/models/([^/:]+):generateContent$")
IMAGE_TOKENS = 258  # what Gemini reports for an image up to 384 px a side; any constant does for a fake


def google_error(code: int, status: str, message: str, details=None) -> Reply:
    error = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return json_reply(code, {"error": error})


def _field(obj: dict, camel: str):
    """A field under its camelCase name or its snake_case one."""
    snake = re.sub(r"([A-Z])", lambda m: "_" + m[1].lower(), camel)
    return obj.get(camel, obj.get(snake))


class FakeGeminiChat(ChatFake):
    api_key = "AIza-test-gemini-chat-0123456789abcdef"
    fault_path = ":generateContent"

    def rate_limit(self, retry_delay: str = "2s", times: int = 1):
        details = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay},
                   {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                    "violations": [{"quotaMetric": "generate_content_requests"}]}]
        reply = google_error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", details)
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def overloaded(self, times: int = 1):
        reply = google_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def server_error(self, status: int = 500, times: int = 1):
        names = {500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
        reply = google_error(status, names.get(status, "INTERNAL"), "An internal error has occurred.")
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def refuse(self, reason: str = "PROHIBITED_CONTENT", *, prompt: bool = True):
        """Block the prompt (`promptFeedback.blockReason`, no candidates), or the answer (`finishReason`)."""
        self._queue("refusal", (reason, prompt))

    def handle(self, request: Request) -> Reply:
        key = request.headers.get("x-goog-api-key") or request.query.get("key", "")
        if key != self.api_key:
            # Google's real message names no key; echoing it proves clients redact error details anyway.
            info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com"}
            message = f"API key not valid: {key}. Please pass a valid API key."
            return google_error(400, "INVALID_ARGUMENT", message, [info])
        match = GENERATE.match(request.path)
        if request.method != "POST" or not match:
            return google_error(404, "NOT_FOUND", f"Method not found: {request.method} {request.path}")
        try:
            body = request.json()
        except ValueError:
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        if not isinstance(body, dict):
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload: expected an object.")
        if problem := _request_problem(body):
            return google_error(400, "INVALID_ARGUMENT", problem)
        config = _field(body, "generationConfig") or {}
        schema = _field(config, "responseJsonSchema") or _field(config, "responseSchema")
        return self._answer(body, match[1], *self.next_answer(request, schema))

    def _answer(self, body: dict, model: str, kind: str, value) -> Reply:
        prompt_tokens = 0
        for content in body["contents"]:
            for part in content["parts"]:
                image = _field(part, "inlineData")
                prompt_tokens += IMAGE_TOKENS if image else estimate_tokens(part.get("text", ""))
        for part in (_field(body, "systemInstruction") or {}).get("parts") or []:
            prompt_tokens += estimate_tokens(part.get("text", ""))
        answer = {"modelVersion": model, "responseId": f"resp-fake{len(self.requests)}"}
        if kind == "refusal" and value[1]:
            answer["promptFeedback"] = {"blockReason": value[0], "safetyRatings": []}
            answer["usageMetadata"] = {"promptTokenCount": prompt_tokens, "totalTokenCount": prompt_tokens}
            return json_reply(200, answer)
        finish, text = "STOP", ""
        if kind == "json":
            text = json.dumps(value)
        elif kind in ("text", "malformed"):
            text = value
        elif kind == "truncated":
            full = json.dumps(value)
            finish, text = "MAX_TOKENS", full[: len(full) // 2]
        else:
            finish = value[0]
        parts = [{"text": text}] if text else []
        answer["candidates"] = [{
            "content": {"role": "model", "parts": parts}, "finishReason": finish, "index": 0,
            "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                               "probability": "HIGH" if kind == "refusal" else "NEGLIGIBLE"}],
        }]
        output_tokens = estimate_tokens(text)
        answer["usageMetadata"] = {"promptTokenCount": prompt_tokens, "candidatesTokenCount": output_tokens,
                                   "totalTokenCount": prompt_tokens + output_tokens}
        return json_reply(200, answer)


def _request_problem(body: dict) -> str | None:
    """The first thing the real API would reject, in Google's `Invalid JSON payload` style, or None."""
    contents = body.get("contents")
    if not isinstance(contents, list) or not contents:
        return "* GenerateContentRequest.contents: contents is not specified"
    for i, content in enumerate(contents):
        if not isinstance(content, dict) or content.get("role", "user") not in ("user", "model"):
            return f"Please use a valid role: user, model. (contents[{i}])"
        parts = content.get("parts")
        if not isinstance(parts, list) or not parts:
            return f"* GenerateContentRequest.contents[{i}].parts: contents.parts must not be empty."
        for j, part in enumerate(parts):
            if problem := _part_problem(part):
                return f"* GenerateContentRequest.contents[{i}].parts[{j}]: {problem}"
    system = _field(body, "systemInstruction")
    if system is not None and (not isinstance(system, dict) or not isinstance(system.get("parts"), list)):
        return "Invalid JSON payload received. Unknown name for field 'system_instruction'."
    config = _field(body, "generationConfig") or {}
    if not isinstance(config, dict):
        return "Invalid JSON payload received. 'generation_config' must be an object."
    max_tokens = _field(config, "maxOutputTokens")
    if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens < 1):
        return "* GenerateContentRequest.generation_config.max_output_tokens: must be positive"
    json_schema, schema = _field(config, "responseJsonSchema"), _field(config, "responseSchema")
    if json_schema is not None and schema is not None:
        return "response_schema and response_json_schema cannot both be set."
    if (json_schema or schema) is not None:
        if _field(config, "responseMimeType") != "application/json":
            return ("* GenerateContentRequest.generation_config.response_mime_type: must be "
                    "application/json when a response schema is set.")
        if not isinstance(json_schema or schema, dict):
            return "* GenerateContentRequest.generation_config.response_schema: must be an object."
    return None


def _part_problem(part) -> str | None:
    if not isinstance(part, dict):
        return "part must be an object"
    if isinstance(part.get("text"), str):
        return None
    inline = _field(part, "inlineData")
    if isinstance(inline, dict):
        mime = _field(inline, "mimeType")
        if not isinstance(mime, str) or not mime.startswith("image/"):
            return "inline_data.mime_type: unsupported MIME type"
        if not is_base64(inline.get("data")):
            return "inline_data.data: Invalid value (bytes), base64 decoding failed"
        return None
    return "part has no data (text, inline_data, file_data...)"
