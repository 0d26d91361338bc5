"""Fake OpenAI Chat Completions (specs/openai-chat.md), plus `ChatFake`, the canned-answer queue that the
Anthropic and Gemini chat fakes share.

Tests queue what the model "says" (`answer_json`, `answer_text`) or how it misbehaves
(`malformed_output`, `truncated_output`, `refuse`); with nothing queued, a schema request gets an object
made up from the schema, so callers elsewhere can use a fake without scripting it.
"""

from __future__ import annotations

import base64
import binascii
import collections
import json
import re

from .server import FakeServer, Fault, Reply, Request, json_reply

SCHEMA_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
DATA_URL = re.compile(r"^data:(image/(?:png|jpeg|gif|webp));base64,(.*)$", re.S)
ROLES = {"system", "developer", "user", "assistant", "tool"}
IMAGE_TOKENS = 85  # what a low-detail image costs on OpenAI; any constant does for a fake


def estimate_tokens(text: str) -> int:
    return max(len(text) // 4, 1) if text else 0


def is_base64(text) -> bool:
    try:
        return isinstance(text, str) and bool(text) and bool(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return False


def sample_for(schema: dict):
    """A value of the schema's shape, for answers nobody scripted."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return sample_for(schema["anyOf"][0])
    if kind == "object":
        return {name: sample_for(sub) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [sample_for(schema.get("items") or {"type": "string"})]
    return {"string": "fake", "integer": 1, "number": 1.0, "boolean": True, "null": None}.get(kind, "fake")


class ChatFake(FakeServer):
    """Base for the chat fakes: each queued answer serves one valid request, in order."""

    fault_path = ""  # path part the shared HTTP faults apply to

    def reset_state(self):
        self._answers = collections.deque()
        self.default_text = "A plain answer from the fake model."

    def _queue(self, kind: str, value=None, times: int = 1):
        with self._lock:
            self._answers.extend([(kind, value)] * times)

    def answer_json(self, obj, *, times: int = 1):
        """The model answers with this object serialised as JSON (or as the tool input)."""
        self._queue("json", obj, times)

    def answer_text(self, text: str, *, times: int = 1):
        self._queue("text", text, times)

    def malformed_output(self):
        """The model answers with JSON that does not parse, in an otherwise well-formed response."""
        self._queue("malformed", '{"product": "running shoe", "audience": [')

    def truncated_output(self, obj=None):
        """The model runs out of max tokens half way through this object (else a sampled one)."""
        self._queue("truncated", obj)

    def refuse(self, text: str = "I'm sorry, but I can't help with that."):
        self._queue("refusal", text)

    def next_answer(self, request: Request, schema: dict | None) -> tuple[str, object]:
        with self._lock:
            # A slow request woken by `reset` belongs to a finished test: it must not take this test's answer.
            stale = not any(r is request for r in self.requests)
            if self._answers and not stale:
                kind, value = self._answers.popleft()
                if kind == "truncated" and value is None:
                    value = sample_for(schema or {"type": "object"})
                return kind, value
        if schema is not None:
            return "json", sample_for(schema)
        return "text", self.default_text


class FakeOpenAIChat(ChatFake):
    api_key = "sk-test-openai-chat-0123456789abcdef"
    fault_path = "/chat/completions"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def rate_limit(self, retry_after: str | None = "2", retry_after_ms: str | None = None, times: int = 1):
        headers = {k: v for k, v in (("retry-after", retry_after), ("retry-after-ms", retry_after_ms)) if v}
        headers["x-ratelimit-remaining-requests"] = "0"
        reply = openai_error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded",
                             headers=headers)
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def insufficient_quota(self):
        message = "You exceeded your current quota, please check your plan and billing details."
        reply = openai_error(429, message, "insufficient_quota", "insufficient_quota")
        self.inject(Fault(path=self.fault_path, reply=reply))

    def server_error(self, status: int = 500, times: int = 1):
        reply = openai_error(status, "The server had an error while processing your request.", "server_error")
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def overloaded(self, times: int = 1):
        reply = openai_error(503, "The server is overloaded or not ready yet.", "server_error")
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def handle(self, request: Request) -> Reply:
        auth = request.headers.get("authorization", "")
        if auth != f"Bearer {self.api_key}":
            # The real API echoes the key (partly masked); echoing it whole proves clients redact it.
            return openai_error(401, f"Incorrect API key provided: {auth.removeprefix('Bearer ')}.",
                                code="invalid_api_key")
        if (request.method, request.path) != ("POST", "/v1/chat/completions"):
            return openai_error(404, f"Unknown request URL: {request.method} {request.path}.")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return openai_error(400, "Content-Type must be application/json.")
        try:
            body = request.json()
        except ValueError:
            return openai_error(400, "We could not parse the JSON body of your request.")
        if not isinstance(body, dict):
            return openai_error(400, "The request body must be a JSON object.")
        if problem := _request_problem(body):
            return openai_error(400, problem[0], param=problem[1])
        response_format = body.get("response_format") or {}
        schema = response_format.get("json_schema", {}).get("schema")
        return self._answer(body, *self.next_answer(request, schema))

    def _answer(self, body: dict, kind: str, value) -> Reply:
        content, refusal, finish = None, None, "stop"
        if kind == "json":
            content = json.dumps(value)
        elif kind in ("text", "malformed"):
            content = value
        elif kind == "truncated":
            text = json.dumps(value)
            content, finish = text[: len(text) // 2], "length"
        elif kind == "refusal":
            refusal = value
        prompt_tokens = 0
        for message in body["messages"]:
            parts = message["content"] if isinstance(message["content"], list) else [message["content"]]
            for part in parts:
                text = part if isinstance(part, str) else part.get("text", "")
                prompt_tokens += estimate_tokens(text) + (IMAGE_TOKENS if isinstance(part, dict) and
                                                          part.get("type") == "image_url" else 0)
        completion_tokens = estimate_tokens(content or refusal or "")
        message = {"role": "assistant", "content": content, "refusal": refusal, "annotations": []}
        return json_reply(200, {
            "id": f"chatcmpl-fake{len(self.requests)}", "object": "chat.completion", "created": 1741570283,
            "model": body["model"], "service_tier": "default", "system_fingerprint": None,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens,
                      "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                      "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}},
        }, {"x-request-id": f"req_fake{len(self.requests)}"})


def openai_error(status: int, message: str, type_: str = "invalid_request_error", code=None, param=None,
                 headers=None) -> Reply:
    error = {"message": message, "type": type_, "param": param, "code": code}
    return json_reply(status, {"error": error}, headers)


def _request_problem(body: dict) -> tuple[str, str] | None:
    """(message, param) of the first thing the real API would reject, or None."""
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "Missing required parameter: 'model'.", "model"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "Missing required parameter: 'messages'.", "messages"
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            return f"Invalid value for 'messages[{i}].role'.", f"messages[{i}].role"
        content = message.get("content")
        if isinstance(content, str):
            continue
        if not isinstance(content, list) or not content:
            return f"Invalid type for 'messages[{i}].content'.", f"messages[{i}].content"
        for j, part in enumerate(content):
            param = f"messages[{i}].content[{j}]"
            if not isinstance(part, dict) or part.get("type") not in ("text", "image_url"):
                return f"Invalid value for '{param}.type'.", param
            if part["type"] == "text" and not isinstance(part.get("text"), str):
                return f"Missing required parameter: '{param}.text'.", param
            if part["type"] == "image_url":
                url = (part.get("image_url") or {}).get("url", "")
                match = DATA_URL.match(url)
                if not url.startswith("https://") and not (match and is_base64(match[2])):
                    return "Invalid image URL: expected a https URL or a base64 data URL.", param
    for name in ("max_tokens", "max_completion_tokens"):
        if name in body and (not isinstance(body[name], int) or body[name] < 1):
            return f"Invalid value for '{name}': expected an integer >= 1.", name
    response_format = body.get("response_format")
    if response_format is None:
        return None
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in ("text", "json_object", "json_schema"):
        return "Invalid value for 'response_format.type'.", "response_format"
    if kind != "json_schema":
        return None
    spec = response_format.get("json_schema")
    if not isinstance(spec, dict) or not SCHEMA_NAME.match(str(spec.get("name", ""))):
        message = "Invalid 'response_format.json_schema.name': must match ^[a-zA-Z0-9_-]{1,64}$."
        return message, "response_format"
    if not isinstance(spec.get("schema"), dict):
        return "Missing required parameter: 'response_format.json_schema.schema'.", "response_format"
    if spec.get("strict") and (problem := _strict_problem(spec["schema"], "()")):
        return f"Invalid schema for response_format '{spec['name']}': In context={problem}", "response_format"
    return None


def _strict_problem(schema: dict, context: str) -> str | None:
    """Strict mode's best-known rules: every object closes `additionalProperties` and requires every key."""
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        properties = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            return f"{context}, 'additionalProperties' is required to be supplied and to be false."
        if missing := [key for key in properties if key not in (schema.get("required") or [])]:
            return (f"{context}, 'required' is required to be supplied and to be an array including every "
                    f"key in properties. Missing '{missing[0]}'.")
        for name, sub in properties.items():
            inner = f"{context}, ('properties', '{name}')"
            if isinstance(sub, dict) and (problem := _strict_problem(sub, inner)):
                return problem
    subs = [schema.get("items"), *(schema.get("anyOf") or []), *(schema.get("$defs") or {}).values()]
    for sub in subs:
        if isinstance(sub, dict) and (problem := _strict_problem(sub, context)):
            return problem
    return None
