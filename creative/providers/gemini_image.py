"""Gemini native image models (gemini-2.5-flash-image, gemini-3-pro-image, gemini-3.1-flash-image)
through `generateContent` with image output (specs/google-gemini-chat.md, google-imagen.md).

Not in the specs, and so unconfirmed here: `generationConfig.responseModalities` ["TEXT", "IMAGE"], the
`imageConfig.aspectRatio` values below, and `imageConfig.imageSize` ("1K"/"2K"/"4K", Gemini 3 models only).
"""

from __future__ import annotations

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    ProviderError,
    closest_aspect_ratio,
    decode_base64_image,
    error_for_response,
    image_result,
    read_json,
    send,
    with_avoid,
)

ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
RETRY_STATUSES = (429, 500, 503, 504)
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

    def _headers(self) -> dict:
        return {"x-goog-api-key": self.config.api_key, "Content-Type": "application/json"}

    def _payload(self, job: ImageJob) -> dict:
        image_config = {"aspectRatio": closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS)}
        if job.model.startswith("gemini-3") and max(job.width, job.height) > 1024:
            image_config["imageSize"] = "4K" if max(job.width, job.height) > 2048 else "2K"
        generation_config = {"responseModalities": ["TEXT", "IMAGE"], "imageConfig": image_config}
        if job.seed:
            generation_config["seed"] = job.seed
        # No negative-prompt field: the model reads instructions, so the avoid list rides in the text.
        text = with_avoid(job.prompt, job.negative_prompt)
        return {
            "contents": [{"role": "user", "parts": [{"text": text}]}],
            "generationConfig": generation_config,
        }

    def generate(self, job: ImageJob) -> ImageResult:
        secrets = [self.config.api_key]
        path = f"/v1beta/models/{job.model}:generateContent"
        payload = self._payload(job)
        response = send(self.client, "POST", path, json=payload, headers=self._headers(), secrets=secrets)
        self._raise_for(response)
        body = read_json(response)
        meta = {"model_version": body.get("modelVersion", ""), "response_id": body.get("responseId", "")}
        if isinstance(body.get("usageMetadata"), dict):
            meta["usage"] = body["usageMetadata"]
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
                return image_result(decode_base64_image(inline["data"]), seed=job.seed or None, meta=meta)
        if finish in REFUSAL_REASONS:
            raise ProviderError("content_policy", f"no image: finishReason {finish}")
        # NO_IMAGE, IMAGE_OTHER, or a text-only answer: the model chose not to draw, for no stated policy.
        said = f": {texts[0][:200]}" if texts else ""
        detail = f"no image in the response (finishReason {finish or 'missing'}){said}"
        raise ProviderError("provider_error", detail)

    def _raise_for(self, response, *, retry_statuses=RETRY_STATUSES) -> None:
        if response.is_error:
            # A bad key is a 400 INVALID_ARGUMENT on this API; only the ErrorInfo reason tells it apart.
            kind = "auth" if "API_KEY_INVALID" in response.text else None
            secrets = [self.config.api_key]
            raise error_for_response(response, kind=kind, retry_statuses=retry_statuses, secrets=secrets)

    def check(self) -> str:
        response = send(self.client, "GET", "/v1beta/models", idempotent=True, params={"pageSize": 50},
                        headers=self._headers(), secrets=[self.config.api_key])
        self._raise_for(response)
        body = read_json(response)
        models = [m for m in body.get("models") or [] if isinstance(m, dict)]
        names = [m.get("name", "").removeprefix("models/") for m in models]
        images = sorted(n for n in names if "image" in n)
        return f"ok {len(names)} models, image models: {', '.join(images) or 'none listed'}"
