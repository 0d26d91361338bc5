"""Batches in the app: upload a product feed with shared settings, then watch every brief it started."""

import tempfile
from pathlib import PurePath

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from creative import access, pipeline
from creative.access import member_login_required
from creative.export.presets import CHANNELS, DEFAULT_CHANNELS
from creative.export.render import FORMATS
from creative.forms import MultipleFileInput, configured_models
from creative.models import Batch, BatchSource, ImageModel
from creative.references.decode import REFERENCE_MAX_BYTES
from reviews.exports import batch_exports_create

MAX_FEED_BYTES = 2_000_000
MAX_FEED_PHOTOS = 100


class FeedPhotosField(forms.FileField):
    """The product photos a feed's rows name, as {file name: bytes}; each is decoded with its row, so one bad
    photo refuses that row only."""

    widget = MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FEED_PHOTOS:
            raise forms.ValidationError(f"Upload at most {MAX_FEED_PHOTOS} product photos with a feed.")
        photos = {}
        for upload in files:
            if upload.size > REFERENCE_MAX_BYTES:
                raise forms.ValidationError(
                    f"{upload.name} is larger than {REFERENCE_MAX_BYTES // (1024 * 1024)} MB.")
            photos[PurePath(upload.name).name] = upload.read()
        return photos


class BatchForm(forms.Form):
    feed = forms.FileField(help_text="CSV with a header row, or a JSON array: name, description, audience, "
                                     "colours, channels, product_image (the file name of a photo below).")
    product_photos = FeedPhotosField(required=False, label="Product photos",
                                     help_text="The photos the feed's product_image column names (PNG, JPEG or "
                                               "WebP); each row's brief is made with its product.")
    models: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=ImageModel.objects.none(), widget=forms.CheckboxSelectMultiple)
    images_per_prompt = forms.IntegerField(min_value=1, max_value=10, initial=3)
    budget_cents = forms.IntegerField(min_value=0, max_value=100_000_000, required=False, help_text="Per brief.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = configured_models()

    def clean_feed(self):
        upload = self.cleaned_data["feed"]
        if upload.size > MAX_FEED_BYTES:
            raise forms.ValidationError(f"A feed is at most {MAX_FEED_BYTES // 1_000_000} MB.")
        kind = upload.name.rsplit(".", 1)[-1].lower()
        try:
            return pipeline.feed_rows(text=upload.read().decode("utf-8"), kind=kind)
        except UnicodeDecodeError:
            raise forms.ValidationError("The feed is not UTF-8 text.") from None
        except pipeline.FeedError as exc:
            raise forms.ValidationError(str(exc)) from None


@require_http_methods(["GET", "POST"])
@member_login_required
def batch_new(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = access.workspace_for_designer(request, workspace_id)
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            batch = pipeline.batch_submit(
                workspace=workspace, author=request.user, rows=form.cleaned_data["feed"], source=BatchSource.APP,
                models=list(form.cleaned_data["models"]), images_per_prompt=form.cleaned_data["images_per_prompt"],
                budget_cents=form.cleaned_data["budget_cents"],
                images=pipeline.images_uploaded(form.cleaned_data["product_photos"]))
            return redirect("creative:batch", batch.id)
        return render(request, "creative/batch_new.html", {"workspace": workspace, "form": form}, status=422)
    return render(request, "creative/batch_new.html", {"workspace": workspace, "form": form})


class BatchExportForm(forms.Form):
    channels = forms.MultipleChoiceField(choices=list(CHANNELS.items()), initial=list(DEFAULT_CHANNELS),
                                         widget=forms.CheckboxSelectMultiple)
    formats = forms.MultipleChoiceField(choices=[(f, f.upper()) for f in FORMATS], initial=["webp"],
                                        widget=forms.CheckboxSelectMultiple)


@require_GET
@member_login_required
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _page(request, access.batch_for_member(request, batch_id))


@require_POST
@member_login_required
def batch_export(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Export every brief's approved images with the same channels and formats; a brief with nothing
    approved is listed with its reason, the others go on."""
    batch = access.batch_for_reviewer(request, batch_id)
    form = BatchExportForm(request.POST)
    if not form.is_valid():
        return _page(request, batch, export_form=form, status=422)
    result = batch_exports_create(batch=batch, requested_by=request.user, via=f"batch {batch.id}",
                                  channels=form.cleaned_data["channels"], formats=form.cleaned_data["formats"])
    skipped = [f"line {row.line} ({row.name}): {reason}" for row, _, reason in result.skipped]
    if not result.exported:
        return _page(request, batch, export_form=form, skipped=skipped, status=422)
    return _page(request, batch, skipped=skipped, exported=len(result.exported))


@require_GET
@member_login_required
def batch_zip(request: HttpRequest, batch_id: int) -> FileResponse:
    """One zip of the newest finished export of every brief in the batch, a folder per feed row."""
    batch = access.batch_for_member(request, batch_id)
    spool = tempfile.TemporaryFile()  # FileResponse closes it once sent
    try:
        pipeline.batch_zip_write(batch=batch, archive=spool)
    except ValueError as exc:
        spool.close()
        raise Http404(str(exc)) from None
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"batch-{batch.id}.zip", content_type="application/zip")


def _page(request: HttpRequest, batch: Batch, *, export_form: BatchExportForm | None = None,
          skipped: list[str] | None = None, exported: int = 0, status: int = 200) -> HttpResponse:
    rows = list(batch.rows.select_related("brief"))
    progress = pipeline.briefs_progress(briefs=[r.brief for r in rows if r.brief])
    state = pipeline.batch_export_state(batch=batch)
    exports = {entry.row.id: entry.export for entry in state.rows}
    return render(request, "creative/batch.html", {
        "batch": batch,
        "rows": [(row, progress[row.brief.id] if row.brief else None, exports.get(row.id)) for row in rows],
        "briefs": sum(1 for r in rows if r.brief), "refused": sum(1 for r in rows if r.error),
        "can_review": access.role_in(request.user, batch.workspace_id) in access.CAN_REVIEW,
        "export_form": export_form or BatchExportForm(), "skipped": skipped or [], "exported": exported,
        "export_state": state,
    }, status=status)
