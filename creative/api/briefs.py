"""Briefs and their prompts: create (from text or structured requirements), read with progress, list, edit, start."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from creative import pipeline
from creative.analysis.schema import Requirements
from creative.api.auth import CAN_WRITE_BRIEFS, brief_for, prompt_for, require, token_of
from creative.api.idempotency import OPENAPI, idempotent
from creative.api.images_in import image_bytes
from creative.api.pagination import MAX_LIMIT, page
from creative.api.responses import ERRORS, MAX_ID
from creative.api.schemas import (
    BriefIn,
    BriefOut,
    BriefPage,
    IsoDatetime,
    ProgressOut,
    PromptIn,
    PromptOut,
    StartOut,
)
from creative.forms import configured_models
from creative.models import Brief, BriefStatus, ImageModel, Prompt, ReferenceKind
from creative.pipeline import reference_models
from creative.references import ReferenceImageError

router = Router(tags=["briefs"])


def progress_out(progress: dict) -> ProgressOut:
    return ProgressOut(total=progress["total"] or 0, done=progress["done"] or 0, failed=progress["failed"] or 0,
                       candidates=progress["candidates"] or 0, percent=progress["percent"],
                       cost_cents=float(progress["cost"] or Decimal(0)))


def brief_out(brief: Brief, progress: dict) -> BriefOut:
    return BriefOut(
        id=brief.id, status=brief.status, title=brief.title, text=brief.text, requirements=brief.requirements or {},
        error=brief.error, budget_cents=brief.budget_cents, images_per_prompt=brief.images_per_prompt,
        shapes=brief.shapes, product_photos=brief.references.filter(kind=ReferenceKind.PRODUCT).count(),
        models=[m.name for m in brief.image_models.all()], created=brief.created,
        progress=progress_out(progress), gallery_url=brief.get_absolute_url(),
    )


def prompt_out(prompt: Prompt) -> PromptOut:
    return PromptOut(id=prompt.id, brief_id=prompt.brief_id, position=prompt.position, style=prompt.style,
                     text=prompt.text, negative_text=prompt.negative_text, source=prompt.source, target=prompt.target)


def configured_models_named(names: list[str]) -> list[ImageModel]:
    chosen = list(configured_models().filter(name__in=names))
    if missing := sorted(set(names) - {m.name for m in chosen}):
        raise HttpError(422, f"Unknown, disabled or unconfigured image models: {', '.join(missing)} (see GET /models).")
    return chosen


@router.post("/briefs", response={201: BriefOut, **ERRORS}, url_name="brief_create", openapi_extra=OPENAPI)
@idempotent
def brief_create(request: HttpRequest, payload: BriefIn):
    """Submit a brief: analysed from its text, or run on the structured `requirements` given; with product
    photos, every image shows that product."""
    token = require(request, CAN_WRITE_BRIEFS)
    requirements = Requirements.from_dict(payload.requirements.dict()) if payload.requirements else None
    text = payload.text or (requirements.product if requirements else "")
    try:
        photos = pipeline.references_decode(uploads=[
            image_bytes(f"product_images[{number}]", data) for number, data in enumerate(payload.product_images)])
        # One transaction: the brief's generations are queued on commit, with its references stored.
        with transaction.atomic():
            brief = pipeline.brief_submit(
                workspace=token.workspace, author=token.created_by, text=text,
                models=pipeline.models_for_references(
                    models=configured_models_named(payload.models), photos=bool(photos),
                    logo=payload.use_logo and reference_models.workspace_has_logo(token.workspace),
                    without_photo=payload.models_without_photo),
                images_per_prompt=payload.images_per_prompt,
                budget_cents=payload.budget_cents, review_prompts=payload.review_prompts,
                review_requirements=payload.review_requirements, requirements=requirements, shapes=payload.shapes,
            )
            pipeline.brief_references_add(brief=brief, photos=photos, logo=payload.use_logo)
    except (ValueError, ReferenceImageError) as exc:  # BriefError, a bad photo
        raise HttpError(422, str(exc)) from None
    brief.refresh_from_db()  # analysis may already have run (an immediate queue)
    return 201, brief_out(brief, pipeline.brief_progress(brief=brief))


@router.get("/briefs", response={200: BriefPage, **ERRORS}, url_name="brief_list")
def brief_list(request: HttpRequest, status: BriefStatus | None = None, created_after: IsoDatetime | None = None,
               created_before: IsoDatetime | None = None, cursor: str | None = Query(None, max_length=100),
               limit: int = Query(50, ge=1, le=MAX_LIMIT)):
    """The workspace's briefs, newest first, a page at a time (`next_cursor` asks for the next)."""
    briefs = Brief.objects.filter(workspace_id=token_of(request).workspace_id).prefetch_related(
        Prefetch("image_models", queryset=ImageModel.objects.only("id", "name")))
    if status:
        briefs = briefs.filter(status=status)
    if created_after:
        briefs = briefs.filter(created__gte=created_after)
    if created_before:
        briefs = briefs.filter(created__lt=created_before)
    rows, next_cursor = page(briefs, cursor=cursor, limit=limit, descending=True)
    progress = pipeline.briefs_progress(briefs=rows)
    return BriefPage(items=[brief_out(b, progress[b.id]) for b in rows], next_cursor=next_cursor)


@router.get("/briefs/{brief_id}", response={200: BriefOut, **ERRORS}, url_name="brief_read")
def brief_read(request: HttpRequest, brief_id: int = Path(ge=1, le=MAX_ID)):
    brief = brief_for(request, brief_id)
    return brief_out(brief, pipeline.brief_progress(brief=brief))


@router.get("/briefs/{brief_id}/prompts", response={200: list[PromptOut], **ERRORS}, url_name="prompt_list")
def prompt_list(request: HttpRequest, brief_id: int = Path(ge=1, le=MAX_ID)):
    brief = brief_for(request, brief_id)
    return [prompt_out(p) for p in brief.prompts.all()]


@router.get("/prompts/{prompt_id}", response={200: PromptOut, **ERRORS}, url_name="prompt_read")
def prompt_read(request: HttpRequest, prompt_id: int = Path(ge=1, le=MAX_ID)):
    return prompt_out(prompt_for(request, prompt_id))


@router.patch("/prompts/{prompt_id}", response={200: PromptOut, **ERRORS}, url_name="prompt_update",
              openapi_extra=OPENAPI)
@idempotent
def prompt_update(request: HttpRequest, payload: PromptIn, prompt_id: int = Path(ge=1, le=MAX_ID)):
    """Reword a prompt while its brief is a draft (nothing generated yet)."""
    prompt = prompt_for(request, prompt_id, CAN_WRITE_BRIEFS)
    if prompt.brief.status != BriefStatus.DRAFT:
        raise HttpError(409, "Prompts can be edited only while the brief is a draft.")
    try:
        pipeline.prompt_update(prompt=prompt, text=payload.text, negative_text=payload.negative_text)
    except pipeline.BriefError as exc:
        raise HttpError(422, str(exc)) from None
    prompt.refresh_from_db()
    return 200, prompt_out(prompt)


@router.post("/briefs/{brief_id}/start", response={200: StartOut, **ERRORS}, url_name="brief_start",
             openapi_extra=OPENAPI)
@idempotent
def brief_start(request: HttpRequest, brief_id: int = Path(ge=1, le=MAX_ID)):
    """Generate a draft brief's prompts."""
    brief = brief_for(request, brief_id, CAN_WRITE_BRIEFS)
    if not pipeline.brief_start(brief_id=brief.id):
        raise HttpError(409, "Only a draft brief with prompts can be started.")
    brief.refresh_from_db()
    return 200, StartOut(brief_id=brief.id, status=brief.status)
