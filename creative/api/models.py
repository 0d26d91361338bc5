"""The image models a brief may use, with their price per image and their pace limits."""

from django.http import HttpRequest
from ninja import Router

from creative import pricing
from creative.api.responses import ERRORS
from creative.api.schemas import ImageModelOut
from creative.forms import configured_models

router = Router(tags=["models"])


@router.get("/models", response={200: list[ImageModelOut], **ERRORS}, url_name="model_list")
def model_list(request: HttpRequest):
    """Enabled models whose provider has credentials: the only ones a brief may name."""
    return [
        ImageModelOut(name=m.name, provider=m.provider, label=m.label or m.name,
                      price_cents=float(pricing.image_estimate_cents(model=m)), rpm=m.rpm,
                      max_concurrency=m.max_concurrency, sizes=[str(s) for s in m.sizes or []])
        for m in configured_models()
    ]
