"""OpenAI Images: `POST /v1/images/generations`, and `POST /v1/images/edits` for a brief with product photos
(specs/openai-images.md, specs/reference-images.md section 1).

Edits are multipart: one `image[]` file part per reference (product photos first, then the logo; at most 16
for GPT image models), with `model`, `prompt`, `size`, `quality`, `input_fidelity` and `output_format` as text
parts. Source: openai/openai-python `src/openai/resources/images.py` (`edit`: `extract_files(paths=[["image"],
["image", "<array>"], ["mask"]])`, array format "brackets" in `_utils/_utils.py`) and
`src/openai/types/image_edit_params.py` (`input_fidelity` "high"/"low", not on gpt-image-1-mini), commit
e43b4224 (2026-08-21). DALL-E models are used text-only.

The base URL includes `/v1`, as the official SDK's does, so an OpenAI-compatible relay is just another
base URL. The call is synchronous and there is no idempotency header, so a timeout, a dropped connection or a
5xx is `unknown_outcome`: the image may have been made and billed. GPT image models are priced per token; the
response's `usage` goes into `ImageResult.usage` for the pipeline to price.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import httpx

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    ProviderError,
    Reference,
    closest_size,
    decode_base64_image,
    download_image,
    error_for_response,
    get_json,
    image_result,
    json_object,
    paid_error_for_response,
    read_json,
    send,
    with_avoid,
    with_references,
)

GPT_IMAGE_SIZES = [(1024, 1024), (1536, 1024), (1024, 1536)]
DALL_E_3_SIZES = [(1024, 1024), (1792, 1024), (1024, 1792)]
DALL_E_2_SIZES = [(256, 256), (512, 512), (1024, 1024)]
# Of the statuses the SDK retries, only 429 proves a paid request made nothing (base.PAID_RETRY_STATUSES).
RETRY_STATUSES = (429,)
REFUSAL_CODES = {"content_policy_violation", "moderation_blocked"}
# A 404 with this code names an unknown model; OpenAI answers a shut-down one ("has been deprecated") so too.
MODEL_GONE_CODES = {"model_not_found"}
MAX_REFERENCES = 16  # `image` maxItems for GPT image models
# `input_fidelity` "high" keeps a product's label and logo; gpt-image-1-mini does not take the field.
NO_INPUT_FIDELITY = ("gpt-image-1-mini",)


def size_for(model: str, width: int, height: int) -> str:
    """The `size` field: gpt-image-2 takes any valid WxH; other models a fixed list."""
    if model.startswith("gpt-image-2") and _gpt_image_2_accepts(width, height):
        return f"{width}x{height}"
    if model == "dall-e-3":
        sizes = DALL_E_3_SIZES
    elif model == "dall-e-2":
        sizes = DALL_E_2_SIZES
    else:
        sizes = GPT_IMAGE_SIZES
    w, h = closest_size(width, height, sizes)
    return f"{w}x{h}"


def _gpt_image_2_accepts(width: int, height: int) -> bool:
    long, short = max(width, height), min(width, height)
    return (
        width % 16 == 0
        and height % 16 == 0
        and long <= 3 * short
        and long <= 3840
        and width * height <= 3840 * 2160
    )


class OpenAIImages(ImageProvider):
    name = "openai"
    label = "OpenAI"
    default_base_url = "https://api.openai.com/v1"
    # The same key serves the chat models of creative.llm.openai.
    key_variable = "OPENAI_API_KEY"
    base_url_variable = "OPENAI_BASE_URL"
    prompt_family = "natural"
    takes_references = True
    reference_models = ("gpt-image", "chatgpt-image")

    def _headers(self, *, json_body: bool = True) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.config.api_key}"}
        if json_body:  # a multipart body gets its boundary from httpx
            headers["Content-Type"] = "application/json"
        for extra_name, header in (("organization", "OpenAI-Organization"), ("project", "OpenAI-Project")):
            if value := self.config.extra.get(extra_name):
                headers[header] = value
        return headers

    def _payload(self, job: ImageJob) -> dict[str, Any]:
        model = job.model
        payload: dict[str, Any] = {
            "model": model,
            # No negative-prompt field; the prompt is read by a language model that follows instructions.
            "prompt": with_avoid(job.prompt, job.negative_prompt),
            "n": 1,
            "size": size_for(model, job.width, job.height),
        }
        # The model row's quality first: the price per image assumes it, where `auto` may cost more.
        if quality := job.quality or self.config.extra.get("quality"):
            payload["quality"] = quality
        if model.startswith("dall-e"):
            # The default; the URL lives 60 minutes, so it is fetched at once.
            payload["response_format"] = "url"
            if model == "dall-e-3" and (style := self.config.extra.get("style")):
                payload["style"] = style
        else:
            payload["output_format"] = "png"  # always base64; these models reject `response_format`
        return payload

    def generate(self, job: ImageJob) -> ImageResult:
        secrets = [self.config.api_key]
        if references := self.references_for(job, limit=MAX_REFERENCES):
            return self._edit(job, references)
        payload = self._payload(job)
        response = send(
            self.http, "POST", "images/generations", json=payload, headers=self._headers(), secrets=secrets
        )
        return self._result(response)

    def _edit(self, job: ImageJob, references: Sequence[Reference]) -> ImageResult:
        """One paid `images/edits` call with every reference as an `image[]` file part."""
        payload = self._payload(job)
        payload["prompt"] = with_references(payload["prompt"], references, name=_ordinal_image)
        if not job.model.startswith(NO_INPUT_FIDELITY):
            payload["input_fidelity"] = "high"
        fields = {name: str(value) for name, value in payload.items()}
        files = [
            ("image[]", (f"{reference.kind}-{number}.{reference.mime_type.split('/')[-1]}", reference.data,
                         reference.mime_type))
            for number, reference in enumerate(references, 1)
        ]
        response = send(self.http, "POST", "images/edits", data=fields, files=files,
                        headers=self._headers(json_body=False), secrets=[self.config.api_key])
        return self._result(response, meta={"endpoint": "images/edits", "references": len(references)})

    def _result(self, response: httpx.Response, *, meta: dict[str, Any] | None = None) -> ImageResult:
        if response.is_error:
            raise self._error(response)
        body = read_json(response)
        data = body.get("data")
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            raise ProviderError("provider_error", "response has no data[0]")
        item = data[0]
        meta = {"request_id": response.headers.get("x-request-id", ""), "created": body.get("created"),
                **(meta or {})}
        usage = {}
        if isinstance(body.get("usage"), dict):
            meta["usage"] = body["usage"]
            usage = image_usage(body["usage"])
        for name in ("quality", "size", "output_format", "background"):
            if name in body:
                meta[name] = body[name]
        fields = {"revised_prompt": item.get("revised_prompt") or "", "meta": meta, "usage": usage}
        if item.get("b64_json"):
            return image_result(decode_base64_image(item["b64_json"]), **fields)
        if item.get("url"):
            # The generation is paid for already: a failed download cannot be retried by generating again.
            try:
                return download_image(self.http, item["url"], idempotent=False, **fields)
            except ProviderError as exc:
                if exc.kind == "invalid_image":
                    raise
                raise ProviderError("provider_error", f"image URL download failed: {exc.detail}") from exc
        raise ProviderError("provider_error", "data[0] has neither b64_json nor url")

    def _error(self, response: httpx.Response) -> ProviderError:
        secrets = [self.config.api_key]
        error = error_object(response)
        code = str(error.get("code") or "")
        if code in REFUSAL_CODES:
            return error_for_response(response, kind="content_policy", retry_statuses=(), secrets=secrets)
        if code == "insufficient_quota":
            # A billing problem, not a rate: waiting does not help, and every retry would fail the same way.
            return error_for_response(response, kind="budget", retry_statuses=(), secrets=secrets)
        if response.status_code == 404 and code in MODEL_GONE_CODES:
            return error_for_response(response, kind="model_retired", retry_statuses=(), secrets=secrets)
        # `x-should-retry: true` may stop a retry but never starts one on a paid call: a 5xx may have been billed.
        retry_statuses = () if response.headers.get("x-should-retry") == "false" else RETRY_STATUSES
        return paid_error_for_response(response, retry_statuses=retry_statuses, secrets=secrets)

    def model_status(self, name: str) -> str:
        """`GET /models/{id}`: 200 is live, 404 gone. OpenAI's models endpoint states no deprecation."""
        secrets = [self.config.api_key]
        response = send(self.http, "GET", f"models/{name}", idempotent=True, headers=self._headers(),
                        secrets=secrets)
        if response.status_code == 404:
            return "gone"
        if response.is_error:
            raise error_for_response(response, retry_statuses=(429, 500, 502, 503, 504), secrets=secrets)
        return "live"

    def check(self) -> str:
        body = get_json(self.http, "models", headers=self._headers(), secrets=[self.config.api_key])
        models = [m.get("id", "") for m in body.get("data") or [] if isinstance(m, dict)]
        images = [m for m in models if re.match(r"(gpt-image|dall-e)", m)]
        return f"ok {len(models)} models, image models: {', '.join(sorted(images)) or 'none listed'}"


def _ordinal_image(number: int) -> str:
    return f"the {('first', 'second', 'third', 'fourth')[number - 1]} image" if number <= 4 else f"image {number}"


def image_usage(usage: dict[str, Any]) -> dict[str, int]:
    """OpenAI image `usage` as the token kinds the pipeline prices. Output tokens are image tokens unless
    `output_tokens_details` splits them (newer models may write text as well)."""

    def count(value: object) -> int:
        return value if isinstance(value, int) and value > 0 else 0

    inputs = json_object(usage.get("input_tokens_details"))
    outputs = json_object(usage.get("output_tokens_details"))
    kinds: dict[str, int] = {}
    if inputs:
        kinds["input_text"] = count(inputs.get("text_tokens"))
        kinds["input_image"] = count(inputs.get("image_tokens"))
    else:
        kinds["input_text"] = count(usage.get("input_tokens"))
    if outputs:
        kinds["output_text"] = count(outputs.get("text_tokens"))
        kinds["output_image"] = count(outputs.get("image_tokens"))
    else:
        kinds["output_image"] = count(usage.get("output_tokens"))
    return {kind: tokens for kind, tokens in kinds.items() if tokens}


def error_object(response: httpx.Response) -> dict[str, Any]:
    """OpenAI's `{"error": {...}}` body, or {} when the body is not that (a proxy's HTML page)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}

