"""A brief's images: listed with filters a page at a time, read one by one, downloaded full size or as thumbnails."""

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from creative.api.auth import brief_for, generation_for
from creative.api.pagination import MAX_LIMIT, page
from creative.api.responses import ERRORS, MAX_ID, binary
from creative.api.schemas import SHORT, GenerationOut, GenerationPage
from creative.models import Generation, GenerationStatus

router = Router(tags=["generations"])


def generation_out(generation: Generation) -> GenerationOut:
    return GenerationOut(
        id=generation.id, brief_id=generation.prompt.brief_id, prompt_id=generation.prompt_id,
        style=generation.prompt.style, model=generation.image_model.name, status=generation.status,
        candidate=generation.candidate, score=generation.score, width=generation.width, height=generation.height,
        cost_cents=float(generation.cost), error_kind=generation.error_kind, error_detail=generation.error_detail,
        created=generation.created, finished_at=generation.finished_at,
        image_url=reverse("api:generation_image", args=[generation.id]) if generation.image else None,
        thumbnail_url=reverse("api:generation_thumbnail", args=[generation.id]) if generation.thumbnail else None,
    )


@router.get("/briefs/{brief_id}/generations", response={200: GenerationPage, **ERRORS}, url_name="generation_list")
def generation_list(request: HttpRequest, brief_id: int = Path(ge=1, le=MAX_ID),
                    status: GenerationStatus | None = None, model: str | None = Query(None, max_length=SHORT),
                    style: str | None = Query(None, max_length=SHORT), candidate: bool | None = None,
                    cursor: str | None = Query(None, max_length=100), limit: int = Query(100, ge=1, le=MAX_LIMIT)):
    """A brief's images in the order they were asked for, a page at a time."""
    brief = brief_for(request, brief_id)
    generations = Generation.objects.filter(prompt__brief_id=brief.id).select_related("prompt", "image_model").only(
        "id", "prompt_id", "prompt__brief_id", "prompt__style", "image_model__name", "status", "candidate", "score",
        "width", "height", "cost_cents", "estimated_cost_cents", "error_kind", "error_detail", "created",
        "finished_at", "image", "thumbnail")
    if status:
        generations = generations.filter(status=status)
    if model:
        generations = generations.filter(image_model__name=model)
    if style:
        generations = generations.filter(prompt__style=style)
    if candidate is not None:
        generations = generations.filter(candidate=candidate)
    rows, next_cursor = page(generations, cursor=cursor, limit=limit)
    return GenerationPage(items=[generation_out(g) for g in rows], next_cursor=next_cursor)


@router.get("/generations/{generation_id}", response={200: GenerationOut, **ERRORS}, url_name="generation_read")
def generation_read(request: HttpRequest, generation_id: int = Path(ge=1, le=MAX_ID)):
    return generation_out(generation_for(request, generation_id))


def _file(request: HttpRequest, generation_id: int, field: str) -> FileResponse:
    generation = generation_for(request, generation_id)
    stored = getattr(generation, field)
    if not stored:
        raise Http404("No image yet")
    response = FileResponse(stored.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response


@router.get("/generations/{generation_id}/image", response=ERRORS, url_name="generation_image",
            openapi_extra=binary("image/*", "The image as the model made it."))
def generation_image(request: HttpRequest, generation_id: int = Path(ge=1, le=MAX_ID)):
    return _file(request, generation_id, "image")


@router.get("/generations/{generation_id}/thumbnail", response=ERRORS, url_name="generation_thumbnail",
            openapi_extra=binary("image/webp", "A small WebP of the image."))
def generation_thumbnail(request: HttpRequest, generation_id: int = Path(ge=1, le=MAX_ID)):
    return _file(request, generation_id, "thumbnail")
