"""Batches in the app: upload a product feed with shared settings, then watch every brief it started."""

from pathlib import PurePath

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from creative import access, pipeline
from creative.access import member_login_required
from creative.forms import MultipleFileInput, configured_models
from creative.models import Batch, BatchSource, ImageModel
from creative.references.decode import REFERENCE_MAX_BYTES

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


@require_GET
@member_login_required
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = Batch.objects.filter(id=batch_id, workspace__in=access.workspaces_for(request.user)).first()
    if batch is None:
        raise Http404("No such batch")
    rows = list(batch.rows.select_related("brief"))
    progress = pipeline.briefs_progress(briefs=[r.brief for r in rows if r.brief])
    return render(request, "creative/batch.html", {
        "batch": batch, "rows": [(row, progress[row.brief.id] if row.brief else None) for row in rows],
        "briefs": sum(1 for r in rows if r.brief), "refused": sum(1 for r in rows if r.error),
    })
