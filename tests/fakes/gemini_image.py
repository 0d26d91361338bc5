"""Fake Gemini API `generateContent` for image models (specs/google-gemini-chat.md), Google error shape.

Reference images arrive as inline parts (specs/reference-images.md section 2): both casings are accepted, as
Google's REST examples and SDK builds use both; the per-model image counts are enforced.
"""

from __future__ import annotations

import base64
import re

from .imagen import google_error, retry_info
from .server import (
    GARBAGE_IMAGE,
    FakeServer,
    Fault,
    Reply,
    Request,
    decoded_base64_image,
    json_reply,
    png_bytes,
)

MODELS = {"gemini-2.5-flash-image", "gemini-3-pro-image-preview", "gemini-3.1-flash-image"}
# gemini-2.5-flash-image output sizes per aspect ratio (1K); Gemini 3 models scale them by imageSize.
SIZES = {
    "1:1": (1024, 1024), "2:3": (832, 1248), "3:2": (1248, 832), "3:4": (864, 1184), "4:3": (1184, 864),
    "4:5": (896, 1152), "5:4": (1152, 896), "9:16": (768, 1344), "16:9": (1344, 768), "21:9": (1536, 672),
}
SCALE = {"1K": 1, "2K": 2, "4K": 4}
MAX_IMAGES = {"gemini-2.5-flash-image": 3}  # 14 for the Gemini 3 image models
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
MAX_INLINE_BYTES = 7 * 1024 * 1024
TOKENS_PER_INPUT_IMAGE = 258
GENERATE = re.compile(r"^/v1beta/models/([^/:]+):generateContent$")
# What one image costs in tokens, in the wire shape: a text prompt in, one image (and a line of text) out.
USAGE = {"promptTokenCount": 14, "candidatesTokenCount": 1298, "totalTokenCount": 1312,
         "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 14}],
         "candidatesTokensDetails": [{"modality": "TEXT", "tokenCount": 8},
                                     {"modality": "IMAGE", "tokenCount": 1290}]}


class FakeGeminiImage(FakeServer):
    api_key = "AIza-test-gemini-0123456789abcdef"
    paid_path = ":generateContent"

    def rate_limit(self, retry_delay: str = "35s"):
        details = [retry_info(retry_delay), {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                                              "violations": [{"quotaMetric": "generate_content_requests"}]}]
        reply = google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", details)
        self.inject(Fault(path=":generate", reply=reply))

    def server_error(self, status: int = 500):
        names = {500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
        message = "The model is overloaded. Please try again later." if status == 503 else "Internal error."
        reply = google_error(status, names.get(status, "INTERNAL"), message)
        self.inject(Fault(path=":generate", reply=reply))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def block_prompt(self, reason: str = "PROHIBITED_CONTENT"):
        body = {"promptFeedback": {"blockReason": reason, "safetyRatings": []},
                "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12}, "modelVersion": "fake"}
        self.inject(Fault(path=":generate", reply=json_reply(200, body)))

    refuse = block_prompt

    def finish_without_image(self, reason: str = "IMAGE_SAFETY", text: str | None = None):
        parts = [{"text": text}] if text else []
        candidate = {"content": {"role": "model", "parts": parts}, "finishReason": reason, "index": 0}
        body = {"candidates": [candidate],
                "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12}}
        self.inject(Fault(path=":generate", reply=json_reply(200, body)))

    def garbage_image(self):
        self.inject(Fault(path=":generate", reply=self._answer("gemini-2.5-flash-image", GARBAGE_IMAGE)))

    def handle(self, request: Request) -> Reply:
        key = request.headers.get("x-goog-api-key") or request.query.get("key", "")
        if key != self.api_key:
            # Google's real message names no key; a fake that echoes it proves adapters redact anyway.
            info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}
            message = f"API key not valid: {key}. Please pass a valid API key."
            return google_error(400, "INVALID_ARGUMENT", message, [info])
        if request.method == "GET" and request.path == "/v1beta/models":
            names = ["gemini-2.5-flash", *sorted(MODELS)]
            return json_reply(200, {"models": [{"name": f"models/{n}"} for n in names]})
        if request.method == "GET" and request.path.startswith("/v1beta/models/"):
            model = request.path.removeprefix("/v1beta/models/")
            if model not in MODELS:
                return google_error(404, "NOT_FOUND", f"models/{model} is not found for API version v1beta.")
            return json_reply(200, {"name": f"models/{model}", "version": "001", "displayName": model,
                                    "supportedGenerationMethods": ["generateContent", "countTokens"]})
        if request.method == "POST" and (match := GENERATE.match(request.path)):
            return self._generate(request, match[1])
        return google_error(404, "NOT_FOUND", f"Method not found: {request.path}")

    def _generate(self, request: Request, model: str) -> Reply:
        if model not in MODELS:
            return google_error(404, "NOT_FOUND", f"models/{model} is not found for API version v1beta.")
        try:
            body = request.json()
            parts = body["contents"][0]["parts"]
        except (ValueError, KeyError, IndexError, TypeError):
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload: contents[0].parts required.")
        if not any(isinstance(p, dict) and p.get("text") for p in parts):
            return google_error(400, "INVALID_ARGUMENT", "contents.parts must not be empty.")
        images = 0
        for index, part in enumerate(parts):
            inline = part.get("inlineData") or part.get("inline_data") if isinstance(part, dict) else None
            if inline is None:
                continue
            mime = inline.get("mimeType") or inline.get("mime_type") if isinstance(inline, dict) else None
            data = inline.get("data") if isinstance(inline, dict) else None
            where = f"contents[0].parts[{index}].inline_data"
            if mime not in IMAGE_TYPES:
                return google_error(400, "INVALID_ARGUMENT", f"{where}.mime_type: unsupported MIME type {mime!r}.")
            if not isinstance(data, str) or len(data) * 3 // 4 > MAX_INLINE_BYTES:
                return google_error(400, "INVALID_ARGUMENT", f"{where}.data: missing or over 7 MB.")
            if decoded_base64_image(data) is None:
                return google_error(400, "INVALID_ARGUMENT", f"{where}.data: Unable to process input image.")
            images += 1
        if images > MAX_IMAGES.get(model, 14):
            return google_error(400, "INVALID_ARGUMENT",
                                f"{model} takes at most {MAX_IMAGES.get(model, 14)} images per prompt.")
        config = body.get("generationConfig") or body.get("generation_config") or {}
        modalities = config.get("responseModalities") or config.get("response_modalities") or []
        if "IMAGE" not in modalities:
            return google_error(400, "INVALID_ARGUMENT", "responseModalities must include IMAGE.")
        image_config = config.get("imageConfig") or config.get("image_config") or {}
        ratio = image_config.get("aspectRatio") or image_config.get("aspect_ratio") or "1:1"
        if ratio not in SIZES:
            return google_error(400, "INVALID_ARGUMENT", f"Unsupported aspect ratio: {ratio}")
        image_size = image_config.get("imageSize") or image_config.get("image_size")
        if image_size and (model.startswith("gemini-2.5") or image_size not in SCALE):
            return google_error(400, "INVALID_ARGUMENT", f"imageSize {image_size} not supported by {model}.")
        width, height = SIZES[ratio]
        scale = SCALE[image_size or "1K"]
        # 4K at real scale is slow to encode; the fake only needs the right shape.
        if scale == 4:
            scale = 2
        width, height = width * scale, height * scale
        usage = USAGE
        if images:
            image_tokens = TOKENS_PER_INPUT_IMAGE * images
            usage = {**USAGE, "promptTokenCount": USAGE["promptTokenCount"] + image_tokens,
                     "totalTokenCount": USAGE["totalTokenCount"] + image_tokens,
                     "promptTokensDetails": [*USAGE["promptTokensDetails"],
                                             {"modality": "IMAGE", "tokenCount": image_tokens}]}
        self.record_paid(usage=usage)
        return self._answer(model, png_bytes(width, height), usage)

    @staticmethod
    def _answer(model: str, image: bytes, usage: dict = USAGE) -> Reply:
        parts = [{"text": "Here is the image you asked for."},
                 {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(image).decode()}}]
        return json_reply(200, {
            "candidates": [
                {"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0},
            ],
            "usageMetadata": usage,
            "modelVersion": model, "responseId": "resp-fake-1",
        })
