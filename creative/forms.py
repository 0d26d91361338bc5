from django import forms
from django.conf import settings

from creative.models import ImageModel
from creative.pipeline import BriefError, requirements_analyse
from creative.providers.credentials import is_configured
from creative.providers.registry import TERMS_WARNINGS


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


class ModelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, model):
        from creative.templatetags.creative_tags import dollars

        label = f"{model.label or model.name} ({model.provider}, {dollars(model.price_cents)}/image)"
        if warning := TERMS_WARNINGS.get(model.provider):
            label += f" ⚠ {warning}"
        return label


class BriefForm(forms.Form):
    text = forms.CharField(
        label="Brief",
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "We need an ad image for a smartwatch, targeting 25-35 "
                                     "year old urban professionals, emphasizing health monitoring..."}),
        max_length=5000,
    )
    models = ModelChoiceField(queryset=ImageModel.objects.none(), widget=forms.CheckboxSelectMultiple)
    images_per_prompt = forms.IntegerField(min_value=1, max_value=10, initial=3)
    budget_cents = forms.IntegerField(min_value=1, required=False, label="Budget (cents)",
                                      help_text="Optional: no image is requested that would cross it.")
    review_prompts = forms.BooleanField(required=False, label="Review prompts before generating",
                                        help_text="Stop after the prompts are written, to edit them first.")

    def __init__(self, *args, workspaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = configured_models()
        self.fields["models"].initial = list(
            self.fields["models"].queryset.filter(name__in=settings.CREATIVE_DEFAULT_MODELS)
        )
        self.fields["images_per_prompt"].initial = settings.CREATIVE_IMAGES_PER_PROMPT
        workspaces = list(workspaces or [])
        self.fields["workspace"] = forms.ModelChoiceField(
            queryset=None, initial=workspaces[0] if workspaces else None,
            widget=forms.HiddenInput if len(workspaces) == 1 else forms.Select,
        )
        from creative.models import Workspace

        self.fields["workspace"].queryset = Workspace.objects.filter(id__in=[w.id for w in workspaces])

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            self.requirements = requirements_analyse(text=text)
        except BriefError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text
