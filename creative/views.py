from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from creative import access, pipeline
from creative.forms import BriefForm
from creative.models import Brief, Generation, Role


def _designer_workspaces(user):
    return access.workspaces_for(user).filter(memberships__role__in=[Role.DESIGNER, Role.ADMIN]).distinct()


@login_required
def brief_list(request: HttpRequest) -> HttpResponse:
    briefs = list(
        Brief.objects.filter(workspace__in=access.workspaces_for(request.user))
        .select_related("workspace", "author")
        .order_by("-created")[:100]
    )
    progress = pipeline.briefs_progress(briefs=briefs)
    reviewers = _reviewers_by_brief(briefs)
    rows = [{"brief": b, "progress": progress[b.id], "reviewers": reviewers.get(b.id, [])} for b in briefs]
    can_create = _designer_workspaces(request.user).exists()
    return render(request, "creative/brief_list.html", {"rows": rows, "can_create": can_create})


def _reviewers_by_brief(briefs) -> dict[int, list[str]]:
    """Who has reviewed each brief, read through the generations' reverse relation in one query."""
    names: dict[int, set[str]] = {}
    pairs = (
        Generation.objects.filter(prompt__brief__in=briefs, reviews__isnull=False)
        .values_list("prompt__brief_id", "reviews__reviewer__username", "reviews__guest_name")
        .distinct()
    )
    for brief_id, username, guest in pairs:
        names.setdefault(brief_id, set()).add(username or f"{guest} (guest)")
    return {brief_id: sorted(found) for brief_id, found in names.items()}


@login_required
def brief_new(request: HttpRequest) -> HttpResponse:
    workspaces = list(_designer_workspaces(request.user))
    if not workspaces:
        raise Http404("Only designers can write briefs")
    form = BriefForm(request.POST or None, workspaces=workspaces)
    if request.method == "POST" and form.is_valid():
        try:
            brief = pipeline.brief_submit(
                workspace=form.cleaned_data["workspace"], author=request.user, text=form.cleaned_data["text"],
                models=list(form.cleaned_data["models"]), images_per_prompt=form.cleaned_data["images_per_prompt"],
                budget_cents=form.cleaned_data["budget_cents"],
                review_prompts=form.cleaned_data["review_prompts"],
            )
        except pipeline.BriefError as exc:
            form.add_error(None, str(exc))
        else:
            if brief.review_prompts:
                return redirect("creative:brief_prompts", brief.id)
            messages.success(request, "Brief submitted: images appear below as they are made.")
            return redirect(brief.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "creative/brief_new.html", {"form": form}, status=status)


@login_required
def brief_estimate(request: HttpRequest) -> HttpResponse:
    """The cost shown beside the form before anything runs (htmx partial)."""
    form = BriefForm(request.GET, workspaces=_designer_workspaces(request.user))
    models = list(form.fields["models"].queryset.filter(id__in=request.GET.getlist("models")))
    try:
        per_prompt = max(1, min(10, int(request.GET.get("images_per_prompt") or 1)))
    except ValueError:
        per_prompt = 1
    estimate = pipeline.brief_estimate_cents(models=models, images_per_prompt=per_prompt)
    images = len(models) * per_prompt * 5
    return render(request, "creative/_estimate.html", {"estimate": estimate, "images": images})


@require_GET
@login_required
def generation_image(request: HttpRequest, generation_id: int, kind: str) -> FileResponse:
    generation = access.get_generation_for_user(request.user, generation_id)
    field = generation.thumbnail if kind == "thumb" else generation.image
    if not field:
        raise Http404("No image yet")
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
@login_required
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = access.get_export_for_user(request.user, export_id)
    if not export.zip:
        raise Http404("The export is not ready")
    return FileResponse(export.zip.open("rb"), as_attachment=True, filename=export.download_name)
