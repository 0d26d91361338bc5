"""Fake Anthropic Messages API `POST /v1/messages` (specs/anthropic-messages.md), Anthropic's error shape."""

from __future__ import annotations

import json
import re

from .openai_chat import ChatFake, estimate_tokens, is_base64
from .server import Fault, Reply, Request, json_reply

API_VERSION = "2023-06-01"
TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
IMAGE_TOKENS = 1600  # about what a 1024x1024 image costs (w*h/750, capped); any constant does for a fake


# Families that answer 400 to parameters older models take (see creative.llm.anthropic.FAMILIES).
NO_SAMPLING = ("claude-opus-4-7", "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5", "claude-fable-5",
               "claude-mythos")
NO_FORCED_TOOL = ("claude-opus-4-7", "claude-mythos-preview")


def anthropic_error(status: int, type_: str, message: str, headers=None) -> Reply:
    body = {"type": "error", "error": {"type": type_, "message": message}, "request_id": "req_fake_error"}
    return json_reply(status, body, {"request-id": "req_fake_error", **(headers or {})})


class FakeAnthropic(ChatFake):
    api_key = "sk-ant-test-0123456789abcdef"
    fault_path = "/v1/messages"

    def rate_limit(self, retry_after: str | None = "2", times: int = 1):
        headers = {"anthropic-ratelimit-requests-limit": "50", "anthropic-ratelimit-requests-remaining": "0",
                   "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:02Z"}
        if retry_after:
            headers["retry-after"] = retry_after
        reply = anthropic_error(429, "rate_limit_error", "Number of requests has exceeded your rate limit.",
                                headers)
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def overloaded(self, times: int = 1):
        self.inject(Fault(path=self.fault_path, reply=anthropic_error(529, "overloaded_error", "Overloaded"),
                          times=times))

    def server_error(self, status: int = 500, times: int = 1):
        reply = anthropic_error(status, "api_error", "Internal server error")
        self.inject(Fault(path=self.fault_path, reply=reply, times=times))

    def handle(self, request: Request) -> Reply:
        key = request.headers.get("x-api-key", "")
        if key != self.api_key:
            # The real message names no key; echoing it proves clients redact error details anyway.
            return anthropic_error(401, "authentication_error", f"invalid x-api-key: {key}")
        version = request.headers.get("anthropic-version")
        if version is None:
            return anthropic_error(400, "invalid_request_error", "anthropic-version: header is required")
        if version != API_VERSION:
            message = f"anthropic-version: invalid version {version}"
            return anthropic_error(400, "invalid_request_error", message)
        if (request.method, request.path) != ("POST", "/v1/messages"):
            return anthropic_error(404, "not_found_error", f"Not found: {request.method} {request.path}")
        try:
            body = request.json()
        except ValueError:
            message = "There was an error parsing the body as JSON."
            return anthropic_error(400, "invalid_request_error", message)
        if not isinstance(body, dict):
            return anthropic_error(400, "invalid_request_error", "body: Input should be an object")
        if problem := _request_problem(body) or _family_problem(body):
            return anthropic_error(400, "invalid_request_error", problem)
        choice = body.get("tool_choice") or {}
        forced = choice.get("name") if choice.get("type") == "tool" else None
        tools = body.get("tools") or []
        if choice.get("type") in ("auto", None) and len(tools) == 1:
            forced = tools[0]["name"]  # offered one tool and asked for it, the model calls it
        tool = next((t for t in body.get("tools") or [] if t["name"] == forced), None)
        kind, value = self.next_answer(request, tool["input_schema"] if tool else None)
        return self._answer(body, forced, kind, value)

    def _answer(self, body: dict, tool_name: str | None, kind: str, value) -> Reply:
        stop_reason, output = "end_turn", ""
        if kind == "json" and tool_name:
            stop_reason, output = "tool_use", json.dumps(value)
            content = [{"type": "tool_use", "id": f"toolu_fake{len(self.requests)}", "name": tool_name,
                        "input": value}]
        elif kind == "json":
            output = json.dumps(value)
            content = [{"type": "text", "text": output}]
        elif kind in ("text", "malformed"):
            # A forced tool makes the real model call it; a text answer here stands for a model that
            # ignored the instruction, which clients must treat as output they cannot use.
            output = value
            content = [{"type": "text", "text": value}]
        elif kind == "truncated" and tool_name:
            # Cut off mid tool call: only the keys produced before max_tokens made it into `input`.
            keys = list(value)[: len(value) // 2]
            partial = {k: value[k] for k in keys}
            stop_reason, output = "max_tokens", json.dumps(partial)
            content = [{"type": "tool_use", "id": f"toolu_fake{len(self.requests)}", "name": tool_name,
                        "input": partial}]
        elif kind == "truncated":
            text = json.dumps(value)
            stop_reason, output = "max_tokens", text[: len(text) // 2]
            content = [{"type": "text", "text": output}]
        else:  # refusal: a 200 whose stop reason says so; the classifier stopped the output
            stop_reason, content = "refusal", []
        input_tokens = estimate_tokens(body.get("system") if isinstance(body.get("system"), str) else "")
        for message in body["messages"]:
            blocks = message["content"] if isinstance(message["content"], list) else [message["content"]]
            for block in blocks:
                if isinstance(block, str):
                    input_tokens += estimate_tokens(block)
                elif block.get("type") == "image":
                    input_tokens += IMAGE_TOKENS
                else:
                    input_tokens += estimate_tokens(block.get("text", ""))
        for tool in body.get("tools") or []:
            input_tokens += estimate_tokens(json.dumps(tool))
        request_id = f"req_fake{len(self.requests)}"
        return json_reply(200, {
            "id": f"msg_fake{len(self.requests)}", "type": "message", "role": "assistant",
            "model": body["model"],
            "content": content, "stop_reason": stop_reason, "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": estimate_tokens(output),
                      "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                      "service_tier": "standard"},
        }, {"request-id": request_id, "anthropic-ratelimit-requests-remaining": "49"})


def _request_problem(body: dict) -> str | None:
    """The first thing the real API would reject, in its `field: message` style, or None."""
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        return "max_tokens: Field required"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: Field required"
    system = body.get("system", "")
    if not isinstance(system, (str, list)):
        return "system: Input should be a valid string or list of text blocks"
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            return f"messages.{i}.role: Input should be 'user' or 'assistant'"
        content = message.get("content")
        if isinstance(content, str):
            continue
        if not isinstance(content, list) or not content:
            return f"messages.{i}.content: Input should be a valid string or list"
        for j, block in enumerate(content):
            if problem := _block_problem(block):
                return f"messages.{i}.content.{j}: {problem}"
    tools = body.get("tools") or []
    for i, tool in enumerate(tools):
        if not isinstance(tool, dict) or not TOOL_NAME.match(str(tool.get("name", ""))):
            return f"tools.{i}.name: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'"
        schema = tool.get("input_schema")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return f"tools.{i}.input_schema: Input schema must have type 'object'"
    choice = body.get("tool_choice")
    if choice is not None:
        if not isinstance(choice, dict) or choice.get("type") not in ("auto", "any", "tool", "none"):
            return "tool_choice: Input tag does not match any of the expected tags"
        if choice["type"] == "tool" and choice.get("name") not in {t["name"] for t in tools}:
            return f"tool_choice: Tool '{choice.get('name')}' not found in tools"
    return None


def _family_problem(body: dict) -> str | None:
    model = body["model"]
    if model.startswith(NO_SAMPLING) and "temperature" in body:
        return "`temperature` is deprecated for this model."
    choice = body.get("tool_choice") or {}
    if model.startswith(NO_FORCED_TOOL) and choice.get("type") in ("any", "tool"):
        return "Thinking may not be enabled when tool_choice forces tool use."
    return None


def _block_problem(block) -> str | None:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind == "text":
        return None if isinstance(block.get("text"), str) else "text: Field required"
    if kind == "image":
        source = block.get("source") if isinstance(block.get("source"), dict) else {}
        if source.get("type") == "url":
            return None if str(source.get("url", "")).startswith("https://") else "source.url: invalid URL"
        if source.get("type") != "base64":
            return "source.type: Input tag does not match any of the expected tags: 'base64', 'url'"
        if source.get("media_type") not in MEDIA_TYPES:
            return f"source.media_type: Input should be {', '.join(sorted(MEDIA_TYPES))}"
        if not is_base64(source.get("data")):  # a `data:` URL prefix fails here, as it does on the real API
            return "source.data: The image data is not valid base64"
        return None
    if kind in ("tool_use", "tool_result"):
        return None
    return "type: Input tag does not match any of the expected tags"
