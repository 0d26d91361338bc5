"""Fake OpenAI Images API (specs/openai-images.md): `/v1/images/generations`, `/v1/images/edits` (multipart,
specs/reference-images.md section 1), `/v1/models`, URL results."""

from __future__ import annotations

import base64
import itertools
import time

from .server import (
    GARBAGE_IMAGE,
    FakeServer,
    Fault,
    Reply,
    Request,
    decoded_image,
    json_reply,
    parse_form,
    png_bytes,
)

GPT_IMAGE_MODELS = {"gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gpt-image-1"}
# Token usage of one GPT image generation, in the wire shape (`ImagesResponse.usage` of openai-python).
USAGE = {"total_tokens": 1100, "input_tokens": 50, "output_tokens": 1050,
         "input_tokens_details": {"text_tokens": 50, "image_tokens": 0}}
EDIT_IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
MAX_EDIT_IMAGES = 16
MAX_EDIT_IMAGE_BYTES = 50 * 1024 * 1024
IMAGE_TOKENS_PER_INPUT = 323  # input image tokens billed per reference at low fidelity (illustrative)
SIZES = {
    "dall-e-3": {"1024x1024", "1792x1024", "1024x1792"},
    "dall-e-2": {"256x256", "512x512", "1024x1024"},
    "gpt-image": {"1024x1024", "1536x1024", "1024x1536", "auto"},
}


def openai_error(
    status: int, message: str, type_: str = "invalid_request_error", code=None, param=None, headers=None
) -> Reply:
    error = {"message": message, "type": type_, "param": param, "code": code}
    return json_reply(status, {"error": error}, headers)


class FakeOpenAIImages(FakeServer):
    api_key = "sk-test-openai-0123456789abcdef"
    paid_path = "/images/"  # generations and edits

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def reset_state(self):
        self.garbage_urls = False
        self._ids = itertools.count(1)
        self.revised_prompt_prefix = "A vivid rendering of: "
        self.retired: set[str] = set()  # models shut down: generation and retrieval answer 404

    # Faults in OpenAI's shapes.
    def rate_limit(self, retry_after: str | None = "2", retry_after_ms: str | None = None, times=1):
        headers = {k: v for k, v in (("retry-after", retry_after), ("retry-after-ms", retry_after_ms)) if v}
        message = "Rate limit reached for images per minute."
        reply = openai_error(429, message, "requests", "rate_limit_exceeded", headers=headers)
        self.inject(Fault(path="/images/", reply=reply, times=times))

    def insufficient_quota(self):
        message = "You exceeded your current quota, please check your plan and billing details."
        reply = openai_error(429, message, "insufficient_quota", "insufficient_quota")
        self.inject(Fault(path="/images/", reply=reply))

    def server_error(self, status: int = 500, times=1):
        reply = openai_error(status, "The server had an error while processing your request.", "server_error")
        self.inject(Fault(path="/images/", reply=reply, times=times))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def garbage_image(self):
        """The next gpt-image answer carries bytes that are not an image; `garbage_urls` does so for URLs."""
        body = {"created": 1, "data": [{"b64_json": base64.b64encode(GARBAGE_IMAGE).decode()}]}
        self.inject(Fault(path="/images/", reply=json_reply(200, body)))

    def refuse(self, dall_e: bool = False):
        """The next generation is refused by moderation, in the shape its model family uses."""
        if dall_e:
            reply = openai_error(400, "Your request was rejected as a result of our safety system.",
                                 code="content_policy_violation")
        else:
            message = "Your request was rejected by the safety system. safety_violations=[sexual]."
            body = {"error": {"message": message, "type": "image_generation_user_error", "param": None,
                              "code": "moderation_blocked",
                              "moderation_details": {"moderation_stage": "output", "categories": ["sexual"]}}}
            reply = json_reply(400, body)
        self.inject(Fault(path="/images/", reply=reply))

    def handle(self, request: Request) -> Reply:
        if request.method == "GET" and request.path.startswith("/files/"):
            data = GARBAGE_IMAGE if self.garbage_urls else self._file(request.path)
            return Reply(200, data, {"Content-Type": "image/png"})
        auth = request.headers.get("authorization", "")
        if auth != f"Bearer {self.api_key}":
            # The real API echoes the key it was given (partly masked); echoing it whole tests redaction.
            message = f"Incorrect API key provided: {auth.removeprefix('Bearer ')}."
            return openai_error(401, message, code="invalid_api_key")
        if request.method == "GET" and request.path == "/v1/models":
            ids = ["gpt-4.1", *sorted(GPT_IMAGE_MODELS), "dall-e-3"]
            return json_reply(200, {"object": "list", "data": [{"id": i, "object": "model"} for i in ids]})
        if request.method == "GET" and request.path.startswith("/v1/models/"):
            return self._model(request.path.removeprefix("/v1/models/"))
        if request.method == "POST" and request.path == "/v1/images/generations":
            return self._generate(request)
        if request.method == "POST" and request.path == "/v1/images/edits":
            return self._edit(request)
        return openai_error(404, f"Unknown request URL: {request.method} {request.path}.")

    def _generate(self, request: Request) -> Reply:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return openai_error(400, "Content-Type must be application/json.")
        try:
            body = request.json()
        except ValueError:
            return openai_error(400, "We could not parse the JSON body of your request.")
        model = body.get("model", "dall-e-2")
        if model in self.retired:
            return self._retired(model)
        if not body.get("prompt"):
            return openai_error(400, "Missing required parameter: 'prompt'.", param="prompt")
        gpt = model in GPT_IMAGE_MODELS
        if not gpt and model not in SIZES:
            message = f"The model '{model}' does not exist."
            return openai_error(404, message, code="model_not_found", param="model")
        if gpt and "response_format" in body:
            message = "Unknown parameter: 'response_format'."
            return openai_error(400, message, code="unknown_parameter", param="response_format")
        if model == "dall-e-3" and body.get("n", 1) != 1:
            return openai_error(400, "You must provide n=1 for this model.", param="n")
        size = body.get("size", "auto" if gpt else "1024x1024")
        if not self._size_ok(model, size):
            return openai_error(400, f"Invalid value: '{size}'.", code="invalid_value", param="size")
        width, height = (1024, 1024) if size == "auto" else map(int, size.split("x"))
        created = int(time.time())
        if gpt:
            image = base64.b64encode(png_bytes(width, height)).decode()
            self.record_paid(usage=USAGE)
            return json_reply(200, {
                "created": created, "data": [{"b64_json": image}], "background": "opaque",
                "output_format": "png",
                "size": size, "quality": body.get("quality", "medium"),
                "usage": USAGE,
            }, {"x-request-id": f"req_{next(self._ids)}"})
        self.record_paid()  # DALL-E is priced per image and reports no usage
        item = {"revised_prompt": self.revised_prompt_prefix + body["prompt"]} if model == "dall-e-3" else {}
        if body.get("response_format") == "b64_json":
            item["b64_json"] = base64.b64encode(png_bytes(width, height)).decode()
        else:
            item["url"] = f"{self.url}/files/img-{next(self._ids)}-{width}x{height}.png?se=2099&sig=abc"
        request_id = {"x-request-id": f"req_{next(self._ids)}"}
        return json_reply(200, {"created": created, "data": [item]}, request_id)

    def _edit(self, request: Request) -> Reply:
        """`CreateImageEditRequest` as multipart: `image` (one file) or `image[]` (one part per file)."""
        form = parse_form(request)
        if form is None:
            return openai_error(400, "Content-Type must be multipart/form-data.")
        fields, files = form
        model = fields.get("model", "gpt-image-1.5")
        if model in self.retired:
            return self._retired(model)
        if model not in GPT_IMAGE_MODELS:
            return openai_error(400, f"Invalid value: '{model}'. Edits with references need a GPT image model.",
                                code="invalid_value", param="model")
        images = [f for f in files if f.name in ("image", "image[]")]
        if {f.name for f in images} == {"image", "image[]"} or len([f for f in images if f.name == "image"]) > 1:
            return openai_error(400, "Send one 'image' or several 'image[]' parts.", param="image")
        if unknown := [f.name for f in files if f.name not in ("image", "image[]", "mask")]:
            return openai_error(400, f"Unknown parameter: '{unknown[0]}'.", code="unknown_parameter",
                                param=unknown[0])
        if not images:
            return openai_error(400, "Missing required parameter: 'image'.", param="image")
        if len(images) > MAX_EDIT_IMAGES:
            return openai_error(400, f"Invalid 'image': expected at most {MAX_EDIT_IMAGES} images.", param="image")
        for part in images:
            if part.content_type not in EDIT_IMAGE_TYPES or len(part.data) >= MAX_EDIT_IMAGE_BYTES:
                message = f"Invalid file '{part.filename}': unsupported mimetype ('{part.content_type}')."
                return openai_error(400, message, code="invalid_image_format", param="image")
            if decoded_image(part.data) is None:
                return openai_error(400, f"Invalid image file '{part.filename}'.", code="invalid_image",
                                    param="image")
        if not fields.get("prompt"):
            return openai_error(400, "Missing required parameter: 'prompt'.", param="prompt")
        if "response_format" in fields:
            return openai_error(400, "Unknown parameter: 'response_format'.", code="unknown_parameter",
                                param="response_format")
        fidelity = fields.get("input_fidelity")
        if fidelity is not None and (fidelity not in ("high", "low") or model == "gpt-image-1-mini"):
            return openai_error(400, f"Invalid value for 'input_fidelity' with {model}.", code="invalid_value",
                                param="input_fidelity")
        if fields.get("n", "1") not in {str(n) for n in range(1, 11)}:
            return openai_error(400, "Invalid 'n'.", code="invalid_value", param="n")
        size = fields.get("size", "1024x1024")
        if not self._size_ok(model, size):
            return openai_error(400, f"Invalid value: '{size}'.", code="invalid_value", param="size")
        width, height = (1024, 1024) if size == "auto" else map(int, size.split("x"))
        image_tokens = IMAGE_TOKENS_PER_INPUT * len(images) * (4 if fidelity == "high" else 1)
        usage = {"total_tokens": 1100 + image_tokens, "input_tokens": 50 + image_tokens, "output_tokens": 1050,
                 "input_tokens_details": {"text_tokens": 50, "image_tokens": image_tokens}}
        self.record_paid(usage=usage)
        return json_reply(200, {
            "created": int(time.time()), "data": [{"b64_json": base64.b64encode(png_bytes(width, height)).decode()}],
            "background": "opaque", "output_format": fields.get("output_format", "png"), "size": size,
            "quality": fields.get("quality", "medium"), "usage": usage,
        }, {"x-request-id": f"req_{next(self._ids)}"})

    def _model(self, model: str) -> Reply:
        if model in self.retired or (model not in GPT_IMAGE_MODELS and model not in SIZES and model != "gpt-4.1"):
            return openai_error(404, f"The model '{model}' does not exist", code="model_not_found", param="model")
        return json_reply(200, {"id": model, "object": "model", "created": 1698785189, "owned_by": "system"})

    @staticmethod
    def _retired(model: str) -> Reply:
        message = (f"The model `{model}` has been deprecated, learn more here: "
                   "https://platform.openai.com/docs/deprecations")
        return openai_error(404, message, code="model_not_found", param="model")

    @staticmethod
    def _size_ok(model: str, size: str) -> bool:
        if model == "gpt-image-2" and size != "auto":
            try:
                w, h = map(int, size.split("x"))
            except ValueError:
                return False
            return w % 16 == 0 and h % 16 == 0 and max(w, h) <= 3 * min(w, h) and w * h <= 3840 * 2160
        return size in SIZES.get(model, SIZES["gpt-image"])

    @staticmethod
    def _file(path: str) -> bytes:
        width, height = map(int, path.rsplit("-", 1)[1].removesuffix(".png").split("x"))
        return png_bytes(width, height)

