"""Fake Stability AI (specs/stability.md): v2beta multipart generate, v1 SDXL JSON, balance, and the async
replace-background-and-relight edit with `/v2beta/results/{id}` (specs/reference-images.md section 5)."""

from __future__ import annotations

import base64
import email.parser
import email.policy
import itertools
import re
import secrets

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

RATIOS = {
    "16:9": (1344, 768), "1:1": (1024, 1024), "21:9": (1536, 640), "2:3": (832, 1216), "3:2": (1216, 832),
    "4:5": (896, 1088), "5:4": (1088, 896), "9:16": (768, 1344), "9:21": (640, 1536),
}
SD3_MODELS = {"sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium", "sd3.5-flash"}
SDXL_SIZES = {(1024, 1024), (1152, 896), (896, 1152), (1216, 832), (832, 1216), (1344, 768), (768, 1344),
              (1536, 640), (640, 1536)}
V2 = re.compile(r"^/v2beta/stable-image/generate/(ultra|core|sd3)$")
V1 = re.compile(r"^/v1/generation/([^/]+)/text-to-image$")
RELIGHT_PATH = "/v2beta/stable-image/edit/replace-background-and-relight"
RESULTS = re.compile(r"^/v2beta/results/([0-9a-f]{64})$")
RELIGHT_IMAGES = ("subject_image", "background_reference", "light_reference")
LIGHT_DIRECTIONS = {"left", "right", "above", "below"}


def v2_error(status: int, name: str, *errors: str, headers=None) -> Reply:
    return json_reply(status, {"id": "e0c1a2b3", "name": name, "errors": list(errors)}, headers)


def v1_error(status: int, name: str, message: str) -> Reply:
    return json_reply(status, {"id": "e0c1a2b3", "name": name, "message": message})


def parse_multipart(request: Request) -> dict[str, str] | None:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return None
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is None:
            fields[name] = part.get_content()
    return fields


class FakeStability(FakeServer):
    api_key = "sk-test-stability-0123456789abcdef"
    paid_path = "/stable-image/"  # v2beta generate and edit; v1 SDXL is matched by `/generat` faults

    def reset_state(self):
        self.credits = 123.5
        self._seeds = itertools.count(343940597)
        self.results: dict[str, dict] = {}  # async edits by generation id
        self.pending_polls = 1  # result fetches answered 202 before an edit is done

    def rate_limit(self, retry_after: str | None = None):
        headers = {"Retry-After": retry_after} if retry_after else None
        self.inject(Fault(path="/generat", reply=v2_error(
            429, "rate_limit_exceeded", "You have exceeded the rate limit of 150 requests within 10 seconds.",
            headers=headers)))

    def server_error(self, status: int = 500):
        reply = v2_error(status, "internal_error", "An unexpected server error.")
        self.inject(Fault(path="/generat", reply=reply))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def moderate(self):
        self.inject(Fault(path="/generat", reply=v2_error(
            403, "content_moderation", "Your request was flagged by our content moderation system.")))

    refuse = moderate

    def no_credits(self):
        reply = v2_error(402, "payment_required", "You lack sufficient credits.")
        self.inject(Fault(path="/generat", reply=reply))

    def filter_output(self):
        """The next v2beta image comes back 200 with finish-reason CONTENT_FILTERED."""
        self.inject(Fault(path="/generat", reply=Reply(200, png_bytes(64, 64, (128, 128, 128)), {
            "Content-Type": "image/png", "finish-reason": "CONTENT_FILTERED", "seed": "42"})))

    def garbage_image(self):
        self.inject(Fault(path="/generat", reply=Reply(200, GARBAGE_IMAGE, {
            "Content-Type": "image/png", "finish-reason": "SUCCESS", "seed": "42"})))

    def handle(self, request: Request) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            given = request.headers.get("authorization")
            return v2_error(401, "unauthorized", f"authorization: invalid key {given}")
        if request.method == "GET" and request.path == "/v1/user/balance":
            return json_reply(200, {"credits": self.credits})
        if request.method == "POST" and (match := V2.match(request.path)):
            return self._v2(request, match[1])
        if request.method == "POST" and (match := V1.match(request.path)):
            return self._v1(request, match[1])
        if request.method == "POST" and request.path == RELIGHT_PATH:
            return self._relight(request)
        if request.method == "GET" and (match := RESULTS.match(request.path)):
            return self._result(request, match[1])
        return v2_error(404, "not_found", f"{request.method} {request.path} does not exist")

    def _v2(self, request: Request, endpoint: str) -> Reply:
        form = parse_multipart(request)
        if form is None:
            return v2_error(400, "bad_request", "content-type: must be multipart/form-data")
        accept = request.headers.get("accept", "image/*")
        if accept not in ("image/*", "application/json"):
            return v2_error(400, "bad_request", "accept: must be image/* or application/json")
        if not form.get("prompt"):
            return v2_error(400, "bad_request", "prompt: cannot be empty")
        ratio = form.get("aspect_ratio", "1:1")
        if ratio not in RATIOS:
            return v2_error(400, "bad_request", f"aspect_ratio: must be one of {', '.join(RATIOS)}")
        if form.get("output_format", "png") not in ("png", "jpeg", "webp"):
            return v2_error(400, "bad_request", "output_format: must be png, jpeg or webp")
        if endpoint == "sd3" and form.get("model", "sd3.5-large") not in SD3_MODELS:
            return v2_error(400, "bad_request", f"model: unknown model {form.get('model')}")
        if endpoint != "sd3" and "model" in form:
            return v2_error(400, "bad_request", "model: not a parameter of this endpoint")
        seed = int(form.get("seed") or 0)
        if not 0 <= seed <= 4294967294:
            return v2_error(400, "bad_request", "seed: out of range")
        seed = seed or next(self._seeds)
        image = png_bytes(*RATIOS[ratio])
        self.record_paid()  # credits leave the balance; the answer reports none
        if accept == "application/json":
            body = {"image": base64.b64encode(image).decode(), "finish_reason": "SUCCESS", "seed": seed}
            return json_reply(200, body, {"Content-Type": "application/json; type=image/png"})
        return Reply(200, image, {"Content-Type": "image/png", "finish-reason": "SUCCESS", "seed": str(seed),
                                  "x-request-id": "req-stab-1"})

    def _relight(self, request: Request) -> Reply:
        form = parse_form(request)
        if form is None:
            return v2_error(400, "bad_request", "content-type: must be multipart/form-data")
        fields, files = form
        images = {part.name: part for part in files}
        if unknown := set(images) - set(RELIGHT_IMAGES):
            return v2_error(400, "bad_request", f"{sorted(unknown)[0]}: unknown file field")
        if "subject_image" not in images:
            return v2_error(400, "bad_request", "subject_image: required")
        for name, part in images.items():
            image = decoded_image(part.data)
            if image is None or part.content_type not in ("image/png", "image/jpeg", "image/webp"):
                return v2_error(400, "bad_request", f"{name}: must be a jpeg, png or webp image")
            width, height = image.size
            if min(width, height) < 64 or not 4096 <= width * height <= 9_437_184:
                return v2_error(400, "bad_request", f"{name}: each side at least 64 px, 4096 to 9437184 pixels")
            if name == "subject_image" and not 1 / 2.5 <= width / height <= 2.5:
                return v2_error(400, "bad_request", "subject_image: aspect ratio must be between 1:2.5 and 2.5:1")
        if not fields.get("background_prompt") and "background_reference" not in images:
            return v2_error(400, "bad_request", "one of background_prompt or background_reference is required")
        if "light_source_strength" in fields and "light_reference" not in images \
                and "light_source_direction" not in fields:
            return v2_error(400, "bad_request", "light_source_strength: requires light_reference or direction")
        if fields.get("light_source_direction", "left") not in LIGHT_DIRECTIONS:
            return v2_error(400, "bad_request", "light_source_direction: must be left, right, above or below")
        for name in ("preserve_original_subject", "original_background_depth", "light_source_strength"):
            try:
                if name in fields and not 0 <= float(fields[name]) <= 1:
                    raise ValueError
            except ValueError:
                return v2_error(400, "bad_request", f"{name}: must be a number between 0 and 1")
        if fields.get("output_format", "png") not in ("png", "jpeg", "webp"):
            return v2_error(400, "bad_request", "output_format: must be png, jpeg or webp")
        seed = int(fields.get("seed") or 0)
        if not 0 <= seed <= 4294967294:
            return v2_error(400, "bad_request", "seed: out of range")
        generation_id = secrets.token_hex(32)
        width, height = decoded_image(images["subject_image"].data).size
        self.results[generation_id] = {"polls": 0, "seed": seed or next(self._seeds), "size": (width, height),
                                       "key": request.headers.get("authorization")}
        self.record_paid()  # credits leave the balance; the answer reports none
        return json_reply(200, {"id": generation_id})

    def _result(self, request: Request, generation_id: str) -> Reply:
        result = self.results.get(generation_id)
        if result is None or result["key"] != request.headers.get("authorization"):
            return v2_error(404, "not_found", f"generation {generation_id} not found")
        result["polls"] += 1
        if result["polls"] <= self.pending_polls:
            return json_reply(202, {"id": generation_id, "status": "in-progress"})
        image = png_bytes(*result["size"])
        if request.headers.get("accept") == "application/json":
            body = {"result": base64.b64encode(image).decode(), "finish_reason": "SUCCESS", "seed": result["seed"]}
            return json_reply(200, body)
        return Reply(200, image, {"Content-Type": "image/png", "finish-reason": "SUCCESS",
                                  "seed": str(result["seed"])})

    def _v1(self, request: Request, engine: str) -> Reply:
        if engine != "stable-diffusion-xl-1024-v1-0":
            return v1_error(404, "not_found", f"engine {engine} not found")
        try:
            body = request.json()
        except ValueError:
            return v1_error(400, "bad_request", "body: invalid JSON")
        prompts = body.get("text_prompts") or []
        if not prompts or not all(isinstance(p, dict) and p.get("text") for p in prompts):
            return v1_error(400, "invalid_prompts", "text_prompts: must be a non-empty array")
        size = (body.get("width", 512), body.get("height", 512))
        if size not in SDXL_SIZES:
            return v1_error(400, "invalid_sdxl_v1_dimensions", f"{size[0]}x{size[1]} is not an SDXL size")
        samples = body.get("samples", 1)
        seed = body.get("seed") or next(self._seeds)
        image = base64.b64encode(png_bytes(*size)).decode()
        self.record_paid()
        artifact = {"base64": image, "seed": seed, "finishReason": "SUCCESS"}
        return json_reply(200, {"artifacts": [artifact] * samples})
