"""Adobe Firefly Image API v3, async (specs/adobe-firefly.md); the sync endpoint was removed 2025-10-03.

Credentials: `config.api_key` is the IMS client secret, `config.extra["client_id"]` the client id (also sent
as `x-api-key`), optional `scope` and `ims_url`. The IMS token is cached on the instance until shortly
before it expires, and fetched again once when Firefly answers 401/403.

Job id: compact JSON `{"job_id": ..., "status_url": ...}`; the status host differs from the submit host,
so the URL is kept as returned.

A brief's product photo goes to object composite (model row `object-composite`, reference-only: the endpoint
has no model selector): first `POST /v2/storage/image` with the raw bytes (`Content-Type` image/png, jpeg or
webp; free, so a failure there is retried and never counts as a paid call) answering `{"images": [{"id"}]}`,
then the one paid `POST /v3/images/generate-object-composite-async` with `{"prompt", "image": {"source":
{"uploadId"}}, "size", "numVariations"}`. The cutout (a PNG with alpha) is sent where there is one: Firefly
composites only a transparent image, a mask, or an image smaller than the output. Source:
Firefly-Services/firefly-services-sdk-js `packages/firefly/oas/FFApiOpenApi3.json` (`/v2/storage/image`,
`GenerateObjectCompositeRequest`, `ObjectCompositeInputImage`, `PublicBinaryInput`, `UploadResponse`) and
`packages/firefly/src/Firefly.ts` (`upload`), commit 4838df5e (2025-06-24); the `-async` path per Adobe's
changelog of 2025-10-03 (specs/reference-images.md section 6). The image models are used text-only.

Firefly reports no units per job (enterprise credits): the recorded cost is the per-image estimate. A 5xx or
408 on the paid submit may come after the job was created, so it is `unknown_outcome`, never resubmitted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

import httpx

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    PollResult,
    ProviderConfig,
    ProviderError,
    closest_size,
    download_image,
    error_for_response,
    missing_reference,
    paid_error_for_response,
    read_json,
    send,
)

IMS_URL = "https://ims-na1.adobelogin.com/ims/token/v3"
DEFAULT_SCOPE = "openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis"
SIZES = [
    (2048, 2048), (2304, 1792), (1792, 2304), (2688, 1536),
    (1344, 768), (1152, 896), (896, 1152), (1024, 1024),
]
SUBMIT_RETRY_STATUSES = (429,)  # `backpressure_limited`: the only answer that proves no job was made
POLL_RETRY_STATUSES = (408, 429, 500, 502, 503, 504)
MAX_PROMPT = 1024  # characters Firefly takes in `prompt`
UNSAFE_CODES = {"prompt_unsafe", "input_media_unsafe", "output_media_unsafe"}
PENDING = {"pending", "running", "waiting", "queued", "in_progress"}  # values unconfirmed by the OAS
TOKEN_MARGIN = 300.0  # refresh this long before IMS says the token expires
OBJECT_COMPOSITE = "object-composite"
UPLOAD_TYPES = ("image/png", "image/jpeg", "image/webp")  # the SDK's `upload` refuses other types
UPLOAD_RETRY_STATUSES = (429, 500, 502, 503, 504)  # an upload is free: any server failure may be retried


class Firefly(ImageProvider):
    name = "firefly"
    label = "Firefly"
    is_async = True
    default_base_url = "https://firefly-api.adobe.io"
    key_variable = "FIREFLY_CLIENT_SECRET"
    base_url_variable = "FIREFLY_BASE_URL"
    extra_variables = MappingProxyType({"client_id": "FIREFLY_CLIENT_ID", "ims_url": "FIREFLY_IMS_URL"})
    takes_references = True
    reference_models = (OBJECT_COMPOSITE,)
    reference_only_models = (OBJECT_COMPOSITE,)

    def __init__(self, config: ProviderConfig | None = None, client: httpx.Client | None = None) -> None:
        super().__init__(config, client)
        self._token = ""
        self._token_expires = 0.0

    @property
    def _client_id(self) -> str:
        client_id: str = self.config.extra.get("client_id", "")
        return client_id

    def _secrets(self) -> list[str]:
        return [self.config.api_key, self._token]

    def _access_token(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self.config.api_key,
            "scope": self.config.extra.get("scope", DEFAULT_SCOPE),
        }
        # Fetching a token costs nothing, so a failure after sending may be retried.
        ims_url = self.config.extra.get("ims_url", IMS_URL)
        response = send(self.http, "POST", ims_url, data=form, idempotent=True, secrets=self._secrets())
        if response.status_code in (400, 401, 403):
            raise error_for_response(response, kind="auth", retry_statuses=(), secrets=self._secrets())
        if response.is_error:
            raise error_for_response(response, retry_statuses=(429, 500, 502, 503), secrets=self._secrets())
        body = read_json(response)
        if not body.get("access_token"):
            raise ProviderError("auth", "IMS answered without an access_token")
        self._token = body["access_token"]
        self._token_expires = time.monotonic() + float(body.get("expires_in", 3600)) - TOKEN_MARGIN
        return self._token

    def _call(
        self, method: str, url: str, *, idempotent: bool, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """A Firefly call with a fresh token on one 401/403: those mean the gateway refused it unprocessed."""
        for attempt in (1, 2):
            auth = {"x-api-key": self._client_id, "Authorization": f"Bearer {self._access_token()}"}
            all_headers = {**auth, **(headers or {})}
            response = send(self.http, method, url, idempotent=idempotent, headers=all_headers,
                            secrets=self._secrets(), **kwargs)
            if response.status_code not in (401, 403) or attempt == 2:
                return response
            self._token, self._token_expires = "", 0.0
        raise AssertionError("unreachable")

    def _payload(self, job: ImageJob) -> dict[str, Any]:
        width, height = closest_size(job.width, job.height, SIZES)
        prompt = shorten_at_word(job.prompt, MAX_PROMPT)
        payload: dict[str, Any] = {"prompt": prompt, "numVariations": 1, "size": {"width": width, "height": height}}
        if job.negative_prompt:
            payload["negativePrompt"] = job.negative_prompt
        if job.seed:
            payload["seeds"] = [job.seed]
        if content_class := self.config.extra.get("content_class"):
            payload["contentClass"] = content_class  # "photo" or "art"
        return payload

    def submit(self, job: ImageJob) -> str:
        headers = {"Content-Type": "application/json"}
        if job.model == OBJECT_COMPOSITE:
            path, payload = "/v3/images/generate-object-composite-async", self._composite_payload(job)
        else:
            path, payload = "/v3/images/generate-async", self._payload(job)
        if job.model.startswith("image"):
            headers["x-model-version"] = job.model  # e.g. image4_standard; values unverified (spec)
        response = self._call("POST", path, idempotent=False, headers=headers, content=json.dumps(payload))
        if response.is_error:
            raise self._error(response, paid=True)
        body = read_json(response, kind="unknown_outcome")  # an unreadable 202 may still be a billed job
        if not body.get("statusUrl"):
            raise ProviderError("unknown_outcome", "submit answered without statusUrl")
        job_id = {"job_id": body.get("jobId", ""), "status_url": body["statusUrl"]}
        return json.dumps(job_id, separators=(",", ":"))

    def _composite_payload(self, job: ImageJob) -> dict[str, Any]:
        """The product uploaded to Firefly storage, and the scene to composite it into."""
        (product,) = self.references_for(job, limit=1, kinds=("product",)) or (None,)
        if product is None:
            raise missing_reference(job.model)
        payload = self._payload(job)
        payload.pop("negativePrompt", None)  # not a field of GenerateObjectCompositeRequest
        if product.cutout:
            payload["image"] = {"source": {"uploadId": self._upload(product.cutout, "image/png")}}
        else:
            payload["image"] = {"source": {"uploadId": self._upload(product.data, product.mime_type)}}
        return payload

    def _upload(self, data: bytes, mime_type: str) -> str:
        """`POST /v2/storage/image`: the upload id of the bytes. Free (no image is made), so every failure is
        one a retry may repeat without paying."""
        if mime_type not in UPLOAD_TYPES:
            raise ProviderError("bad_request", f"Firefly storage takes PNG, JPEG or WebP, not {mime_type}")
        response = self._call("POST", "/v2/storage/image", idempotent=True, headers={"Content-Type": mime_type},
                              content=data)
        if response.is_error:
            raise self._error(response, retry_statuses=UPLOAD_RETRY_STATUSES)
        images = read_json(response).get("images")
        upload_id = images[0].get("id") if isinstance(images, list) and images and isinstance(images[0], dict) \
            else None
        if not isinstance(upload_id, str) or not upload_id:
            raise ProviderError("provider_error", "upload answered without images[0].id", retryable=True)
        return upload_id

    def poll(self, job_id: str) -> PollResult:
        """Polling is free: a failure to reach Firefly raises a retryable error meaning "poll again"."""
        try:
            job = json.loads(job_id)
            status_url = job["status_url"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ProviderError("provider_error", f"not a Firefly job id: {job_id[:100]!r}") from exc
        response = self._call("GET", status_url, idempotent=True)
        if response.status_code == 404:
            raise ProviderError("provider_error", f"job {job.get('job_id', '')} not found")
        if response.is_error:
            raise self._error(response)
        body = read_json(response)
        status = str(body.get("status", "")).lower()
        if status in PENDING:
            return PollResult(done=False)
        if status == "succeeded":
            return PollResult(done=True, result=self._download(body.get("result") or {}, job))
        if status == "failed":
            error = body.get("error") or body.get("result") or body
            code = str(error.get("error_code", "")) if isinstance(error, dict) else ""
            message = str(error.get("message", "")) if isinstance(error, dict) else ""
            kind = "content_policy" if code in UNSAFE_CODES else "provider_error"
            raise ProviderError(kind, f"job failed: {code} {message}".strip())
        if status.startswith("cancel"):
            raise ProviderError("provider_error", f"job {status}")
        return PollResult(done=False)  # a status word the spec does not list: keep polling

    def _download(self, result: dict[str, Any], job: dict[str, Any]) -> ImageResult:
        outputs = [o for o in result.get("outputs") or [] if isinstance(o, dict)]
        denied = bool(result.get("promptHasDeniedWords"))
        if not outputs or not (outputs[0].get("image") or {}).get("url"):
            kind = "content_policy" if denied else "provider_error"
            raise ProviderError(kind, "job succeeded without an image")
        output = outputs[0]
        return download_image(
            self.http,
            output["image"]["url"],  # pre-signed, expires in one hour; no Adobe headers go to S3
            idempotent=True,
            seed=output.get("seed"),
            content_filtered=denied,
            meta={"job_id": job.get("job_id", ""), "content_class": result.get("contentClass", ""),
                  "prompt_has_blocked_artists": bool(result.get("promptHasBlockedArtists"))},
        )

    def _error(self, response: httpx.Response, *, paid: bool = False,
               retry_statuses: Iterable[int] = POLL_RETRY_STATUSES) -> ProviderError:
        code = ""
        try:
            body = response.json()
            code = str(body.get("error_code", "")) if isinstance(body, dict) else ""
        except ValueError:
            pass
        if code in UNSAFE_CODES:
            secrets = self._secrets()
            return error_for_response(response, kind="content_policy", retry_statuses=(), secrets=secrets)
        if paid:
            return paid_error_for_response(response, retry_statuses=SUBMIT_RETRY_STATUSES, secrets=self._secrets())
        return error_for_response(response, retry_statuses=retry_statuses, secrets=self._secrets())

    def check(self) -> str:
        """A token from IMS proves the client id and secret; the spec names no free Firefly endpoint."""
        self._token, self._token_expires = "", 0.0
        self._access_token()
        valid_for = max(self._token_expires - time.monotonic(), 0)
        return f"ok IMS token for client {self._client_id[:6]}…, valid {valid_for:.0f}s"


def shorten_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at the last word boundary (mid-word only for one long word), so
    the provider gets the prompt's opening, where prompt writers put the subject, instead of a 400."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    shortened = cut[:boundary] if boundary > 0 else text[:limit]
    return shortened.rstrip(" ,;:\n")
