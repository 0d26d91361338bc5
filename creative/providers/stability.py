"""Stability AI: v2beta Stable Image (ultra, core, sd3) and v1 SDXL 1.0 (specs/stability.md).

The model name picks the endpoint. Responses are raw bytes (`Accept: image/*`, the default here, with
`finish-reason` and `seed` headers) or JSON with base64; both are read.

A brief's product photo goes to `POST /v2beta/stable-image/edit/replace-background-and-relight`, the edit
service that keeps the subject and replaces the background and light (model row
`replace-background-and-relight`, reference-only: the service takes no model field). Multipart: `subject_image`
(the photo) with `background_prompt` (the prompt), `foreground_prompt` (the product, so the background does not
bleed into it), `preserve_original_subject`, `negative_prompt`, `seed`, `output_format`. It is asynchronous: the
start answers 200 `{"id"}`, then `GET /v2beta/results/{id}` answers 202 while in progress and 200 with the image
(`Accept: */*`), kept 24 hours. The poll runs inside `generate`, as Stability's own client does; polls are free.
Source: Stability-AI/ComfyUI-SAI_API `stability_api.py` (`StabilityReplaceRelight`, `POLL_ENDPOINT = "results/"`),
commit 6c0e3a21 (2025-03-04), per specs/reference-images.md section 5. The generate models are used text-only.

Stability reports no charge on a generation (no header or body field; only the balance endpoint), so the
cost is the published credits per image, marked as an estimate. A 5xx on the paid POST may come after the
image was made, so it is `unknown_outcome`, never retried.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    ProviderError,
    closest_aspect_ratio,
    closest_size,
    decode_base64_image,
    error_for_response,
    get_json,
    image_result,
    missing_reference,
    paid_error_for_response,
    read_json,
    send,
)

ASPECT_RATIOS = ("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")
SDXL_SIZES = [(1024, 1024), (1152, 896), (896, 1152), (1216, 832), (832, 1216), (1344, 768), (768, 1344),
              (1536, 640), (640, 1536)]  # from memory of the Stability docs (spec), not in the copy read
V2_ENDPOINTS = {"stable-image-ultra": "ultra", "ultra": "ultra", "stable-image-core": "core", "core": "core"}
# Published credits per image (1 credit = $0.01), not re-verified (spec). The API does not echo a charge,
# so this list price is the adapter's estimate (`cost_source` "estimate").
CREDITS = {"ultra": 8.0, "core": 3.0, "sd3.5-large": 6.5, "sd3.5-large-turbo": 4.0, "sd3.5-medium": 3.5}
# The spec lists 429 and 500 as retryable; a 500 on the paid POST may have been billed, so only 429 is.
RETRY_STATUSES = (429,)
RATE_LIMIT_BACKOFF = 10.0  # no Retry-After is documented; the limit is 150 requests per 10 s
RELIGHT = "replace-background-and-relight"
# How closely the relit subject keeps the photo's pixels: 1.0 is an exact match; the default is 0.6.
PRESERVE_SUBJECT = 0.95
RESULT_POLL_SECONDS = 10.0  # the official client's wait between polls
RESULT_PATIENCE = 240.0  # and how long it waits in all


class Stability(ImageProvider):
    name = "stability"
    label = "Stability"
    default_base_url = "https://api.stability.ai"
    key_variable = "STABILITY_API_KEY"
    base_url_variable = "STABILITY_BASE_URL"
    prompt_family = "stability"
    takes_references = True
    reference_models = (RELIGHT,)
    reference_only_models = (RELIGHT,)

    def _auth(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.config.api_key}"}
        if client_id := self.config.extra.get("client_id"):
            headers["stability-client-id"] = client_id
        return headers

    def generate(self, job: ImageJob) -> ImageResult:
        if job.model == RELIGHT:
            return self._relight(job)
        if job.model.startswith("stable-diffusion-"):
            return self._generate_v1(job)
        if job.model in V2_ENDPOINTS:
            return self._generate_v2(job, V2_ENDPOINTS[job.model], model_field=None)
        if job.model.startswith("sd3"):
            return self._generate_v2(job, "sd3", model_field=job.model)
        raise ProviderError("bad_request", f"unknown Stability model {job.model!r}")

    def _generate_v2(self, job: ImageJob, endpoint: str, *, model_field: str | None) -> ImageResult:
        form = {
            "prompt": job.prompt,
            "aspect_ratio": closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS),
            "output_format": "png",
        }
        if job.negative_prompt:
            form["negative_prompt"] = job.negative_prompt
        if job.seed:
            form["seed"] = str(job.seed)
        if model_field:
            form["model"] = model_field
        headers = {**self._auth(), "Accept": self.config.extra.get("accept", "image/*")}
        response = send(
            self.http, "POST", f"/v2beta/stable-image/generate/{endpoint}",
            # The endpoint takes multipart only; an empty file part makes httpx send multipart.
            data=form, files={"none": ""}, headers=headers, secrets=[self.config.api_key],
        )
        self._raise_for(response)
        if response.headers.get("content-type", "").startswith("application/json"):
            body = read_json(response)
            data = decode_base64_image(body.get("image"))
            finish, seed = body.get("finish_reason", ""), body.get("seed")
        else:
            data = response.content
            finish, seed = response.headers.get("finish-reason", ""), response.headers.get("seed")
        return self._result(data, finish, seed, CREDITS.get(model_field or endpoint), response)

    def _relight(self, job: ImageJob) -> ImageResult:
        """One paid start with the product photo as `subject_image`, then free polls until the image is ready."""
        (product,) = self.references_for(job, limit=1, kinds=("product",)) or (None,)
        if product is None:
            raise missing_reference(job.model)
        form = {
            "background_prompt": job.prompt,
            "foreground_prompt": job.subject or "the product",
            "preserve_original_subject": str(self.config.extra.get("preserve_original_subject", PRESERVE_SUBJECT)),
            "output_format": "png",
        }
        if job.negative_prompt:
            form["negative_prompt"] = job.negative_prompt
        if job.seed:
            form["seed"] = str(job.seed % 4294967295)
        files = {"subject_image": (f"product.{product.mime_type.split('/')[-1]}", product.data, product.mime_type)}
        headers = {**self._auth(), "Accept": "application/json"}
        response = send(self.http, "POST", f"/v2beta/stable-image/edit/{RELIGHT}", data=form, files=files,
                        headers=headers, secrets=[self.config.api_key])
        self._raise_for(response)
        generation_id = read_json(response, kind="unknown_outcome").get("id")
        if not isinstance(generation_id, str) or not generation_id:
            raise ProviderError("unknown_outcome", "relight started without a generation id")
        return self._relight_result(generation_id)

    def _relight_result(self, generation_id: str) -> ImageResult:
        """The finished image. Whatever goes wrong here comes after the paid start, so no error may read as
        "nothing was billed" (retryable, or a 4xx kind): the pipeline would pay for the image again."""
        try:
            response = self._relight_poll(generation_id)
        except ProviderError as exc:
            raise ProviderError("unknown_outcome", f"relight {generation_id}: {exc.detail}") from exc
        if response.headers.get("content-type", "").startswith("application/json"):
            body = read_json(response)
            data = decode_base64_image(body.get("image") or body.get("result"))
            finish, seed = body.get("finish_reason", ""), body.get("seed")
        else:
            data = response.content
            finish, seed = response.headers.get("finish-reason", ""), response.headers.get("seed")
        result = self._result(data, finish, seed, None, response)
        result.meta.update(endpoint=f"edit/{RELIGHT}", generation_id=generation_id)
        return result

    def _relight_poll(self, generation_id: str) -> httpx.Response:
        interval = float(self.config.extra.get("poll_seconds", RESULT_POLL_SECONDS))
        deadline = time.monotonic() + float(self.config.extra.get("poll_patience", RESULT_PATIENCE))
        headers = {**self._auth(), "Accept": "*/*"}
        response: httpx.Response | None
        while True:
            try:
                response = send(self.http, "GET", f"/v2beta/results/{generation_id}", idempotent=True,
                                headers=headers, secrets=[self.config.api_key])
            except ProviderError as exc:
                if not exc.retryable:
                    raise
                response = None  # could not reach it this time: poll again
            if response is not None and response.status_code == 200:
                return response
            if response is not None and response.status_code != 202 and response.status_code not in (
                    429, 500, 502, 503, 504):
                raise error_for_response(response, secrets=[self.config.api_key])
            if time.monotonic() > deadline:
                # Paid for, and kept 24 hours under this id: a person can still fetch it.
                raise ProviderError("unknown_outcome", "still in progress")
            time.sleep(interval)

    def _generate_v1(self, job: ImageJob) -> ImageResult:
        width, height = closest_size(job.width, job.height, SDXL_SIZES)
        prompts = [{"text": job.prompt, "weight": 1}]
        if job.negative_prompt:
            # A negative weight is how v1 takes a negative prompt.
            prompts.append({"text": job.negative_prompt, "weight": -1})
        payload: dict[str, Any] = {"text_prompts": prompts, "width": width, "height": height, "samples": 1, "cfg_scale": 7,
                   "steps": 30}
        if job.seed:
            payload["seed"] = job.seed
        headers = {**self._auth(), "Accept": "application/json"}
        response = send(self.http, "POST", f"/v1/generation/{job.model}/text-to-image", json=payload,
                        headers=headers, secrets=[self.config.api_key])
        self._raise_for(response)
        artifacts = read_json(response).get("artifacts") or []
        if not artifacts or not isinstance(artifacts[0], dict):
            raise ProviderError("provider_error", "response has no artifacts")
        artifact = artifacts[0]
        data = decode_base64_image(artifact.get("base64"))
        # Historical SDXL price was 0.2-0.9 credits by steps (unverified), so no cost is claimed.
        return self._result(data, artifact.get("finishReason", ""), artifact.get("seed"), None, response)

    def _result(
        self, data: bytes, finish: str, seed: Any, credits: float | None, response: httpx.Response
    ) -> ImageResult:
        if finish == "ERROR":
            raise ProviderError("provider_error", "finish reason ERROR")
        try:
            seed = int(seed) if seed not in (None, "") else None
        except (TypeError, ValueError):
            seed = None
        meta: dict[str, Any] = {"finish_reason": finish, "request_id": response.headers.get("x-request-id", "")}
        if credits is not None:
            meta["credits"] = credits
        return image_result(
            data,
            seed=seed,
            # CONTENT_FILTERED is a 200 whose image the output filter may have blurred; it is returned flagged
            # so the pipeline keeps what was paid for but never offers it as a candidate.
            content_filtered=finish == "CONTENT_FILTERED",
            cost_cents=credits,
            meta=meta,
        )

    def _raise_for(self, response: httpx.Response) -> None:
        if not response.is_error:
            return
        secrets = [self.config.api_key]
        name = ""
        try:
            body = response.json()
            name = body.get("name", "") if isinstance(body, dict) else ""
        except ValueError:
            pass
        if response.status_code == 403 and name == "content_moderation":
            raise error_for_response(response, kind="content_policy", retry_statuses=(), secrets=secrets)
        if response.status_code == 402:  # out of credits (from memory, spec)
            raise error_for_response(response, kind="budget", retry_statuses=(), secrets=secrets)
        # The model picks the path (v1 engine, v2beta endpoint): a 404 in Stability's error shape is a model
        # that is no longer served (SD 1.6 on v1 was retired so).
        kind = "model_retired" if response.status_code == 404 and name else None
        error = paid_error_for_response(response, kind=kind, retry_statuses=RETRY_STATUSES, secrets=secrets)
        if response.status_code == 429 and error.retry_after is None:
            error.retry_after = RATE_LIMIT_BACKOFF
        raise error

    def check(self) -> str:
        headers = {**self._auth(), "Accept": "application/json"}
        body = get_json(self.http, "/v1/user/balance", headers=headers, secrets=[self.config.api_key])
        return f"ok {body.get('credits', '?')} credits"
