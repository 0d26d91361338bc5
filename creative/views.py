from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from creative import access, pipeline
from creative.access import CAN_WRITE_BRIEFS, member_login_required
from creative.forms import BriefForm, EstimateForm
from creative.models import Brief, Generation
from creative.pipeline import reference_models
from creative.suggestions import form_suggestions


@require_GET
@member_login_required
def brief_list(request: HttpRequest) -> HttpResponse:
    briefs = list(
        Brief.objects.filter(workspace__in=access.workspaces_for(request.user))
        .select_related("workspace", "author")
        .order_by("-created")[:100]
    )
    progress = pipeline.briefs_progress(briefs=briefs)
    reviewers = _reviewers_by_brief(briefs)
    rows = [{"brief": b, "progress": progress[b.id], "reviewers": reviewers.get(b.id, [])} for b in briefs]
    can_create = access.workspaces_for(request.user, CAN_WRITE_BRIEFS).exists()
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


def _writable_workspaces(request: HttpRequest) -> list:
    workspaces = list(access.workspaces_for(request.user, CAN_WRITE_BRIEFS))
    if not workspaces:
        raise PermissionDenied("Only designers and admins write briefs.")
    return workspaces


@member_login_required
def brief_new(request: HttpRequest) -> HttpResponse:
    workspaces = _writable_workspaces(request)
    # The workspace posted, else the one the query names (?workspace=, ?suggested=1 ticks what it approves most).
    suggestions, initial = form_suggestions(request.POST or request.GET, workspaces=workspaces)
    form = BriefForm(request.POST or None, request.FILES or None, workspaces=workspaces, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: the brief's generations are queued on commit, with its references stored.
            with transaction.atomic():
                brief = pipeline.brief_submit(
                    workspace=form.cleaned_data["workspace"], author=request.user, text=form.cleaned_data["text"],
                    models=list(form.cleaned_data["models"]),
                    images_per_prompt=form.cleaned_data["images_per_prompt"],
                    budget_cents=form.cleaned_data["budget_cents"],
                    review_prompts=form.cleaned_data["review_prompts"],
                    review_requirements=form.cleaned_data["review_requirements"],
                    shapes=form.cleaned_data["shapes"],
                )
                pipeline.brief_references_add(brief=brief, photos=form.cleaned_data["product_photos"],
                                              logo=form.cleaned_data["use_logo"])
        except pipeline.BriefError as exc:
            form.add_error(None, str(exc))
        else:
            if brief.review_requirements:
                return redirect("creative:brief_requirements", brief.id)
            if brief.review_prompts:
                return redirect("creative:brief_prompts", brief.id)
            messages.success(request, "Brief submitted: images appear below as they are made.")
            return redirect(brief.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "creative/brief_new.html", {"form": form, "suggestions": suggestions}, status=status)


@require_GET
@member_login_required
def brief_estimate(request: HttpRequest) -> HttpResponse:
    """The cost shown beside the form before anything runs (htmx partial)."""
    _writable_workspaces(request)
    form = EstimateForm(request.GET)
    if not form.is_valid():
        return render(request, "_error.html", {"message": form.error_text()}, status=422)
    workspaces = _writable_workspaces(request)  # the form's workspace picker, first by default
    workspace = next((w for w in workspaces if str(w.id) == request.GET.get("workspace")), workspaces[0])
    chosen, problem = list(form.cleaned_data["models"]), ""
    references = {"photos": bool(form.cleaned_data["product_photos"]), "without_photo": form.cleaned_data[
        "models_without_photo"], "logo": form.cleaned_data["use_logo"] and reference_models.workspace_has_logo(workspace)}
    try:
        models = pipeline.models_for_references(models=chosen, **references)
    except pipeline.BriefError as exc:
        models, problem = [], str(exc)
    per_prompt = form.cleaned_data["images_per_prompt"] or 1
    estimate = pipeline.brief_estimate(models=models, images_per_prompt=per_prompt,
                                       shapes=form.cleaned_data["shapes"] or None)
    return render(request, "creative/_estimate.html", {
        "estimate": estimate.total_cents, "images": estimate.images, "breakdown": estimate, "workspace": workspace,
        "skipped": pipeline.models_skipped(models=chosen, **references), "problem": problem,
        "limits": pipeline.workspace_limits(workspace=workspace),
        "allowance": pipeline.allowance_left(workspace=workspace, user=request.user),
    })


@require_GET
@member_login_required
def generation_image(request: HttpRequest, generation_id: int, kind: str) -> FileResponse:
    generation = access.generation_for_member(request, generation_id)
    field = generation.thumbnail if kind == "thumb" else generation.image
    if not field:
        raise Http404("No image yet")
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
@member_login_required
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = access.export_for_member(request, export_id)
    if not export.zip:
        raise Http404("The export is not ready")
    return FileResponse(export.zip.open("rb"), as_attachment=True, filename=export.download_name)
