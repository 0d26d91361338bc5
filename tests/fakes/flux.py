"""Fake Black Forest Labs API (specs/bfl-flux.md): submit, regional polling URL, signed results, credits.

Input images (specs/reference-images.md section 4): `input_image`, `input_image_2`, ... contiguous, within
the model's count, base64 or a URL; FLUX.2 bills input megapixels on top of the output.
"""

from __future__ import annotations

import time
import uuid

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

MODELS = {
    "flux-pro-1.1": 4.0, "flux-pro-1.1-ultra": 6.0, "flux-pro": 5.0, "flux-dev": 2.5, "flux-kontext-pro": 4.0,
    "flux-kontext-max": 8.0, "flux-2-pro": 3.0, "flux-2-max": 7.0, "flux-2-flex": 5.0, "flux-2-klein-4b": 1.4,
    "flux-2-klein-9b": 1.5,
}
RATIO_MODELS = {"flux-pro-1.1-ultra", "flux-kontext-pro", "flux-kontext-max"}
# Input image slots per model; models not listed take none ("Extra inputs are not permitted").
INPUT_IMAGES = {"flux-kontext-pro": 4, "flux-kontext-max": 4, "flux-2-pro": 8, "flux-2-max": 8, "flux-2-flex": 8,
                "flux-2-klein-4b": 4, "flux-2-klein-9b": 4}
# FLUX.2 per-megapixel price of input images, in credits (BFL skill SKILL.md).
INPUT_MP_CREDITS = {"flux-2-pro": 1.5, "flux-2-max": 3.0, "flux-2-flex": 5.0, "flux-2-klein-4b": 0.1,
                    "flux-2-klein-9b": 0.2}
# Jobs are polled on a "regional" path: a client that builds its own URL instead of using polling_url fails.
POLL_PATH = "/us1/v1/get_result"
XML = {"Content-Type": "application/xml"}


def validation_error(field: str, message: str) -> Reply:
    return json_reply(422, {"detail": [{"loc": ["body", field], "msg": message, "type": "value_error"}]})


class FakeFlux(FakeServer):
    api_key = "bfl_test_0123456789abcdef"
    paid_path = "/v1/flux"

    def reset_state(self):
        self.jobs: dict[str, dict] = {}
        self.pending_polls = 1  # polls answered Pending before a job is Ready
        self.ready_after: float | None = None  # if set: seconds a job stays Pending, however often polled
        self.result_ttl = 600.0  # signed URLs expire after "10 minutes"
        self.garbage_results = False
        self._next_outcomes: list[str] = []

    # Faults in BFL's shapes.
    def rate_limit(self, retry_after: str | None = "5"):
        headers = {"Retry-After": retry_after} if retry_after else None
        body = {"detail": "You have reached the maximum number of active tasks (24)."}
        self.inject(Fault(path="/v1/flux", reply=json_reply(429, body, headers)))

    def no_credits(self):
        self.inject(Fault(path="/v1/flux", reply=json_reply(402, {"detail": "Insufficient credits."})))

    def server_error(self, status: int = 500, *, path="/v1/flux"):
        self.inject(Fault(path=path, reply=json_reply(status, {"detail": "Internal Server Error"})))

    def overloaded(self, status: int = 503):
        self.server_error(status)

    def next_job_outcome(self, status: str):
        """The next submitted job ends in this status: Ready, Error, Request Moderated, Content Moderated,
        Task not found, or Pending (never finishes)."""
        self._next_outcomes.append(status)

    def never_finish(self):
        self.next_job_outcome("Pending")

    def fail_next_job(self):
        self.next_job_outcome("Error")

    def moderate_next_job(self, stage: str = "Content"):
        self.next_job_outcome(f"{stage} Moderated")

    refuse = moderate_next_job

    def garbage_image(self):
        self.garbage_results = True

    def expire_results(self):
        self.result_ttl = -1.0

    def handle(self, request: Request) -> Reply:
        if request.path.startswith("/results/"):
            return self._sample(request)
        key = request.headers.get("x-key")
        if not key:
            return json_reply(401, {"detail": "Not authenticated"})
        if key != self.api_key:
            return json_reply(403, {"detail": f"Invalid API key {key}"})
        if request.method == "GET" and request.path == "/v1/credits":
            return json_reply(200, {"credits": 1234.5})
        if request.method == "GET" and request.path in (POLL_PATH, "/v1/get_result"):
            return self._get_result(request.query.get("id", ""))
        if request.method == "POST" and request.path.startswith("/v1/") and request.path[4:] in MODELS:
            return self._submit(request, request.path[4:])
        return json_reply(404, {"detail": "Not Found"})

    def _submit(self, request: Request, model: str) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return validation_error("body", "Invalid JSON")
        if not isinstance(body.get("prompt"), str) or not body["prompt"]:
            return validation_error("prompt", "Field required")
        if model in RATIO_MODELS:
            width, height = self._ratio_size(body.get("aspect_ratio", "16:9"))
            if not width:
                return validation_error("aspect_ratio", "Aspect ratio must be between 21:9 and 9:21")
            if "width" in body or "height" in body:
                return validation_error("width", "Extra inputs are not permitted")
        else:
            width, height = body.get("width", 1024), body.get("height", 768)
            step, low, high = (16, 64, 4096) if model.startswith("flux-2") else (32, 256, 1440)
            for name, value in (("width", width), ("height", height)):
                if not isinstance(value, int) or value % step or not low <= value <= high:
                    return validation_error(name, f"must be a multiple of {step} between {low} and {high}")
            if model.startswith("flux-2") and width * height > 4_000_000:
                return validation_error("width", "at most 4 megapixels")
        if not 0 <= body.get("safety_tolerance", 2) <= 6:
            return validation_error("safety_tolerance", "must be between 0 and 6")
        if body.get("output_format", "jpeg") not in ("jpeg", "png"):
            return validation_error("output_format", "must be jpeg or png")
        inputs, refused = self._input_images(body, model)
        if refused:
            return refused
        job_id = str(uuid.uuid4())
        outcome = self._next_outcomes.pop(0) if self._next_outcomes else "Ready"
        self.jobs[job_id] = {"polls": 0, "outcome": outcome, "width": width, "height": height,
                             "prompt": body["prompt"], "seed": body.get("seed") or 1234567890,
                             "submitted": time.monotonic()}
        input_mp = round(sum(w * h for w, h in inputs) / 1e6, 2)
        cost = round(MODELS[model] + INPUT_MP_CREDITS.get(model, 0.0) * input_mp, 2)
        self.record_paid(cost=cost)  # credits, as the submit answer's `cost` reports them
        polling_url = f"{self.url}{POLL_PATH}?id={job_id}"
        return json_reply(200, {"id": job_id, "polling_url": polling_url, "cost": cost,
                                "input_mp": input_mp, "output_mp": round(width * height / 1e6, 2)})

    @staticmethod
    def _input_images(body: dict, model: str) -> tuple[list[tuple[int, int]], Reply | None]:
        """The sizes of the request's input images, or the 422 a malformed set gets."""
        slots = ["input_image", *(f"input_image_{n}" for n in range(2, 11))]
        given = [slot for slot in slots if body.get(slot) is not None]
        if not given:
            return [], None
        limit = INPUT_IMAGES.get(model, 0)
        if not limit:
            return [], validation_error(given[0], "Extra inputs are not permitted")
        if given != slots[:len(given)]:
            return [], validation_error(given[-1], "input images must fill input_image, input_image_2, ... in order")
        if len(given) > limit:
            return [], validation_error(given[limit], f"{model} takes at most {limit} input images")
        if model.startswith("flux-kontext") and body.get("safety_tolerance", 2) > 2:
            return [], validation_error("safety_tolerance", "Limit of 2 for Image to Image")
        sizes = []
        for slot in given:
            value = body[slot]
            if isinstance(value, str) and value.startswith(("https://", "http://")):
                sizes.append((1024, 1024))
                continue
            image = decoded_base64_image(value)
            if image is None:
                return [], validation_error(slot, "must be a URL or a base64 encoded image")
            sizes.append(image.size)
        return sizes, None

    def _get_result(self, job_id: str) -> Reply:
        job = self.jobs.get(job_id)
        if job is None:
            return json_reply(200, {"id": job_id, "status": "Task not found"})
        job["polls"] += 1
        base = {"id": job_id, "result": None, "progress": None, "details": None, "preview": None}
        if job["outcome"] == "Pending" or self._still_pending(job):
            return json_reply(200, {**base, "status": "Pending", "progress": 0.4})
        if job["outcome"] != "Ready":
            moderated = "Moderated" in job["outcome"]
            details = {"Moderation Reasons": ["Derivative Works Filter"]} if moderated else None
            return json_reply(200, {**base, "status": job["outcome"], "details": details})
        expires = time.time() + self.result_ttl
        sample = f"{self.url}/results/{job_id}/sample.png?se={expires:.0f}&sig=fakesig"
        result = {"sample": sample, "prompt": job["prompt"], "seed": job["seed"], "start_time": 1735000000.1,
                  "end_time": 1735000006.9, "duration": 6.8}
        return json_reply(200, {**base, "status": "Ready", "result": result})

    def _still_pending(self, job: dict) -> bool:
        if self.ready_after is not None:
            return time.monotonic() - job["submitted"] < self.ready_after
        return job["polls"] <= self.pending_polls

    def _sample(self, request: Request) -> Reply:
        job = self.jobs.get(request.path.split("/")[2])
        if job is None or request.query.get("sig") != "fakesig":
            return Reply(404, b"<Error><Code>BlobNotFound</Code></Error>", XML)
        if float(request.query.get("se", "0")) < time.time():
            return Reply(403, b"<Error><Code>AuthenticationFailed</Code></Error>", XML)  # signature expired
        data = GARBAGE_IMAGE if self.garbage_results else png_bytes(job["width"], job["height"])
        return Reply(200, data, {"Content-Type": "image/png"})

    @staticmethod
    def _ratio_size(ratio: str) -> tuple[int, int]:
        try:
            w, h = (int(x) for x in ratio.split(":"))
        except (ValueError, AttributeError):
            return 0, 0
        if not 9 / 21 <= w / h <= 21 / 9:
            return 0, 0
        scale = (1024 * 1024 / (w * h)) ** 0.5
        return round(w * scale / 32) * 32, round(h * scale / 32) * 32
