"""What the API takes and answers; the OpenAPI schema is derived from these types."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictBool, model_validator

from creative import text_limits
from creative.shapes import SHAPES, default_shapes

# Sizes a person could mean; anything longer is refused with 422 before a domain function sees it.
SHORT = 200
LIST_ITEMS = 20


def _iso_only(value: Any) -> Any:
    # Pydantic would also read a number as seconds since 1970: a filter takes the ISO form only.
    if not isinstance(value, datetime) and not re.match(r"^\d{4}-\d{2}-\d{2}", str(value)):
        raise ValueError("an ISO 8601 date or date-time, e.g. 2026-01-31T00:00:00Z")
    return value


IsoDatetime = Annotated[datetime, BeforeValidator(_iso_only)]


class InputSchema(Schema):
    """A request body: no text in it may hold control characters (binary data; PostgreSQL refuses NUL in text
    columns, so a NUL in a model name or a feed reached the database as a 500), whichever field it is in."""

    @model_validator(mode="after")
    def _printable(self) -> InputSchema:
        for name, value in self:
            if found := _control_character(value):
                raise ValueError(f"{name} contains the control character {found}: binary data, not text")
        return self


def _control_character(value: Any) -> str:
    if isinstance(value, str):
        return text_limits.control_character_in(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        return next((found for item in value if (found := _control_character(item))), "")
    if isinstance(value, Schema):
        return next((found for _, item in value if (found := _control_character(item))), "")
    return ""


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]]


class RequirementsIn(InputSchema):
    product: str = Field(min_length=1, max_length=SHORT)
    audience: str = Field("", max_length=SHORT)
    selling_points: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    tone: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    scenarios: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    colours: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    must_include: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    avoid: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    language: str = Field("en", min_length=2, max_length=8)


class BriefIn(InputSchema):
    text: str = Field("", max_length=text_limits.BRIEF_TEXT,
                      description="The brief in words; may be empty when `requirements` are given.")
    requirements: RequirementsIn | None = Field(None, description="Structured requirements: no analysis is run.")
    models: list[str] = Field(min_length=1, max_length=LIST_ITEMS, description="Image model names (GET /models).")
    images_per_prompt: int = Field(3, ge=1, le=10)
    budget_cents: int | None = Field(None, ge=0, le=100_000_000)
    review_prompts: StrictBool = False
    review_requirements: StrictBool = False
    shapes: list[str] = Field(default_factory=default_shapes, min_length=1, max_length=len(SHAPES),
                              description=f"Shapes each image is made in: {', '.join(SHAPES)}.")
    product_images: list[str] = Field(
        default_factory=list, max_length=4,
        description="Product photos every image shows: base64 PNG, JPEG or WebP. A PNG with transparency or a "
                    "photo on a plain background is cut out.")
    use_logo: StrictBool = Field(False, description="The brand kit's logo as a reference for models that take several.")
    models_without_photo: Literal["text_only", "skip"] = Field(
        "text_only", description="With product photos or the logo: models that take no product photo run on the "
                                 "prompt alone (text_only) or make no images for this brief (skip).")


class ProgressOut(Schema):
    total: int
    done: int
    failed: int
    candidates: int
    percent: int
    cost_cents: float


class BriefOut(Schema):
    id: int
    status: str
    title: str
    text: str
    requirements: dict[str, Any]
    error: str
    budget_cents: int | None
    images_per_prompt: int
    shapes: list[str]
    product_photos: int
    models: list[str]
    created: datetime
    progress: ProgressOut
    gallery_url: str


class BriefPage(Schema):
    items: list[BriefOut]
    next_cursor: str | None


class PromptOut(Schema):
    id: int
    brief_id: int
    position: int
    style: str
    text: str
    negative_text: str
    source: str
    target: str


class PromptIn(InputSchema):
    text: str = Field(min_length=1, max_length=text_limits.PROMPT_TEXT)
    negative_text: str = Field("", max_length=text_limits.PROMPT_TEXT)


class StartOut(Schema):
    brief_id: int
    status: str


class ApprovalOut(Schema):
    state: Literal["approved", "rejected", ""]
    approvals: int
    needed: int


class GenerationOut(Schema):
    id: int
    brief_id: int
    prompt_id: int
    style: str
    model: str
    status: str
    candidate: bool
    score: float | None
    width: int | None
    height: int | None
    cost_cents: float
    error_kind: str
    error_detail: str
    created: datetime
    finished_at: datetime | None
    image_url: str | None
    thumbnail_url: str | None


class GenerationPage(Schema):
    items: list[GenerationOut]
    next_cursor: str | None


class ReviewIn(InputSchema):
    decision: Literal["approve", "reject", "comment"]
    comment: str = Field("", max_length=text_limits.COMMENT)
    shared: StrictBool = False


class ReviewOut(Schema):
    id: int
    generation_id: int
    decision: str
    comment: str
    stage: str
    created: datetime
    approval: ApprovalOut


class ExportIn(InputSchema):
    channels: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    presets: list[str] = Field(default_factory=list, max_length=LIST_ITEMS)
    formats: list[str] = Field(default_factory=lambda: ["webp"], min_length=1, max_length=4)
    quality: int = Field(85, ge=1, le=100)
    overlay: StrictBool = False
    headline: str | None = Field(None, max_length=200)
    call_to_action: str | None = Field(None, max_length=60)


class ExportOut(Schema):
    id: int
    brief_id: int
    status: str
    presets: list[str]
    formats: list[str]
    overlay: bool
    done_count: int
    total_count: int
    error: str
    created: datetime
    finished_at: datetime | None
    zip_url: str | None


class ShareLinkIn(InputSchema):
    days: int = Field(7, ge=1, le=90)


class ShareLinkOut(Schema):
    id: int
    export_id: int
    url: str
    expires_at: datetime


class ImageModelOut(Schema):
    name: str
    provider: str
    label: str
    price_cents: float = Field(description="Estimated price per image, in US cents, at the prices in effect.")
    rpm: int = Field(description="Requests per minute across all workers.")
    max_concurrency: int
    sizes: list[str]


class CostRow(Schema):
    key: str
    calls: int
    estimated_cents: float
    cost_cents: float
    chat_cents: float


class BriefCostsOut(Schema):
    brief_id: int
    estimate_cents: float
    image_cents: float
    chat_cents: float
    total_cents: float


class CostsOut(Schema):
    month: str | None
    by_month: list[CostRow]
    by_model: list[CostRow]
    by_brief: list[CostRow]


class BatchIn(InputSchema):
    feed: str = Field(min_length=1, max_length=2_000_000, description="The feed's text: CSV with a header row, "
                      "or a JSON array of objects (name, description, audience, colours, channels, product_image).")
    format: Literal["csv", "json"]
    models: list[str] = Field(min_length=1, max_length=LIST_ITEMS)
    images_per_prompt: int = Field(3, ge=1, le=10)
    budget_cents: int | None = Field(None, ge=0, le=100_000_000, description="Per brief.")
    product_images: dict[str, str] = Field(
        default_factory=dict, max_length=100,
        description="The photos the feed's product_image column names: file name -> base64 PNG, JPEG or WebP.")


class BatchRowOut(Schema):
    line: int
    name: str
    brief_id: int | None
    status: str | None
    percent: int | None
    error: str
    channels: list[str]
    product_image: str


class BatchOut(Schema):
    id: int
    source: str
    created: datetime
    briefs: int
    failed_rows: int
    rows: list[BatchRowOut]
    zip_url: str | None = Field(description="The batch's zip, once its exports are done (POST .../exports first).")


class BatchExportedRow(Schema):
    line: int
    brief_id: int
    export_id: int


class BatchSkippedRow(Schema):
    line: int
    brief_id: int
    reason: str


class BatchExportOut(Schema):
    exported: list[BatchExportedRow]
    skipped: list[BatchSkippedRow]
