"""Gemini native image models (gemini-2.5-flash-image, gemini-3-pro-image, gemini-3.1-flash-image)
through `generateContent` with image output (specs/google-gemini-chat.md, google-imagen.md).

Gemini bills tokens: the response's `usageMetadata` goes into `ImageResult.usage` for the pipeline to price.
A 5xx on `generateContent` may come after the image was made, so it is `unknown_outcome`, never retried.

Product photos (and the logo) go in the same user turn as inline image parts before the text,
`{"inlineData": {"mimeType": ..., "data": <base64>}}`: at most 3 for gemini-2.5-flash-image, 14 for the Gemini 3
image models (specs/reference-images.md section 2). Source: googleapis/python-genai `google/genai/models.py`
(`_Part_to_mldev`: `inline_data` -> `inlineData`; `_Blob_to_mldev`: `mime_type` -> `mimeType`), commit 66807187
(2026-08-21); limits from Vertex's "Image understanding" page.

Not in the specs, and so unconfirmed here: `generationConfig.responseModalities` ["TEXT", "IMAGE"], the
`imageConfig.aspectRatio` values below, and `imageConfig.imageSize` ("1K"/"2K"/"4K", Gemini 3 models only).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    ProviderError,
    closest_aspect_ratio,
    decode_base64_image,
    error_for_response,
    google_model_not_found,
    image_result,
    paid_error_for_response,
    read_json,
    send,
    with_avoid,
    with_references,
)

ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
RETRY_STATUSES = (429,)  # on the paid call; free GETs also retry 500, 503 and 504
GET_RETRY_STATUSES = (429, 500, 503, 504)
# Images per prompt, by model-name prefix (the first that matches).
MAX_REFERENCES = (("gemini-2.5", 3), ("gemini-", 14))
REFUSAL_REASONS = {
    "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
}


class GeminiImage(ImageProvider):
    name = "gemini"
    label = "Gemini"
    default_base_url = "https://generativelanguage.googleapis.com"
    # The same key serves the chat models of creative.llm.gemini.
    key_variable = "GEMINI_API_KEY"
    base_url_variable = "GEMINI_BASE_URL"
    prompt_family = "natural"
    takes_references = True  # every Gemini image model takes image parts

    def _headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.config.api_key, "Content-Type": "application/json"}

    def _payload(self, job: ImageJob) -> dict[str, Any]:
        image_config = {"aspectRatio": closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS)}
        # 1K reaches 1536 px on the long side (21:9 is 1536x672), 2K twice that: a 9:16 or 16:9 at 1K
        # (768x1344) must not be sent as 2K, which costs more.
        long_side = max(job.width, job.height)
        if job.model.startswith("gemini-3") and long_side > 1536:
            image_config["imageSize"] = "4K" if long_side > 3072 else "2K"
        generation_config: dict[str, Any] = {"responseModalities": ["TEXT", "IMAGE"], "imageConfig": image_config}
        if job.seed:
            generation_config["seed"] = job.seed
        # No negative-prompt field: the model reads instructions, so the avoid list rides in the text.
        text = with_avoid(job.prompt, job.negative_prompt)
        limit = next((count for prefix, count in MAX_REFERENCES if job.model.startswith(prefix)), 3)
        references = self.references_for(job, limit=limit)
        parts: list[dict[str, Any]] = [{"inlineData": {"mimeType": r.mime_type, "data": base64.b64encode(r.data).decode()}}
                 for r in references]
        parts.append({"text": with_references(text, references)})
        return {
            "contents": [{"role": "user", "parts": parts}],
            "generationConfig": generation_config,
        }

    def generate(self, job: ImageJob) -> ImageResult:
        secrets = [self.config.api_key]
        path = f"/v1beta/models/{job.model}:generateContent"
        payload = self._payload(job)
        response = send(self.http, "POST", path, json=payload, headers=self._headers(), secrets=secrets)
        self._raise_for(response, paid=True)
        body = read_json(response)
        meta = {"model_version": body.get("modelVersion", ""), "response_id": body.get("responseId", "")}
        usage = {}
        if isinstance(body.get("usageMetadata"), dict):
            meta["usage"] = body["usageMetadata"]
            usage = usage_tokens(body["usageMetadata"])
        candidates = [c for c in body.get("candidates") or [] if isinstance(c, dict)]
        if not candidates:
            feedback = body.get("promptFeedback") or {}
            if reason := feedback.get("blockReason"):
                raise ProviderError("content_policy", f"prompt blocked: {reason}")
            raise ProviderError("provider_error", "response has no candidates")
        candidate = candidates[0]
        finish = candidate.get("finishReason", "")
        parts = (candidate.get("content") or {}).get("parts") or []
        texts = [p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]
        for part in parts:
            inline = (part.get("inlineData") or part.get("inline_data")) if isinstance(part, dict) else None
            if isinstance(inline, dict) and inline.get("data"):
                meta["finish_reason"] = finish
                if texts:
                    meta["text"] = " ".join(texts)[:2000]
                return image_result(decode_base64_image(inline["data"]), seed=job.seed or None, meta=meta,
                                    usage=usage)
        if finish in REFUSAL_REASONS:
            raise ProviderError("content_policy", f"no image: finishReason {finish}")
        # NO_IMAGE, IMAGE_OTHER, or a text-only answer: the model chose not to draw, for no stated policy.
        said = f": {texts[0][:200]}" if texts else ""
        detail = f"no image in the response (finishReason {finish or 'missing'}){said}"
        raise ProviderError("provider_error", detail)

    def _raise_for(self, response: httpx.Response, *, paid: bool = False) -> None:
        if not response.is_error:
            return
        # A bad key is a 400 INVALID_ARGUMENT on this API; only the ErrorInfo reason tells it apart.
        kind = "auth" if "API_KEY_INVALID" in response.text else None
        if google_model_not_found(response):
            kind = "model_retired"
        secrets = [self.config.api_key]
        if paid:
            raise paid_error_for_response(response, kind=kind, retry_statuses=RETRY_STATUSES, secrets=secrets)
        raise error_for_response(response, kind=kind, retry_statuses=GET_RETRY_STATUSES, secrets=secrets)

    def model_status(self, name: str) -> str:
        """`GET /v1beta/models/{id}`: 200 is live, 404 gone. The Model resource carries no deprecation field."""
        response = send(self.http, "GET", f"/v1beta/models/{name}", idempotent=True, headers=self._headers(),
                        secrets=[self.config.api_key])
        if response.status_code == 404:
            return "gone"
        self._raise_for(response)
        return "live"

    def check(self) -> str:
        response = send(self.http, "GET", "/v1beta/models", idempotent=True, params={"pageSize": 50},
                        headers=self._headers(), secrets=[self.config.api_key])
        self._raise_for(response)
        body = read_json(response)
        models = [m for m in body.get("models") or [] if isinstance(m, dict)]
        names = [m.get("name", "").removeprefix("models/") for m in models]
        images = sorted(n for n in names if "image" in n)
        return f"ok {len(names)} models, image models: {', '.join(images) or 'none listed'}"


def usage_tokens(usage: dict[str, Any]) -> dict[str, int]:
    """`usageMetadata` as the token kinds the pipeline prices, by modality where the details say.

    Without details the prompt counts as text and the candidates as image; thinking tokens bill as text output.
    """

    def count(value: object) -> int:
        return value if isinstance(value, int) and value > 0 else 0

    def by_modality(details: object, direction: str, fallback_total: int, fallback_kind: str) -> dict[str, int]:
        kinds: dict[str, int] = {}
        items = [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []
        for item in items:
            modality = "image" if str(item.get("modality", "")).upper() == "IMAGE" else "text"
            kind = f"{direction}_{modality}"
            kinds[kind] = kinds.get(kind, 0) + count(item.get("tokenCount"))
        if not items and fallback_total:
            kinds[fallback_kind] = fallback_total
        return kinds

    kinds = by_modality(usage.get("promptTokensDetails"), "input", count(usage.get("promptTokenCount")),
                        "input_text")
    for kind, tokens in by_modality(usage.get("candidatesTokensDetails"), "output",
                                    count(usage.get("candidatesTokenCount")), "output_image").items():
        kinds[kind] = kinds.get(kind, 0) + tokens
    if thoughts := count(usage.get("thoughtsTokenCount")):
        kinds["output_text"] = kinds.get("output_text", 0) + thoughts
    return {kind: tokens for kind, tokens in kinds.items() if tokens}
