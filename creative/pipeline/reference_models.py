"""Which of the chosen image models make a brief's images once it has references (product photos, the logo).

A model without image input cannot show the advertiser's product: the designer chooses whether it still runs
on the prompt alone (text-only, the default) or is skipped for this brief. A reference-only model (an edit
endpoint) cannot run without a product photo at all, so choosing one without a photo is refused here, before
anything is stored or paid for, instead of failing every one of its generations.
"""

from __future__ import annotations

from collections.abc import Sequence

from creative.models import BrandKit, ImageModel, Workspace
from creative.pipeline.submission import BriefError
from creative.providers.registry import PROVIDERS

# The designer's choice for models that take no product photo, as the form, the API and the CLI name it.
TEXT_ONLY, SKIP = "text_only", "skip"
CHOICES = [(TEXT_ONLY, "use them text-only"), (SKIP, "skip them")]


def model_takes_references(model: ImageModel) -> bool:
    provider = PROVIDERS.get(model.provider)
    return provider is not None and provider.takes_references_for(model.name)


def model_needs_references(model: ImageModel) -> bool:
    provider = PROVIDERS.get(model.provider)
    return provider is not None and provider.needs_references_for(model.name)


def workspace_has_logo(workspace: Workspace) -> bool:
    """True when the brand kit has a logo `use_logo` would send (brief_references_add adds nothing otherwise)."""
    kit = BrandKit.objects.filter(workspace=workspace).only("logo_raster").first()
    return kit is not None and bool(kit.logo_raster)


def models_for_references(*, models: Sequence[ImageModel], photos: bool, logo: bool = False,
                          without_photo: str = TEXT_ONLY) -> list[ImageModel]:
    """The models that make the brief's images: all those chosen, but with references (`photos` or `logo`)
    and `without_photo` SKIP, only those that take them. BriefError when a chosen model needs a product photo
    and none is given, or when skipping leaves no model."""
    if not photos and (needy := [m for m in models if model_needs_references(m)]):
        names = ", ".join(m.label or m.name for m in needy)
        raise BriefError(f"{names} {'needs' if len(needy) == 1 else 'need'} a product photo: add one, or "
                         f"untick {'it' if len(needy) == 1 else 'them'}.")
    if without_photo != SKIP or not (photos or logo):
        return list(models)
    kept = [m for m in models if model_takes_references(m)]
    if models and not kept:
        raise BriefError("None of the chosen models takes a product photo, and models that take none are set to "
                         "be skipped: choose a model that takes the photo, or use them text-only.")
    return kept


def models_skipped(*, models: Sequence[ImageModel], photos: bool, logo: bool = False,
                   without_photo: str = TEXT_ONLY) -> list[ImageModel]:
    """The chosen models the choice leaves out (what the estimate says it dropped)."""
    if without_photo != SKIP or not (photos or logo):
        return []
    return [m for m in models if not model_takes_references(m)]
