"""The contract every image provider meets: plain dataclasses in, plain dataclasses out.

Providers know nothing of Django models, so each one can be tested against a fake server alone.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import email.utils
import io
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import httpx
from PIL import Image

# Pixel limit for anything a provider sends back: a decompression bomb is `invalid_image`.
MAX_PIXELS = 8192 * 8192
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024

ERROR_KINDS = (
    "rate_limited",
    "timeout",
    "content_policy",
    "auth",
    "bad_request",
    "provider_error",
    "invalid_image",
    "budget",
    "unknown_outcome",
    "model_retired",  # the provider no longer serves the model (404 "model not found", a deprecation answer)
)
# Kinds raised only when the provider refused the request before doing any work: nothing was billed.
NOT_BILLED_KINDS = frozenset({"auth", "bad_request", "rate_limited", "budget", "model_retired"})
# Where `ImageResult.cost_cents` comes from: the provider's own charge, or an adapter's list-price estimate.
COST_SOURCES = ("reported", "estimate")


@dataclass(frozen=True)
class Reference:
    """An image the output must show: the advertiser's product photo, or the workspace logo."""

    data: bytes
    mime_type: str
    kind: str  # "product" | "logo"
    cutout: bytes | None = None  # the product alone, as a PNG with alpha, when one was made


@dataclass(frozen=True)
class ImageJob:
    """One image to make: what the pipeline asks of a provider."""

    model: str
    prompt: str
    width: int = 1024
    height: int = 1024
    negative_prompt: str = ""
    seed: int = 0
    style: str = ""
    idempotency_key: str = ""
    quality: str = ""  # the quality the model's price assumes (gpt-image "medium"); empty: the provider's default
    # Brief context a renderer may use; remote providers only read the prompt text.
    subject: str = ""
    scenario: str = ""
    colours: tuple[str, ...] = ()
    tone: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()


@dataclass
class ImageResult:
    """A finished image as bytes, with what the provider said about it."""

    data: bytes
    mime_type: str = "image/png"
    seed: int | None = None
    revised_prompt: str = ""
    cost_cents: float | None = None
    cost_source: str = "estimate"  # "reported" only when `cost_cents` is the provider's own charge (BFL `cost`)
    # Token counts the provider reported, for token-priced models: input_text, input_image, output_text,
    # output_image. The pipeline prices them at the model's per-token prices in effect.
    usage: dict[str, int] = field(default_factory=dict)
    content_filtered: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    # (width, height) once the bytes have fully decoded within the pixel limit (`image_result`), so the
    # pipeline does not decode them a second time to check.
    verified_size: tuple[int, int] | None = None


@dataclass
class PollResult:
    """An async job's state: pending (result None) or done (result set)."""

    done: bool
    result: ImageResult | None = None
    # Set when the job moved to a new stage under a new id (Midjourney grid -> upscale):
    # store it in place of the old job id before the next poll, so a restart resumes there.
    job_id: str = ""


class ProviderError(Exception):
    """A failed call. `retryable` is True only when the error proves nothing was billed."""

    def __init__(self, kind: str, detail: str = "", *, retryable: bool = False, retry_after: float | None = None):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail[:500]
        self.retryable = retryable
        self.retry_after = retry_after

    @property
    def proves_not_billed(self) -> bool:
        """True when the provider refused the call before doing any work (retryable errors, auth, validation,
        a retired model); False when it may have done, and billed, the work."""
        return self.retryable or self.kind in NOT_BILLED_KINDS


@dataclass(frozen=True)
class ProviderConfig:
    """Credentials and endpoint for one provider, resolved from admin rows or the environment."""

    api_key: str = ""
    base_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class ImageProvider:
    """Base class: sync providers implement `generate`; async ones `submit` and `poll`."""

    name: str = ""  # the registry key, stored in ImageModel.provider and ProviderAccount.provider
    label: str = ""  # the provider as people name it, in headings
    is_async: bool = False
    default_base_url: str = ""
    # Environment variables an operator sets; a ProviderAccount row in admin overrides them.
    key_variable: str = ""
    base_url_variable: str = ""
    extra_variables: Mapping[str, str] = MappingProxyType({})  # `config.extra` field -> variable
    # What the provider cannot run without: a key (most), or a base URL (a self-hosted relay).
    needs_key: bool = True
    needs_base_url: bool = False
    prompt_family: str = ""  # a key of prompt_writer.TARGETS: how prompts are worded for its models
    terms_warning: str = ""  # shown beside its models on the brief form: terms to check before automating
    takes_references: bool = False  # sends `ImageJob.references` through its image-input API
    # Model-name prefixes that take references, where that differs by model; empty: all of them.
    reference_models: tuple[str, ...] = ()
    # Model-name prefixes of reference-only endpoints (an edit service with no text-only mode).
    reference_only_models: tuple[str, ...] = ()
    # A model that takes any size is asked for one rounded to this multiple (gpt-image-2 and FLUX take 16).
    size_step: int = 16

    def __init__(self, config: ProviderConfig | None = None, client: httpx.Client | None = None):
        self.config = config or ProviderConfig()
        self.client = client

    @property
    def http(self) -> httpx.Client:
        """The client to call the provider on; the registry always hands one over."""
        if self.client is None:  # what `None.request(...)` would raise, said plainly
            raise AttributeError(f"{type(self).__name__} was built without an httpx client")
        return self.client

    @classmethod
    def base_url_for(cls, config: ProviderConfig) -> str:
        """The URL a client for this provider is rooted at; some hosts depend on the config (Vertex)."""
        return config.base_url or cls.default_base_url

    @classmethod
    def takes_references_for(cls, model_name: str) -> bool:
        """True when this model is sent the brief's product photos (and logo); otherwise it is used text-only."""
        if not cls.takes_references:
            return False
        return not cls.reference_models or model_name.startswith(cls.reference_models)

    @classmethod
    def needs_references_for(cls, model_name: str) -> bool:
        """True when this model cannot make an image without a product photo."""
        return bool(cls.reference_only_models) and model_name.startswith(cls.reference_only_models)

    def references_for(
        self, job: ImageJob, *, limit: int, kinds: tuple[str, ...] = ("product", "logo")
    ) -> tuple[Reference, ...]:
        """The job's references this model is sent, product photos first, at most `limit`; none when the model
        takes none (a text-only model ignores them)."""
        if not self.takes_references_for(job.model):
            return ()
        ordered = [r for kind in kinds for r in job.references if r.kind == kind]
        return tuple(ordered[:limit])

    def generate(self, job: ImageJob) -> ImageResult:
        raise NotImplementedError

    def submit(self, job: ImageJob) -> str:
        raise NotImplementedError

    def poll(self, job_id: str) -> PollResult:
        raise NotImplementedError

    def check(self) -> str:
        """Make the cheapest authenticated call the provider allows; return a short status."""
        raise NotImplementedError

    def model_status(self, name: str) -> str:
        """"live", "deprecated" or "gone" where the provider has a models endpoint that says; else "unknown".

        Auth and network failures raise `ProviderError`, so a caller can tell "gone" from "could not ask".
        """
        return "unknown"


def kind_for_status(status: int) -> str:
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate_limited"
    if status in (408, 504):
        return "timeout"
    if 400 <= status < 500:
        return "bad_request"
    return "provider_error"


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of encoded image bytes; `invalid_image` unless they fully decode within the pixel limit."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ProviderError("invalid_image", f"{width}x{height} is over the pixel limit")
            img.load()
    except ProviderError:
        raise
    except Exception as exc:  # Pillow raises many types for bad bytes
        raise ProviderError("invalid_image", f"not a decodable image: {type(exc).__name__}") from exc
    return width, height


# --- Helpers shared by the adapters: HTTP outcomes to errors, and bytes to results. ---

_MIME_BY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (key, token) replaced, for error details and logs."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return text


@contextlib.contextmanager
def transport_errors(method: str, *, idempotent: bool = False, secrets: Iterable[str] = ()) -> Iterator[None]:
    """Map httpx transport failures inside the block to `ProviderError`s.

    `idempotent` calls (polls, downloads) cost nothing to repeat, so a failure after sending is retryable;
    for a paid call it is `unknown_outcome`, since the provider may have done (and billed) the work.
    """
    try:
        yield
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:  # never reached the provider
        detail = redact(f"cannot connect: {exc}", secrets)
        raise ProviderError("provider_error", detail, retryable=True) from exc
    except httpx.TimeoutException as exc:
        if idempotent:
            raise ProviderError("timeout", f"{type(exc).__name__} on {method}", retryable=True) from exc
        raise ProviderError("unknown_outcome", f"{type(exc).__name__} after the request was sent") from exc
    except httpx.TransportError as exc:
        detail = redact(f"{type(exc).__name__}: {exc}", secrets)
        if idempotent:
            raise ProviderError("provider_error", detail, retryable=True) from exc
        raise ProviderError("unknown_outcome", detail) from exc


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    idempotent: bool = False,
    secrets: Iterable[str] = (),
    **kwargs: Any,
) -> httpx.Response:
    """One HTTP call with transport failures mapped to errors; any HTTP status is returned as is."""
    with transport_errors(method, idempotent=idempotent, secrets=secrets):
        return client.request(method, url, **kwargs)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds the provider asked to wait: `retry-after-ms`, `Retry-After` (seconds or date), or
    Google's RetryInfo `retryDelay`; None when it did not say."""
    if value := response.headers.get("retry-after-ms"):
        try:
            return max(float(value) / 1000, 0.0)
        except ValueError:
            pass
    if value := response.headers.get("retry-after"):
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            if when.tzinfo is None:  # HTTP dates are GMT
                when = when.replace(tzinfo=datetime.UTC)
            return max(when.timestamp() - time.time(), 0.0)
    body = _json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    details = error.get("details") if isinstance(error, dict) else None
    for detail in details if isinstance(details, list) else []:
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            if match := re.fullmatch(r"(\d+(?:\.\d+)?)s", str(detail.get("retryDelay", ""))):
                return float(match.group(1))
    return None


def json_object(value: object) -> dict[str, Any]:
    """`value` when the provider sent a JSON object there, else {}: a missing or odd field reads as empty."""
    return value if isinstance(value, dict) else {}


def _json_or_none(response: httpx.Response) -> object:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def error_message(response: httpx.Response) -> str:
    """The provider's own error text, from whichever of the known error shapes the body has."""
    body = _json_or_none(response)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):  # OpenAI, Google
            parts = [error.get("status") or error.get("type"), error.get("code"), error.get("message")]
            return " ".join(str(p) for p in parts if p)
        if isinstance(body.get("errors"), list):  # Stability v2beta
            return f"{body.get('name', '')}: {'; '.join(str(e) for e in body['errors'])}"
        if "detail" in body:  # BFL (FastAPI)
            return json.dumps(body["detail"])[:300] if not isinstance(body["detail"], str) else body["detail"]
        code = body.get("error_code") or body.get("name") or error or ""
        message = body.get("message") or body.get("error_description") or body.get("description") or ""
        if code or message:
            return f"{code}: {message}".strip(": ")
    return response.text[:300] or response.reason_phrase


def error_for_response(
    response: httpx.Response,
    *,
    retry_statuses: Iterable[int] = (429,),
    kind: str | None = None,
    detail: str | None = None,
    secrets: Iterable[str] = (),
) -> ProviderError:
    """The error for a non-2xx response. Only statuses the provider documents as not processed retry."""
    status = response.status_code
    retryable = status in set(retry_statuses)
    text = redact(f"HTTP {status}: {detail if detail is not None else error_message(response)}", secrets)
    return ProviderError(
        kind or kind_for_status(status),
        text,
        retryable=retryable,
        retry_after=retry_after_seconds(response) if retryable else None,
    )


# On a paid POST only these answers prove nothing was created: the provider refused the request up front.
PAID_RETRY_STATUSES = frozenset({429})


def paid_error_for_response(
    response: httpx.Response,
    *,
    retry_statuses: Iterable[int] = (429,),
    kind: str | None = None,
    detail: str | None = None,
    secrets: Iterable[str] = (),
) -> ProviderError:
    """The error for a non-2xx answer to a paid POST.

    A 5xx (or a 408) may come after the provider created, and billed, the job: it is `unknown_outcome`, never
    retried automatically, whatever an SDK's retry list says (BFL's own client retries 5xx only on GET). A
    410, or a 404 the adapter recognised as "no such model" (`kind="model_retired"`), retires the model.
    """
    status = response.status_code
    if status >= 500 or status == 408:
        text = redact(f"HTTP {status} on a paid request: {error_message(response)}", secrets)
        return ProviderError("unknown_outcome", text)
    if status == 410 and kind is None:
        kind = "model_retired"
    safe = [s for s in retry_statuses if s in PAID_RETRY_STATUSES]
    return error_for_response(response, retry_statuses=safe, kind=kind, detail=detail, secrets=secrets)


def google_model_not_found(response: httpx.Response) -> bool:
    """A Google API 404 `NOT_FOUND` in Google's error shape: the model id is unknown or retired (a wrong base
    URL answers with some other body)."""
    if response.status_code != 404:
        return False
    body = _json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and error.get("status") == "NOT_FOUND"


def read_json(response: httpx.Response, *, kind: str = "provider_error") -> dict[str, Any]:
    """The JSON object of a successful response; a body that is not one is a provider fault."""
    body = _json_or_none(response)
    if not isinstance(body, dict):
        raise ProviderError(kind, f"HTTP {response.status_code} with a body that is not a JSON object")
    return body


def post_json(
    client: httpx.Client,
    path: str,
    *,
    retry_statuses: Iterable[int] = (429,),
    secrets: Iterable[str] = (),
    **kwargs: Any,
) -> dict[str, Any]:
    """POST a paid call and return its JSON; every failure is a `ProviderError` (STYLE §6)."""
    response = send(client, "POST", path, secrets=secrets, **kwargs)
    if response.is_error:
        raise paid_error_for_response(response, retry_statuses=retry_statuses, secrets=secrets)
    return read_json(response)


def get_json(client: httpx.Client, path: str, *, secrets: Iterable[str] = (), **kwargs: Any) -> dict[str, Any]:
    """GET something free (status, account, models) and return its JSON."""
    response = send(client, "GET", path, idempotent=True, secrets=secrets, **kwargs)
    if response.is_error:
        raise error_for_response(response, retry_statuses=(429, 500, 502, 503, 504), secrets=secrets)
    return read_json(response)


def sniff_mime_type(data: bytes, default: str = "image/png") -> str:
    for magic, mime in _MIME_BY_MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return default


_STANDARD_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_URLSAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_WHITESPACE = re.compile(r"\s+")


def decode_base64_image(text: object) -> bytes:
    """Bytes of a base64 image field, in the standard or the URL-safe alphabet (Google's APIs may send
    either), with or without padding or line breaks; anything else is `invalid_image`."""
    if not isinstance(text, str) or not text:
        raise ProviderError("invalid_image", "image field is missing or empty")
    text = _WHITESPACE.sub("", text)
    padded = text + "=" * (-len(text) % 4) if "=" not in text else text
    try:
        if _STANDARD_BASE64.fullmatch(text):
            return base64.b64decode(padded, validate=True)
        if _URLSAFE_BASE64.fullmatch(text):
            return base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError) as exc:
        raise ProviderError("invalid_image", "image field is not valid base64") from exc
    raise ProviderError("invalid_image", "image field is not valid base64")


def image_result(data: bytes, **fields: Any) -> ImageResult:
    """An `ImageResult` for bytes that decode as an image; its size and actual type go into the result."""
    width, height = image_size(data)
    meta = {"width": width, "height": height, **fields.pop("meta", {})}
    return ImageResult(data=data, mime_type=sniff_mime_type(data), meta=meta, verified_size=(width, height),
                       **fields)


def download_image(client: httpx.Client, url: str, *, idempotent: bool, **result_fields: Any) -> ImageResult:
    """Fetch a signed result URL (it expires, so at once) without the provider's auth headers.

    The body is read in chunks up to `MAX_DOWNLOAD_BYTES`, since the URL (and whatever it serves) is the
    provider's choice.
    """
    chunks, size = [], 0
    with transport_errors("GET", idempotent=idempotent):
        with client.stream("GET", url, follow_redirects=True) as response:
            if response.is_error:
                raise ProviderError(
                    "provider_error",
                    f"result download failed with HTTP {response.status_code}",
                    retryable=idempotent and response.status_code >= 500,
                )
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_DOWNLOAD_BYTES:
                    raise ProviderError("invalid_image", f"result is over {MAX_DOWNLOAD_BYTES} bytes")
                chunks.append(chunk)
    return image_result(b"".join(chunks), **result_fields)


def closest_aspect_ratio(width: int, height: int, ratios: Iterable[str]) -> str:
    """The ratio ("16:9") nearest to width:height, on a log scale (2:1 is as far from 1:1 as 1:2 is)."""
    target = math.log(width / height)

    def distance(ratio: str) -> float:
        w, h = ratio.split(":")
        return abs(math.log(int(w) / int(h)) - target)

    return min(ratios, key=distance)


def closest_size(width: int, height: int, sizes: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The allowed size nearest in shape to width x height; of those, the smallest that covers it (export
    crops scale down, never up), else the largest."""
    target = math.log(width / height)
    sizes = list(sizes)
    best_shape = min(round(abs(math.log(w / h) - target), 3) for w, h in sizes)
    shaped = sorted((s for s in sizes if round(abs(math.log(s[0] / s[1]) - target), 3) == best_shape),
                    key=lambda s: s[0] * s[1])
    return next((s for s in shaped if s[0] >= width and s[1] >= height), shaped[-1])


def missing_reference(model: str) -> ProviderError:
    """The error for a reference-only model asked to work without a product photo: refused before any call."""
    return ProviderError("bad_request", f"{model} needs a product photo: this brief has none")


def reference_note(
    references: Iterable[Reference], *, name: Callable[[int], str] = lambda number: f"image {number}"
) -> str:
    """What each reference image is, for models that read instructions: the product kept as photographed,
    the logo small and unaltered. `name` says how the provider refers to the n-th image."""
    notes = []
    for number, reference in enumerate(references, 1):
        if reference.kind == "logo":
            notes.append(f"{name(number)} is the brand logo: show it small and unaltered")
        else:
            notes.append(f"{name(number)} is the product: show exactly this product, keeping its shape, colours, "
                         "label and proportions")
    return "; ".join(notes) + "." if notes else ""


def with_references(prompt: str, references: Iterable[Reference], **kwargs: Callable[[int], str]) -> str:
    """The prompt followed by what each reference image is (see `reference_note`)."""
    note = reference_note(references, **kwargs)
    return f"{prompt}\n\nReference images: {note}" if note else prompt


def with_avoid(prompt: str, negative_prompt: str) -> str:
    """Fold a negative prompt into the text for models without the field, which follow plain instructions."""
    return f"{prompt}\n\nAvoid: {negative_prompt}." if negative_prompt else prompt
