"""Fake Vertex AI Imagen `:predict` (specs/google-imagen.md), with Google's error shape.

The two reference models (specs/reference-images.md section 3): product recontext (`productImages`, 1-3) and
capability subject customisation (`referenceImages`, at most 4, types from the SDK enum, `subjectImageConfig` in
either casing, every `referenceId` named in the prompt as `[n]`). The generate models refuse references.
"""

from __future__ import annotations

import base64
import re

from .server import FakeServer, Fault, Reply, Request, decoded_base64_image, json_reply, png_bytes

MODELS = {"imagen-4.0-generate-001", "imagen-4.0-ultra-generate-001", "imagen-4.0-fast-generate-001",
          "imagen-3.0-generate-002"}
RECONTEXT_MODEL = "imagen-product-recontext-preview-06-30"
SUBJECT_MODEL = "imagen-3.0-capability-001"
REFERENCE_TYPES = {"REFERENCE_TYPE_RAW", "REFERENCE_TYPE_MASK", "REFERENCE_TYPE_CONTROL", "REFERENCE_TYPE_STYLE",
                   "REFERENCE_TYPE_SUBJECT", "REFERENCE_TYPE_CONTENT"}
SUBJECT_TYPES = {"SUBJECT_TYPE_DEFAULT", "SUBJECT_TYPE_PERSON", "SUBJECT_TYPE_ANIMAL", "SUBJECT_TYPE_PRODUCT"}
REFERENCE_MIME_TYPES = {"image/png", "image/jpeg"}
# Output sizes at 1K per aspect ratio; 2K doubles them.
SIZES_1K = {
    "1:1": (1024, 1024), "3:4": (896, 1280), "4:3": (1280, 896), "9:16": (768, 1408), "16:9": (1408, 768),
}
PREDICT = re.compile(r"^/v1/projects/([^/]+)/locations/([^/]+)/publishers/google/models/([^/:]+):predict$")
ENDPOINTS = re.compile(r"^/v1/projects/([^/]+)/locations/([^/]+)/endpoints$")


def google_error(code: int, status: str, message: str, details=None, headers=None) -> Reply:
    error = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return json_reply(code, {"error": error}, headers)


def retry_info(delay: str) -> dict:
    return {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}


class FakeImagen(FakeServer):
    api_key = "ya29.test-imagen-access-token-0123456789"
    paid_path = ":predict"
    project = "ad-project"
    location = "us-central1"

    def default_extra(self) -> dict:
        return {"project": self.project, "location": self.location}

    def reset_state(self):
        self.retired: set[str] = set()  # models Google shut down: `:predict` answers 404 NOT_FOUND

    def rate_limit(self, retry_delay: str = "7s"):
        quota = {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []}
        message = "Resource has been exhausted (e.g. check quota)."
        reply = google_error(429, "RESOURCE_EXHAUSTED", message, [retry_info(retry_delay), quota])
        self.inject(Fault(path=":predict", reply=reply))

    def server_error(self, status: int = 500):
        names = {500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
        reply = google_error(status, names.get(status, "INTERNAL"), "Internal error.")
        self.inject(Fault(path=":predict", reply=reply))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def refuse_prompt(self):
        """A prompt blocked by RAI: 400 INVALID_ARGUMENT (message text modelled on reports, unverified)."""
        message = ("Image generation failed with the following error: The prompt could not be submitted. "
                   "This prompt contains sensitive words that violate Google's Responsible AI practices.")
        self.inject(Fault(path=":predict", reply=google_error(400, "INVALID_ARGUMENT", message)))

    refuse = refuse_prompt

    def filter_output(self, reason: str = "39322892: This image was filtered for violating safety policies."):
        reply = json_reply(200, {"predictions": [{"raiFilteredReason": reason}]})
        self.inject(Fault(path=":predict", reply=reply))

    def empty_predictions(self):
        self.inject(Fault(path=":predict", reply=json_reply(200, {})))

    def garbage_image(self):
        data = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()
        body = {"predictions": [{"bytesBase64Encoded": data, "mimeType": "image/png"}]}
        self.inject(Fault(path=":predict", reply=json_reply(200, body)))

    def handle(self, request: Request) -> Reply:
        token = request.headers.get("authorization", "")
        if token != f"Bearer {self.api_key}" and request.headers.get("x-goog-api-key") != self.api_key \
                and request.query.get("key") != self.api_key:
            return google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. "
                                f"Expected OAuth 2 access token, got {token!r}.")
        if request.method == "GET" and (match := ENDPOINTS.match(request.path)):
            if match.groups() != (self.project, self.location):
                return self._denied(match[1])
            return json_reply(200, {"endpoints": []})
        if request.method == "POST" and (match := PREDICT.match(request.path)):
            return self._predict(request, *match.groups())
        return google_error(404, "NOT_FOUND", f"The requested URL {request.path} was not found.")

    @staticmethod
    def _denied(project: str) -> Reply:
        return google_error(403, "PERMISSION_DENIED", f"Permission denied on resource project {project}.")

    def _predict(self, request: Request, project: str, location: str, model: str) -> Reply:
        if (project, location) != (self.project, self.location):
            return self._denied(project)
        if model not in MODELS | {RECONTEXT_MODEL, SUBJECT_MODEL} or model in self.retired:
            return google_error(404, "NOT_FOUND", f"Publisher Model `{model}` was not found or your project "
                                "does not have access to it.")
        try:
            body = request.json()
            instance = body["instances"][0]
            prompt = instance.get("prompt", "") if model == RECONTEXT_MODEL else instance["prompt"]
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return google_error(400, "INVALID_ARGUMENT", "Invalid payload: instances[0].prompt required.")
        params = body.get("parameters") or {}
        if model == RECONTEXT_MODEL:
            return self._recontext(instance, params)
        if model == SUBJECT_MODEL:
            if refused := self._subject_refused(instance, prompt):
                return refused
        elif "referenceImages" in instance or "productImages" in instance:
            return google_error(400, "INVALID_ARGUMENT", f"{model} does not support reference images.")
        if not prompt:
            return google_error(400, "INVALID_ARGUMENT", "The prompt is empty.")
        count = params.get("sampleCount", 4)
        if not 1 <= count <= 4:
            return google_error(400, "INVALID_ARGUMENT", "sampleCount must be between 1 and 4.")
        ratio = params.get("aspectRatio", "1:1")
        if ratio not in SIZES_1K:
            return google_error(400, "INVALID_ARGUMENT", f"Unsupported aspect ratio: {ratio}.")
        size = params.get("sampleImageSize", "1K")
        if "sampleImageSize" in params and ("-fast-" in model or model.startswith("imagen-3")):
            return google_error(400, "INVALID_ARGUMENT", f"sampleImageSize is not supported for {model}.")
        if size not in ("1K", "2K"):
            return google_error(400, "INVALID_ARGUMENT", f"Unsupported sampleImageSize: {size}.")
        if "seed" in params and params.get("addWatermark", True):
            return google_error(400, "INVALID_ARGUMENT", "Seed is not supported when watermark is enabled.")
        width, height = SIZES_1K[ratio]
        if size == "2K":
            width, height = width * 2, height * 2
        return self._images(count, width, height)

    def _images(self, count: int, width: int, height: int) -> Reply:
        image = base64.b64encode(png_bytes(width, height)).decode()
        self.record_paid(images=count)  # billed per image made; the answer reports no charge
        prediction = {"bytesBase64Encoded": image, "mimeType": "image/png"}
        return json_reply(200, {"predictions": [dict(prediction) for _ in range(count)]})

    def _recontext(self, instance: dict, params: dict) -> Reply:
        products = instance.get("productImages")
        if not isinstance(products, list) or not 1 <= len(products) <= 3:
            return google_error(400, "INVALID_ARGUMENT", "productImages: between 1 and 3 product images required.")
        for index, product in enumerate(products):
            image = product.get("image") if isinstance(product, dict) else None
            if refused := _image_refused(image, f"productImages[{index}].image"):
                return refused
        if unknown := set(params) - {"sampleCount", "baseSteps", "storageUri", "seed", "safetySetting",
                                     "personGeneration", "addWatermark", "outputOptions", "enhancePrompt"}:
            return google_error(400, "INVALID_ARGUMENT", f"Unknown parameter: {sorted(unknown)[0]}.")
        if "seed" in params and params.get("addWatermark", True):
            return google_error(400, "INVALID_ARGUMENT", "Seed is not supported when watermark is enabled.")
        count = params.get("sampleCount", 1)
        if not 1 <= count <= 4:
            return google_error(400, "INVALID_ARGUMENT", "sampleCount must be between 1 and 4.")
        return self._images(count, 1024, 1024)

    @staticmethod
    def _subject_refused(instance: dict, prompt: str) -> Reply | None:
        references = instance.get("referenceImages")
        if not isinstance(references, list) or not 1 <= len(references) <= 4:
            return google_error(400, "INVALID_ARGUMENT", "referenceImages: between 1 and 4 reference images.")
        for index, reference in enumerate(references):
            where = f"referenceImages[{index}]"
            if not isinstance(reference, dict) or reference.get("referenceType") not in REFERENCE_TYPES:
                return google_error(400, "INVALID_ARGUMENT", f"{where}.referenceType: invalid value.")
            if not isinstance(reference.get("referenceId"), int):
                return google_error(400, "INVALID_ARGUMENT", f"{where}.referenceId: an integer is required.")
            if f"[{reference['referenceId']}]" not in prompt:
                return google_error(400, "INVALID_ARGUMENT",
                                    f"{where}: the prompt must refer to [{reference['referenceId']}].")
            if reference["referenceType"] != "REFERENCE_TYPE_MASK":
                if refused := _image_refused(reference.get("referenceImage"), f"{where}.referenceImage"):
                    return refused
            if reference["referenceType"] == "REFERENCE_TYPE_SUBJECT":
                config = reference.get("subjectImageConfig") or {}
                subject_type = config.get("subjectType") or config.get("subject_type")
                if subject_type not in SUBJECT_TYPES:
                    return google_error(400, "INVALID_ARGUMENT", f"{where}.subjectImageConfig.subjectType: invalid.")
        return None


def _image_refused(image, where: str) -> Reply | None:
    """Google's 400 for an image object that is not one of bytes (png/jpeg) or a gcsUri."""
    if not isinstance(image, dict) or ("bytesBase64Encoded" in image) == ("gcsUri" in image):
        return google_error(400, "INVALID_ARGUMENT", f"{where}: exactly one of bytesBase64Encoded or gcsUri.")
    if "gcsUri" in image:
        return None
    if image.get("mimeType", "image/png") not in REFERENCE_MIME_TYPES:
        return google_error(400, "INVALID_ARGUMENT", f"{where}.mimeType: PNG or JPEG only.")
    if decoded_base64_image(image["bytesBase64Encoded"]) is None:
        return google_error(400, "INVALID_ARGUMENT", f"{where}: Image could not be decoded.")
    return None
