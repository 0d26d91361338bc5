from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import pretty_name

from creative import text_limits
from creative.models import ImageModel
from creative.pipeline import BriefError, reference_models, references_decode, requirements_analyse
from creative.pipeline.share_links import MAX_SHARE_DAYS
from creative.providers.credentials import is_configured
from creative.providers.registry import PROVIDERS, TERMS_WARNINGS
from creative.references import ReferenceImageError
from creative.shapes import CHOICES as SHAPE_CHOICES
from creative.shapes import default_shapes


def watermark_posted(post) -> dict:
    """The watermark fields the export panel and the share-link form both post, as watermark options."""
    try:
        opacity = float(post.get("watermark_opacity") or 0.35)
    except ValueError:
        raise ValueError("Watermark opacity must be a number.") from None
    return {
        "text": post.get("watermark_text", ""),
        "position": post.get("watermark_position") or "center",
        "opacity": opacity,
    }


def configured_models():
    """Enabled models whose provider has credentials: the only ones a brief may use."""
    enabled = ImageModel.objects.filter(enabled=True)
    return ImageModel.objects.filter(id__in=[m.id for m in enabled if is_configured(m.provider)])


# Ids arrive in URLs and posts; anything above the database's integer range is refused by the form, not the database.
MAX_ID = 2**31 - 1
MAX_BUDGET_CENTS = 10_000_000  # $100,000: far above any brief, far below an integer overflow


class EdgeForm(forms.Form):
    """A form that parses one request's input at the view edge; its errors read as one line for `_error.html`."""

    def error_text(self) -> str:
        return " ".join(
            str(message) if name == NON_FIELD_ERRORS else f"{self.fields[name].label or pretty_name(name)}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        )


class LimitedCharField(forms.CharField):
    """Free text with its one limit from `text_limits`, refused with the same words as the CLI and domain."""

    def __init__(self, *, limit: int, what: str, **kwargs):
        self.limit, self.what = limit, what
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if problem := text_limits.text_problem(value, limit=self.limit, what=self.what):
            raise forms.ValidationError(problem)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.limit)}


class IdBoundedMixin:
    """Model choices posted as ids: anything that is not an id in the database's range is invalid before any
    query (SQLite raises OverflowError, not ValueError, for a 20-digit number)."""

    empty_values: Sequence[Any]  # the Field's, which this is mixed into

    def _ids_in_range(self, values) -> None:
        for value in values:
            if value in self.empty_values:
                continue
            text = str(value)
            if not text.isdecimal() or not 1 <= int(text) <= MAX_ID:
                raise forms.ValidationError(f"{text[:20]!r} is not a valid choice.", code="invalid_choice")


class BoundedModelChoiceField(IdBoundedMixin, forms.ModelChoiceField):
    def to_python(self, value):
        self._ids_in_range([value])
        return super().to_python(value)


class BoundedModelMultipleChoiceField(IdBoundedMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        self._ids_in_range(value)
        return super()._check_values(value)


class ReferenceBoxForm(EdgeForm):
    """The box round the product in its photo, as fractions of its width and height."""

    x0 = forms.FloatField(min_value=0, max_value=1)
    y0 = forms.FloatField(min_value=0, max_value=1)
    x1 = forms.FloatField(min_value=0, max_value=1)
    y1 = forms.FloatField(min_value=0, max_value=1)


class FocalPointForm(EdgeForm):
    x = forms.FloatField(min_value=0, max_value=1)
    y = forms.FloatField(min_value=0, max_value=1)


class ModelChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, model):
        from creative.templatetags.creative_tags import dollars

        label = f"{model.label or model.name} ({model.provider}, {dollars(model.price_cents)}/image)"
        if warning := TERMS_WARNINGS.get(model.provider):
            label += f" ⚠ {warning}"
        if provider := PROVIDERS.get(model.provider):
            if provider.needs_references_for(model.name):
                label += " · needs a product photo"
            elif not provider.takes_references_for(model.name):
                label += " · takes no product photo: used text-only"
        return label


class MultipleFileInput(forms.ClearableFileInput):
    # Django's documented way to take several files from one <input multiple>.
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several uploads from one <input multiple>, decoded within the brand logo's limits (a 4xx, never a 500)."""

    widget = MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        try:
            return references_decode(uploads=[f.read() for f in files])
        except ReferenceImageError as exc:
            raise forms.ValidationError(str(exc), code="invalid_image") from None


SHAPES_SHOWN = "shapes_shown"


class BriefForm(forms.Form):
    text = LimitedCharField(
        limit=text_limits.BRIEF_TEXT, what="The brief",
        label="Brief",
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "We need an ad image for a smartwatch, targeting 25-35 "
                                     "year old urban professionals, emphasizing health monitoring..."}),
    )
    models = ModelChoiceField(queryset=ImageModel.objects.none(), widget=forms.CheckboxSelectMultiple)
    images_per_prompt = forms.IntegerField(min_value=1, max_value=10, initial=3)
    # The page always posts SHAPES_SHOWN with the boxes, so none ticked there is an error; a post without
    # either (scripts, old pages) is square, as before shapes.
    shapes = forms.MultipleChoiceField(
        choices=SHAPE_CHOICES, initial=default_shapes, widget=forms.CheckboxSelectMultiple, required=False,
        label="Shapes", help_text="Each image is made in every shape chosen, natively where the model can.",
    )
    budget_cents = forms.IntegerField(min_value=1, max_value=MAX_BUDGET_CENTS, required=False, label="Budget (cents)",
                                      help_text="Optional: no image is requested that would cross it.")
    review_prompts = forms.BooleanField(required=False, label="Review prompts before generating",
                                        help_text="Stop after the prompts are written, to edit them first.")
    # On for the page's form; a post without it (scripts, old pages) runs straight through as before.
    review_requirements = forms.BooleanField(
        required=False, initial=True, label="Check the requirements before generating",
        help_text="Stop after analysis to correct the product, audience, colours and the rest.",
    )
    product_photos = MultipleImageField(
        required=False, label="Product photos",
        help_text="Optional, up to 4 (PNG, JPEG or WebP): every image shows this product. A PNG with "
                  "transparency or a photo on a plain background is cut out; otherwise draw a box round it.",
    )
    use_logo = forms.BooleanField(required=False, label="Use the brand kit's logo as a reference")
    # A post without it (scripts, old pages) keeps every model, used text-only as before the choice existed.
    models_without_photo = forms.ChoiceField(
        choices=reference_models.CHOICES, initial=reference_models.TEXT_ONLY, required=False,
        widget=forms.RadioSelect, label="Models that take no product photo",
        help_text="Only matters with product photos or the logo: skipped models make no images for this brief.",
    )

    def __init__(self, *args, workspaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = configured_models()
        self.fields["models"].initial = list(
            self.fields["models"].queryset.filter(name__in=settings.CREATIVE_DEFAULT_MODELS)
        )
        self.fields["images_per_prompt"].initial = settings.CREATIVE_IMAGES_PER_PROMPT
        workspaces = list(workspaces or [])
        self.fields["workspace"] = BoundedModelChoiceField(
            queryset=None, initial=workspaces[0] if workspaces else None,
            widget=forms.HiddenInput if len(workspaces) == 1 else forms.Select,
        )
        from creative.models import Workspace

        self.fields["workspace"].queryset = Workspace.objects.filter(id__in=[w.id for w in workspaces])

    def clean_text(self):
        text = self.cleaned_data["text"]
        # What the rules cannot read (no product, a language they do not know) is asked on the requirements
        # form instead of refused.
        self.question = ""
        try:
            requirements_analyse(text=text)
        except BriefError as exc:
            self.question = str(exc)
        return text

    def clean_shapes(self):
        chosen = self.cleaned_data["shapes"]
        if not chosen and SHAPES_SHOWN in self.data:
            raise forms.ValidationError("Choose at least one shape: square, portrait, story, landscape or wide.",
                                        code="required")
        return chosen or default_shapes()

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "question", ""):
            cleaned["review_requirements"] = True
        if "models" in cleaned and "product_photos" in cleaned:
            workspace = cleaned.get("workspace")
            logo = bool(cleaned.get("use_logo")) and workspace is not None and reference_models.workspace_has_logo(workspace)
            choice = cleaned.get("models_without_photo") or reference_models.TEXT_ONLY
            try:
                cleaned["models"] = reference_models.models_for_references(
                    models=list(cleaned["models"]), photos=bool(cleaned["product_photos"]), logo=logo,
                    without_photo=choice)
            except BriefError as exc:
                self.add_error("models", str(exc))
        return cleaned


class EstimateForm(EdgeForm):
    """The brief form's numbers as the estimate beside it reads them while the designer types."""

    models = BoundedModelMultipleChoiceField(queryset=ImageModel.objects.none(), required=False)
    images_per_prompt = forms.IntegerField(min_value=1, max_value=10, required=False)
    shapes = forms.MultipleChoiceField(choices=SHAPE_CHOICES, required=False)
    # The page's file input as htmx sends it in a GET: a placeholder per photo chosen, never the photo.
    product_photos = forms.CharField(required=False, max_length=200)
    use_logo = forms.BooleanField(required=False)
    models_without_photo = forms.ChoiceField(choices=reference_models.CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = configured_models()


class ShareLinkForm(EdgeForm):
    days = forms.IntegerField(
        min_value=1, max_value=MAX_SHARE_DAYS, required=False,
        error_messages={"invalid": "Days must be a whole number.",
                        "min_value": f"A share link lasts from 1 to {MAX_SHARE_DAYS} days.",
                        "max_value": f"A share link lasts from 1 to {MAX_SHARE_DAYS} days."},
    )


class LinesField(forms.CharField):
    """A list typed one item a line: blank lines dropped, repeats kept once, each item and the count bounded."""

    def __init__(self, *, max_items: int, max_item_chars: int, **kwargs):
        self.max_items, self.max_item_chars = max_items, max_item_chars
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(required=False, max_length=max_items * (max_item_chars + 2), **kwargs)

    def to_python(self, value):
        items: list[str] = []
        for line in super().to_python(value).splitlines():
            item = " ".join(line.split())
            if item and item.casefold() not in {known.casefold() for known in items}:
                items.append(item)
        return items

    def validate(self, value):
        if len(value) > self.max_items:
            raise forms.ValidationError(f"At most {self.max_items} items, one a line.")
        if long := next((item for item in value if len(item) > self.max_item_chars), None):
            raise forms.ValidationError(f"{long[:40]!r}… is longer than {self.max_item_chars} characters.")

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class RequirementsForm(forms.Form):
    """The eight fields of a brief's requirements as the designer confirms or corrects them."""

    product = forms.CharField(max_length=200, help_text="What is advertised.",
                              error_messages={"required": "Say what is advertised: the product cannot be empty."})
    audience = forms.CharField(max_length=200, required=False)
    selling_points = LinesField(max_items=12, max_item_chars=200, label="Selling points")
    tone = LinesField(max_items=12, max_item_chars=60)
    scenarios = LinesField(max_items=12, max_item_chars=200)
    colours = LinesField(max_items=12, max_item_chars=60, help_text="Colour names, e.g. navy blue.")
    must_include = LinesField(max_items=12, max_item_chars=200, label="Must include")
    avoid = LinesField(max_items=12, max_item_chars=200)
