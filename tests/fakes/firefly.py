"""Fake Adobe IMS + Firefly v3 async (specs/adobe-firefly.md).

Two ports, as in production: the main one serves IMS and `generate-async`; job status URLs and the
pre-signed image URLs point at the second, so a client that builds its own status URL fails.

Storage upload and object composite (specs/reference-images.md section 6): `POST /v2/storage/image` takes raw
PNG, JPEG or WebP bytes (415 `invalid_content_type` otherwise) and is free; `generate-object-composite-async`
requires `image.source` (a known `uploadId`, or a `url` on an allow-listed host) and composites only an image
with transparency, a mask, or an image smaller than the output size.
"""

from __future__ import annotations

import itertools
import time
import urllib.parse
import uuid

from .server import GARBAGE_IMAGE, FakeServer, Fault, Reply, Request, decoded_image, json_reply, png_bytes

SIDE_LIMIT = 2688
TOKEN_PATH = "/ims/token/v3"
XML = {"Content-Type": "application/xml"}
UPLOAD_TYPES = {"image/png", "image/jpeg", "image/webp"}
URL_HOSTS = ("amazonaws.com", "windows.net", "dropboxusercontent.com", "storage.googleapis.com")


def firefly_error(status: int, code: str, message: str, headers=None) -> Reply:
    return json_reply(status, {"error_code": code, "message": message}, headers)


class FakeFirefly(FakeServer):
    api_key = "p8e-test-firefly-client-secret-0123456789"  # the IMS client secret
    client_id = "ff-client-id-0001"
    alt_listener = True
    paid_path = "/v3/images/generate-"  # generate-async and generate-object-composite-async; never storage

    def default_extra(self) -> dict:
        return {"client_id": self.client_id, "ims_url": f"{self.url}{TOKEN_PATH}"}

    def reset_state(self):
        self.jobs: dict[str, dict] = {}
        self.tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self.token_ttl = 86399
        self.pending_polls = 1
        self.garbage_results = False
        self._next_outcomes: list[str] = []
        self._ids = itertools.count(1)
        self.uploads: dict[str, dict] = {}  # upload id -> {"size", "alpha"}

    # Faults in Firefly's shapes.
    def rate_limit(self, retry_after: str | None = None):
        headers = {"Retry-After": retry_after} if retry_after else None
        reply = firefly_error(429, "backpressure_limited", "Too many requests", headers)
        self.inject(Fault(path="/generate", reply=reply))

    def server_error(self, status: int = 500):
        reply = firefly_error(status, "runtime_error", "Internal server error")
        self.inject(Fault(path="/generate", reply=reply))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def garbage_image(self):
        self.garbage_results = True

    def refuse(self, code: str = "prompt_unsafe"):
        reply = firefly_error(422, code, "The prompt violates the content policy.")
        self.inject(Fault(path="/generate", reply=reply))

    def expire_tokens(self):
        """Every issued token stops working, as after a gateway-side revocation."""
        self.tokens.clear()

    def next_job_outcome(self, status: str):
        """succeeded, failed, failed_unsafe, denied_words, canceled, or pending (never finishes)."""
        self._next_outcomes.append(status)

    def never_finish(self):
        self.next_job_outcome("pending")

    def fail_next_job(self):
        self.next_job_outcome("failed")

    def handle(self, request: Request) -> Reply:
        if request.path.startswith("/images/"):
            return self._image(request)
        if request.method == "POST" and request.path == TOKEN_PATH:
            return self._token(request)
        if request.headers.get("x-api-key") != self.client_id:
            return firefly_error(403, "403003", "Api Key is invalid")
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.tokens.get(token, 0) < time.time():
            return firefly_error(401, "401013", "Oauth token is not valid")
        if request.method == "POST" and request.path == "/v3/images/generate-async":
            return self._submit(request)
        if request.method == "POST" and request.path == "/v2/storage/image":
            return self._upload(request)
        if request.method == "POST" and request.path == "/v3/images/generate-object-composite-async":
            return self._composite(request)
        if request.method == "GET" and request.path.startswith("/v3/status/"):
            return self._status(request)
        return firefly_error(404, "not_found", f"{request.method} {request.path} not found")

    def _token(self, request: Request) -> Reply:
        form = dict(urllib.parse.parse_qsl(request.body.decode()))
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return json_reply(400, {"error": "invalid_request", "error_description": "form body required"})
        if form.get("grant_type") != "client_credentials" or not form.get("scope"):
            description = "grant_type and scope required"
            return json_reply(400, {"error": "invalid_request", "error_description": description})
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.api_key):
            description = f"invalid client_secret {form.get('client_secret')}"
            return json_reply(401, {"error": "invalid_client", "error_description": description})
        token = f"eyJ.fake-token-{next(self._ids)}"
        self.tokens[token] = time.time() + self.token_ttl
        return json_reply(200, {"access_token": token, "token_type": "bearer", "expires_in": self.token_ttl})

    def _submit(self, request: Request) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return firefly_error(400, "bad_request", "Request body is not valid JSON")
        if not body.get("prompt"):
            errors = [{"loc": ["prompt"], "msg": "field required", "type": "missing"}]
            body = {"error_code": "validation_error", "message": "prompt required"}
            return json_reply(400, {**body, "validation_errors": errors})
        size = body.get("size") or {"width": 2048, "height": 2048}
        if not all(1 <= size.get(side, 0) <= SIDE_LIMIT for side in ("width", "height")):
            return firefly_error(400, "validation_error", f"size: each side must be 1-{SIDE_LIMIT}")
        if not 1 <= body.get("numVariations", 1) <= 4 or len(body.get("seeds", [0])) > 4:
            return firefly_error(400, "validation_error", "numVariations and seeds allow 1-4")
        return self._new_job(body, size)

    def _upload(self, request: Request) -> Reply:
        content_type = request.headers.get("content-type", "")
        if content_type not in UPLOAD_TYPES:
            return firefly_error(415, "invalid_content_type", f"Unsupported content type {content_type!r}")
        image = decoded_image(request.body)
        if image is None:
            return firefly_error(400, "bad_request", "The uploaded file is not a decodable image")
        upload_id = str(uuid.uuid4())
        alpha = image.mode in ("RGBA", "LA", "PA") and image.getchannel("A").getextrema()[0] < 255
        self.uploads[upload_id] = {"size": image.size, "alpha": alpha}
        return json_reply(200, {"images": [{"id": upload_id}]})  # storage costs nothing: not a paid job

    def _composite(self, request: Request) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return firefly_error(400, "bad_request", "Request body is not valid JSON")
        if not isinstance(body.get("prompt"), str) or not 1 <= len(body["prompt"]) <= 1024:
            errors = [{"loc": ["prompt"], "msg": "between 1 and 1024 characters", "type": "value_error"}]
            return json_reply(400, {"error_code": "validation_error", "message": "prompt invalid",
                                    "validation_errors": errors})
        image = body.get("image")
        source = image.get("source") if isinstance(image, dict) else None
        if not isinstance(source, dict) or ("uploadId" in source) == ("url" in source):
            return firefly_error(400, "validation_error", "image.source: exactly one of uploadId or url")
        if "url" in source:
            host = urllib.parse.urlsplit(str(source["url"])).hostname or ""
            if not host.endswith(URL_HOSTS):
                return firefly_error(400, "validation_error", "image.source.url: domain not allowed")
            upload = {"size": (1024, 1024), "alpha": False}
        else:
            upload = self.uploads.get(source["uploadId"])
            if upload is None:
                return firefly_error(400, "validation_error", "image.source.uploadId: unknown upload")
        size = body.get("size") or {"width": 2048, "height": 2048}
        if not all(1 <= size.get(side, 0) <= SIDE_LIMIT for side in ("width", "height")):
            return firefly_error(400, "validation_error", f"size: each side must be 1-{SIDE_LIMIT}")
        if not 1 <= body.get("numVariations", 1) <= 4 or len(body.get("seeds", [0])) > 4:
            return firefly_error(400, "validation_error", "numVariations and seeds allow 1-4")
        larger = size["width"] > upload["size"][0] and size["height"] > upload["size"][1]
        if not (upload["alpha"] or image.get("mask") or body.get("mask") or larger):
            message = "The source needs a transparent background, a mask, or a size larger than the request"
            return firefly_error(400, "validation_error", message)
        return self._new_job(body, size)

    def _new_job(self, body: dict, size: dict) -> Reply:
        job_id = f"urn:ff:jobs:epo855230:{next(self._ids):08d}"
        outcome = self._next_outcomes.pop(0) if self._next_outcomes else "succeeded"
        seed = (body.get("seeds") or [45781])[0]
        self.jobs[job_id] = {"polls": 0, "outcome": outcome, "size": size, "seed": seed}
        self.record_paid()  # generative credits under contract; no units are reported per job
        return json_reply(202, {"jobId": job_id, "statusUrl": f"{self.alt_url}/v3/status/{job_id}",
                                "cancelUrl": f"{self.alt_url}/v3/cancel/{job_id}"})

    def _status(self, request: Request) -> Reply:
        job_id = request.path.removeprefix("/v3/status/")
        job = self.jobs.get(job_id)
        if job is None:
            return firefly_error(404, "not_found", f"job {job_id} not found")
        job["polls"] += 1
        base = {"jobId": job_id, "statusUrl": f"{self.alt_url}{request.path}"}
        if job["outcome"] == "pending" or job["polls"] <= self.pending_polls:
            status = "running" if job["polls"] > 1 else "pending"
            return json_reply(200, {**base, "status": status, "progress": 40})
        if job["outcome"] in ("failed", "failed_unsafe"):
            code = "runtime_error" if job["outcome"] == "failed" else "output_media_unsafe"
            return json_reply(200, {**base, "status": "failed", "error_code": code, "message": "job failed"})
        if job["outcome"] == "canceled":
            return json_reply(200, {**base, "status": "canceled"})
        width, height = job["size"]["width"], job["size"]["height"]
        name = f"{job_id.rsplit(':', 1)[1]}-{width}x{height}.png"
        url = f"{self.alt_url}/images/{name}?X-Amz-Expires=3600&X-Amz-Signature=f"
        outputs = [{"seed": job["seed"], "image": {"url": url}}]
        result = {"size": job["size"], "contentClass": "photo", "outputs": outputs}
        if job["outcome"] == "denied_words":
            result["promptHasDeniedWords"] = True
        return json_reply(200, {**base, "status": "succeeded", "progress": 100, "result": result})

    def _image(self, request: Request) -> Reply:
        if "X-Amz-Signature" not in request.query:
            return Reply(403, b"<Error><Code>AccessDenied</Code></Error>", XML)
        if self.garbage_results:
            return Reply(200, GARBAGE_IMAGE, {"Content-Type": "image/png"})
        width, height = map(int, request.path.rsplit("-", 1)[1].removesuffix(".png").split("x"))
        # Firefly's 2K outputs are large; half size keeps the fake quick and the shape right.
        return Reply(200, png_bytes(width // 2, height // 2), {"Content-Type": "image/png"})
