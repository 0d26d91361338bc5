"""Adobe Firefly Image API v3, async (specs/adobe-firefly.md); the sync endpoint was removed 2025-10-03.

Credentials: `config.api_key` is the IMS client secret, `config.extra["client_id"]` the client id (also sent
as `x-api-key`), optional `scope` and `ims_url`. The IMS token is cached on the instance until shortly
before it expires, and fetched again once when Firefly answers 401/403.

Job id: compact JSON `{"job_id": ..., "status_url": ...}`; the status host differs from the submit host,
so the URL is kept as returned.

Firefly reports no units per job (enterprise credits): the recorded cost is the per-image estimate. A 5xx or
408 on the paid submit may come after the job was created, so it is `unknown_outcome`, never resubmitted.
"""

from __future__ import annotations

import json
import time
from types import MappingProxyType

import httpx

from .base import (
    ImageJob,
    ImageProvider,
    PollResult,
    ProviderError,
    closest_size,
    download_image,
    error_for_response,
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


class Firefly(ImageProvider):
    name = "firefly"
    label = "Firefly"
    is_async = True
    default_base_url = "https://firefly-api.adobe.io"
    key_variable = "FIREFLY_CLIENT_SECRET"
    base_url_variable = "FIREFLY_BASE_URL"
    extra_variables = MappingProxyType({"client_id": "FIREFLY_CLIENT_ID", "ims_url": "FIREFLY_IMS_URL"})

    def __init__(self, config=None, client=None):
        super().__init__(config, client)
        self._token = ""
        self._token_expires = 0.0

    @property
    def _client_id(self) -> str:
        return self.config.extra.get("client_id", "")

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
        response = send(self.client, "POST", ims_url, data=form, idempotent=True, secrets=self._secrets())
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
        self, method: str, url: str, *, idempotent: bool, headers: dict | None = None, **kwargs
    ) -> httpx.Response:
        """A Firefly call with a fresh token on one 401/403: those mean the gateway refused it unprocessed."""
        for attempt in (1, 2):
            auth = {"x-api-key": self._client_id, "Authorization": f"Bearer {self._access_token()}"}
            all_headers = {**auth, **(headers or {})}
            response = send(self.client, method, url, idempotent=idempotent, headers=all_headers,
                            secrets=self._secrets(), **kwargs)
            if response.status_code not in (401, 403) or attempt == 2:
                return response
            self._token, self._token_expires = "", 0.0
        raise AssertionError("unreachable")

    def _payload(self, job: ImageJob) -> dict:
        width, height = closest_size(job.width, job.height, SIZES)
        prompt = shorten_at_word(job.prompt, MAX_PROMPT)
        payload = {"prompt": prompt, "numVariations": 1, "size": {"width": width, "height": height}}
        if job.negative_prompt:
            payload["negativePrompt"] = job.negative_prompt
        if job.seed:
            payload["seeds"] = [job.seed]
        if content_class := self.config.extra.get("content_class"):
            payload["contentClass"] = content_class  # "photo" or "art"
        return payload

    def submit(self, job: ImageJob) -> str:
        headers = {"Content-Type": "application/json"}
        if job.model.startswith("image"):
            headers["x-model-version"] = job.model  # e.g. image4_standard; values unverified (spec)
        response = self._call("POST", "/v3/images/generate-async", idempotent=False, headers=headers,
                              content=json.dumps(self._payload(job)))
        if response.is_error:
            raise self._error(response, paid=True)
        body = read_json(response, kind="unknown_outcome")  # an unreadable 202 may still be a billed job
        if not body.get("statusUrl"):
            raise ProviderError("unknown_outcome", "submit answered without statusUrl")
        job = {"job_id": body.get("jobId", ""), "status_url": body["statusUrl"]}
        return json.dumps(job, separators=(",", ":"))

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

    def _download(self, result: dict, job: dict):
        outputs = [o for o in result.get("outputs") or [] if isinstance(o, dict)]
        denied = bool(result.get("promptHasDeniedWords"))
        if not outputs or not (outputs[0].get("image") or {}).get("url"):
            kind = "content_policy" if denied else "provider_error"
            raise ProviderError(kind, "job succeeded without an image")
        output = outputs[0]
        return download_image(
            self.client,
            output["image"]["url"],  # pre-signed, expires in one hour; no Adobe headers go to S3
            idempotent=True,
            seed=output.get("seed"),
            content_filtered=denied,
            meta={"job_id": job.get("job_id", ""), "content_class": result.get("contentClass", ""),
                  "prompt_has_blocked_artists": bool(result.get("promptHasBlockedArtists"))},
        )

    def _error(self, response: httpx.Response, *, paid: bool = False) -> ProviderError:
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
        return error_for_response(response, retry_statuses=POLL_RETRY_STATUSES, secrets=self._secrets())

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
