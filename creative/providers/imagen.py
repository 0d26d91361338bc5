"""Imagen 4 on Vertex AI: synchronous `:predict` (specs/google-imagen.md).

Vertex rather than the Gemini API, since the Gemini API's Imagen IDs were reported shut down on
2026-08-17. `config.api_key` holds an OAuth access token (service account or ADC, minted outside this
module: no SDK); `config.extra` has `project` and `location`, optionally `quota_project`.

Product photos go to the two Vertex models that take them (specs/reference-images.md section 3), both
reference-only and both deprecated by Google ("migrate before 2026-06-30"), so their rows ship disabled:
- `imagen-product-recontext-preview-06-30`: `instances[0].productImages[].image.bytesBase64Encoded`, up to 3
  photos of the one product (python-genai `models.py` `_RecontextImageParameters_to_vertex`,
  `_ProductImage_to_vertex`, `_Image_to_vertex`);
- `imagen-3.0-capability-001`: `instances[0].referenceImages[]` of `REFERENCE_TYPE_SUBJECT` with
  `subjectImageConfig.subjectType` `SUBJECT_TYPE_PRODUCT`, one `referenceId` for every photo of the product,
  which the prompt names "[1]"; at most 4 (python-genai `_ReferenceImageAPI_to_vertex`; Vertex "Customize
  images" API reference, cloud.google.com/vertex-ai/generative-ai/docs/model-reference/imagen-api-customization).
python-genai commit 66807187 (2026-08-21). Imagen 4 generate models take no reference and are used text-only.

Imagen reports no charge or usage: the recorded cost is the per-image estimate. A 5xx on `:predict` may come
after the images were made, so it is `unknown_outcome`, never retried.
"""

from __future__ import annotations

import base64
from types import MappingProxyType
from typing import Any

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    ProviderConfig,
    ProviderError,
    Reference,
    closest_aspect_ratio,
    decode_base64_image,
    error_for_response,
    error_message,
    get_json,
    google_model_not_found,
    image_result,
    missing_reference,
    paid_error_for_response,
    read_json,
    send,
    with_avoid,
)

ASPECT_RATIOS = ("1:1", "3:4", "4:3", "9:16", "16:9")
RETRY_STATUSES = (429,)  # RESOURCE_EXHAUSTED; a 5xx on the paid call is unknown_outcome
# Google documents `negativePrompt` for these Imagen 3 models only; Imagen 4 drops it without a word, so for
# every other model the avoid list rides in the prompt text.
NEGATIVE_PROMPT_MODELS = ("imagen-3.0-generate-001", "imagen-3.0-generate-002")
# A prompt blocked by RAI is a 400 INVALID_ARGUMENT whose message explains the block; the exact text is
# unverified (spec), so these words are a best guess at telling it from a malformed request.
RECONTEXT_MODELS = ("imagen-product-recontext",)
SUBJECT_MODELS = ("imagen-3.0-capability",)
MAX_PRODUCT_IMAGES = 3  # recontext: "up to 3 product images (different angles of the same product)"
MAX_REFERENCE_IMAGES = 4  # capability: "at most 4 reference image objects"
BLOCK_WORDS = ("responsible ai", "safety", "blocked", "sensitive", "policy", "prohibited")


class Imagen(ImageProvider):
    name = "imagen"
    label = "Imagen"
    default_base_url = "https://us-central1-aiplatform.googleapis.com"
    key_variable = "VERTEX_ACCESS_TOKEN"
    base_url_variable = "VERTEX_BASE_URL"
    extra_variables = MappingProxyType({"project": "VERTEX_PROJECT", "location": "VERTEX_LOCATION"})
    takes_references = True
    reference_models = RECONTEXT_MODELS + SUBJECT_MODELS
    reference_only_models = RECONTEXT_MODELS + SUBJECT_MODELS

    @classmethod
    def base_url_for(cls, config: ProviderConfig) -> str:
        if config.base_url:
            return config.base_url
        location = config.extra.get("location", "us-central1")
        if location == "global":
            return "https://aiplatform.googleapis.com"
        return f"https://{location}-aiplatform.googleapis.com"

    def _location_path(self) -> str:
        project = self.config.extra.get("project")
        if not project:
            raise ProviderError("auth", "Vertex project is not configured (config.extra['project'])")
        return f"/v1/projects/{project}/locations/{self.config.extra.get('location', 'us-central1')}"

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.config.api_key}", "Content-Type": "application/json"}
        if quota_project := self.config.extra.get("quota_project"):
            headers["x-goog-user-project"] = quota_project
        return headers

    def _payload(self, job: ImageJob) -> dict[str, Any]:
        parameters: dict[str, Any] = {
            "sampleCount": 1,
            "aspectRatio": closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS),
            "includeRaiReason": True,
            "outputOptions": {"mimeType": "image/png"},
        }
        # 2K exists on Imagen 4 standard and ultra only; 1K covers up to 1408 px on the long side.
        has_2k = "-fast-" not in job.model and not job.model.startswith("imagen-3")
        if has_2k and max(job.width, job.height) > 1408:
            parameters["sampleImageSize"] = "2K"
        prompt = job.prompt
        if job.negative_prompt and job.model in NEGATIVE_PROMPT_MODELS:
            parameters["negativePrompt"] = job.negative_prompt  # Vertex only
        else:
            prompt = with_avoid(job.prompt, job.negative_prompt)
        if job.seed:
            # Per Vertex docs (from memory, spec): a seed only applies with the SynthID watermark off.
            parameters["seed"] = job.seed
            parameters["addWatermark"] = False
        if job.model.startswith(RECONTEXT_MODELS):
            return self._recontext_payload(job, prompt, parameters)
        if job.model.startswith(SUBJECT_MODELS):
            return self._subject_payload(job, prompt, parameters)
        return {"instances": [{"prompt": prompt}], "parameters": parameters}

    def _recontext_payload(self, job: ImageJob, prompt: str, parameters: dict[str, Any]) -> dict[str, Any]:
        """The product photos placed in the scene the prompt describes; no aspect ratio or size parameter."""
        references = self.references_for(job, limit=MAX_PRODUCT_IMAGES, kinds=("product",))
        if not references:
            raise missing_reference(job.model)
        images = [{"image": _image(reference)} for reference in references]
        kept = {k: v for k, v in parameters.items() if k in ("sampleCount", "seed", "addWatermark")}
        return {"instances": [{"prompt": prompt, "productImages": images}], "parameters": kept}

    def _subject_payload(self, job: ImageJob, prompt: str, parameters: dict[str, Any]) -> dict[str, Any]:
        """Every product photo as subject reference [1], in Google's prompt form for subject customisation."""
        references = self.references_for(job, limit=MAX_REFERENCE_IMAGES, kinds=("product",))
        if not references:
            raise missing_reference(job.model)
        description = job.subject or "the product"
        subject = {"subjectType": "SUBJECT_TYPE_PRODUCT", "subjectDescription": description}
        reference_images = [
            {"referenceImage": _image(reference), "referenceId": 1, "referenceType": "REFERENCE_TYPE_SUBJECT",
             "subjectImageConfig": subject}
            for reference in references
        ]
        parameters.pop("sampleImageSize", None)
        text = f"Create an image of {description} [1] to match the description: {prompt}"
        return {"instances": [{"prompt": text, "referenceImages": reference_images}], "parameters": parameters}

    def generate(self, job: ImageJob) -> ImageResult:
        secrets = [self.config.api_key]
        path = f"{self._location_path()}/publishers/google/models/{job.model}:predict"
        payload = self._payload(job)
        response = send(self.http, "POST", path, json=payload, headers=self._headers(), secrets=secrets)
        if response.is_error:
            message = error_message(response).lower()
            if response.status_code == 400 and any(word in message for word in BLOCK_WORDS):
                raise error_for_response(response, kind="content_policy", retry_statuses=(), secrets=secrets)
            kind = "model_retired" if google_model_not_found(response) else None
            raise paid_error_for_response(response, kind=kind, retry_statuses=RETRY_STATUSES, secrets=secrets)
        body = read_json(response)
        predictions = [p for p in body.get("predictions") or [] if isinstance(p, dict)]
        for prediction in predictions:
            if prediction.get("bytesBase64Encoded"):
                meta: dict[str, Any] = {"model": job.model}
                if "safetyAttributes" in prediction:
                    meta["safety_attributes"] = prediction["safetyAttributes"]
                return image_result(
                    decode_base64_image(prediction["bytesBase64Encoded"]),
                    # Imagen does not echo the seed; the one sent is the one used.
                    seed=job.seed or None,
                    meta=meta,
                )
        reasons = [p["raiFilteredReason"] for p in predictions if p.get("raiFilteredReason")]
        # All samples filtered: 200 with a reason entry, or (unverified) no predictions at all.
        raise ProviderError("content_policy", "; ".join(reasons) or "no image returned: output filtered")

    def check(self) -> str:
        """Lists one Vertex endpoint: free, and proves the token, project and location together."""
        path = f"{self._location_path()}/endpoints"
        secrets = [self.config.api_key]
        get_json(self.http, path, params={"pageSize": 1}, headers=self._headers(), secrets=secrets)
        return f"ok vertex {self._location_path().removeprefix('/v1/projects/').replace('/locations/', '/')}"


def _image(reference: Reference) -> dict[str, str]:
    return {"bytesBase64Encoded": base64.b64encode(reference.data).decode(), "mimeType": reference.mime_type}
