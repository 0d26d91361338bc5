"""The brief form says which models take the product photo: the rest are used text-only."""

import pytest

from creative.forms import ModelChoiceField
from creative.models import ImageModel
from tests.factories import make_image_model

pytestmark = pytest.mark.django_db


def label(provider: str, name: str) -> str:
    return ModelChoiceField(queryset=ImageModel.objects.none()).label_from_instance(
        make_image_model(provider=provider, name=name))


def test_a_model_that_takes_the_product_photo_says_nothing_more():
    assert "product photo" not in label("openai", "gpt-image-1.5-test")


def test_a_model_without_image_input_says_it_is_used_text_only():
    assert label("flux", "flux-pro-1.1-test").endswith(" · takes no product photo: used text-only")


def test_a_reference_only_model_says_it_needs_a_product_photo():
    assert label("stability", "replace-background-and-relight-test").endswith(" · needs a product photo")
