"""Black Forest Labs FLUX: async submit, then poll the returned `polling_url` (specs/bfl-flux.md).

Job id: compact JSON `{"id": ..., "polling_url": ..., "cost": ...}`. The polling URL is kept as returned,
since a job submitted to the global host may live on a regional cluster; the submit-time cost (credits)
rides along because only the submit response reports it, and is recorded as the reported charge.

Product photos (and the logo) go as `input_image`, `input_image_2`, ... (bare base64; BFL also fetches URLs,
but a private image has none) to FLUX.1 Kontext (4 images; the extra slots "Experimental Multiref",
`safety_tolerance` at most 2 for image to image) and FLUX.2 (8 images; klein 4); the prompt names them "image 1",
"image 2". FLUX1.1 [pro] takes none and is used text-only. Sources: BFL API reference generated from
https://api.bfl.ai/openapi.json (`FluxKontextProInputs`, `Flux2FlexInputs`; docs.bfl.ai/api-reference) and
black-forest-labs/skills `skills/bfl-api/references/endpoints.md` at d0793c84 (2026-02-03), per
specs/reference-images.md section 4.

A 5xx (or a dropped connection) on the paid submit may come after BFL created and billed the task: it is
`unknown_outcome`, never resubmitted (BFL's own client retries 5xx only on GET). Polls retry 5xx freely.
"""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any

from .base import (
    ImageJob,
    ImageProvider,
    PollResult,
    ProviderError,
    closest_aspect_ratio,
    download_image,
    error_for_response,
    get_json,
    paid_error_for_response,
    read_json,
    send,
    with_references,
)

# Submit: only 429 (the active-task limit, 24) proves no task was made; 402, 422 and any 5xx are not retried.
SUBMIT_RETRY_STATUSES = (429,)
POLL_RETRY_STATUSES = (429, 500, 502, 503, 504)
ASPECT_RATIO_MODELS = ("flux-pro-1.1-ultra", "flux-kontext-pro", "flux-kontext-max")
MODEL_NAME = re.compile(r"^flux[a-z0-9.\-]*$")
# Input images per request, by model-name prefix (the first that matches).
MAX_REFERENCES = (("flux-kontext", 4), ("flux-2-klein", 4), ("flux-2", 8))
KONTEXT_IMAGE_SAFETY_LIMIT = 2  # "Limit of 2 for Image to Image"


def _fit(
    width: int, height: int, *, step: int, low: int, high: int, max_pixels: int | None = None
) -> tuple[int, int]:
    """Scale into [low, high] per side (and a pixel budget), keeping the shape, then round to `step`."""
    scale = min(1.0, high / max(width, height))
    if max_pixels:
        scale = min(scale, math.sqrt(max_pixels / (width * height)))
    scale = max(scale, low / min(width, height))
    fitted = [min(high, max(low, round(side * scale / step) * step)) for side in (width, height)]
    return fitted[0], fitted[1]


# Any ratio between 21:9 and 9:21 is documented; small whole numbers keep it to forms known to parse.
ASPECT_RATIOS = ("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21")


class Flux(ImageProvider):
    name = "flux"
    label = "FLUX"
    is_async = True
    default_base_url = "https://api.bfl.ai"
    key_variable = "BFL_API_KEY"
    base_url_variable = "BFL_BASE_URL"
    prompt_family = "natural"
    takes_references = True
    reference_models = ("flux-kontext", "flux-2")

    def _headers(self) -> dict[str, str]:
        return {"x-key": self.config.api_key, "accept": "application/json"}

    def _payload(self, job: ImageJob) -> dict[str, Any]:
        # No negative-prompt field, and FLUX's text encoder tends to draw what an "avoid" list names.
        payload: dict[str, Any] = {"prompt": job.prompt}
        model = job.model
        if model in ASPECT_RATIO_MODELS:
            payload["aspect_ratio"] = closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS)
        elif model.startswith("flux-2"):
            payload["width"], payload["height"] = _fit(job.width, job.height, step=16, low=64, high=4096,
                                                       max_pixels=4_000_000)
        else:
            payload["width"], payload["height"] = _fit(job.width, job.height, step=32, low=256, high=1440)
        if not model.startswith("flux-2"):
            # FLUX.2's output_format and safety_tolerance are not in the spec, so they are left at defaults.
            payload["output_format"] = "png"
            payload["safety_tolerance"] = int(self.config.extra.get("safety_tolerance", 2))
        if model == "flux-pro-1.1-ultra" and self.config.extra.get("raw"):
            payload["raw"] = True
        if job.seed:
            payload["seed"] = job.seed
        limit = next((count for prefix, count in MAX_REFERENCES if model.startswith(prefix)), 0)
        if references := self.references_for(job, limit=limit):
            payload["prompt"] = with_references(job.prompt, references)
            for number, reference in enumerate(references, 1):
                slot = "input_image" if number == 1 else f"input_image_{number}"
                payload[slot] = base64.b64encode(reference.data).decode()
            if model.startswith("flux-kontext"):
                payload["safety_tolerance"] = min(payload["safety_tolerance"], KONTEXT_IMAGE_SAFETY_LIMIT)
        return payload

    def submit(self, job: ImageJob) -> str:
        if not MODEL_NAME.match(job.model):
            raise ProviderError("bad_request", f"not a FLUX model name: {job.model!r}")
        secrets = [self.config.api_key]
        payload = self._payload(job)
        response = send(
            self.http, "POST", f"/v1/{job.model}", json=payload, headers=self._headers(), secrets=secrets
        )
        if response.is_error:
            # The model is the path: a 404 there is an endpoint BFL no longer serves (flux-dev, flux-pro).
            kind = {402: "budget", 404: "model_retired"}.get(response.status_code)
            raise paid_error_for_response(
                response, kind=kind, retry_statuses=SUBMIT_RETRY_STATUSES, secrets=secrets
            )
        # A 200 that cannot be read may still have started a billed task.
        body = read_json(response, kind="unknown_outcome")
        if not body.get("id") or not body.get("polling_url"):
            raise ProviderError("unknown_outcome", "submit answered 200 without id and polling_url")
        job_id = {"id": body["id"], "polling_url": body["polling_url"], "cost": body.get("cost")}
        return json.dumps(job_id, separators=(",", ":"))

    def poll(self, job_id: str) -> PollResult:
        """Polling is free: failing to reach BFL raises a retryable error that means "poll again",
        never "resubmit"."""
        try:
            job = json.loads(job_id)
            task_id, polling_url = job["id"], job["polling_url"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ProviderError("provider_error", f"not a FLUX job id: {job_id[:100]!r}") from exc
        secrets = [self.config.api_key]
        response = send(
            self.http, "GET", polling_url, idempotent=True, headers=self._headers(), secrets=secrets
        )
        if response.status_code == 404:  # "Task not found" arrives as 404 or as a 200 status (unconfirmed)
            raise ProviderError("provider_error", f"task {task_id} not found")
        if response.is_error:
            raise error_for_response(response, retry_statuses=POLL_RETRY_STATUSES, secrets=secrets)
        body = read_json(response)
        status = body.get("status")
        if status == "Ready":
            result = body.get("result") or {}
            if not result.get("sample"):
                raise ProviderError("provider_error", "status Ready without result.sample")
            cost = job.get("cost")
            if isinstance(cost, bool) or not isinstance(cost, (int, float)):
                cost = None
            image = download_image(
                self.http,
                result["sample"],  # signed, expires in 10 minutes
                idempotent=True,
                seed=result.get("seed"),
                cost_cents=float(cost) if cost is not None else None,  # 1 credit = $0.01
                cost_source="reported" if cost is not None else "estimate",
                meta={"task_id": task_id, "result_prompt": result.get("prompt", ""),
                      "duration": result.get("duration")},
            )
            return PollResult(done=True, result=image)
        if status in ("Request Moderated", "Content Moderated"):
            reasons = json.dumps(body.get("details"))[:300] if body.get("details") else ""
            raise ProviderError("content_policy", f"{status} {reasons}".strip())
        if status in ("Error", "Failed", "Task not found"):
            raise ProviderError("provider_error", f"task {task_id}: {status}")
        # Pending, and any status the spec does not list: keep polling; the stale-job sweep ends it.
        return PollResult(done=False)

    def check(self) -> str:
        body = get_json(self.http, "/v1/credits", headers=self._headers(), secrets=[self.config.api_key])
        return f"ok {body.get('credits', '?')} credits"
