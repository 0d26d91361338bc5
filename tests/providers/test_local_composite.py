"""The built-in renderer composites the advertiser's product, varies layouts by seed, and never draws
another product: an unknown product gets a labelled placeholder."""

import io
import random
from itertools import combinations

import pytest
from PIL import Image

from creative.providers.base import ImageJob, Reference
from creative.providers.local import STYLES, LocalRenderer, plan_for
from creative.providers.local.products import product_kind
from creative.references import cutout_make, reference_decode
from creative.references.decode import png_bytes
from creative.scoring.fidelity import product_fidelity
from tests.product_photos import bottle_photo, watch_photo

SEEDS = (11, 22, 33)


@pytest.fixture(scope="module", params=["bottle", "watch"])
def product(request):
    photo = reference_decode({"bottle": bottle_photo, "watch": watch_photo}[request.param]())
    cut = cutout_make(photo).image
    return cut, Reference(data=png_bytes(photo), mime_type="image/png", kind="product", cutout=png_bytes(cut))


def job(**fields) -> ImageJob:
    return ImageJob(**{"model": "local", "prompt": "Launch ad", "width": 1024, "height": 1024, "seed": 1,
                       "style": "product_photography", "subject": "cold brew", "scenario": "kitchen",
                       "colours": ("warm orange",), "tone": ("warm",), **fields})


def rendered(**fields) -> Image.Image:
    return Image.open(io.BytesIO(LocalRenderer().generate(job(**fields)).data)).convert("RGB")


def test_the_local_renderer_takes_references():
    assert LocalRenderer.takes_references_for("local")


@pytest.mark.parametrize("style", STYLES)
def test_every_composite_keeps_the_uploaded_product_and_seeds_change_the_layout(product, style):
    cut, reference = product
    found = [product_fidelity(rendered(style=style, seed=seed, references=(reference,)), cut) for seed in SEEDS]
    assert min(f.score for f in found) >= 90, [f.score for f in found]
    # Three seeds, three layouts: the product sits elsewhere or at another size each time.
    for a, b in combinations(found, 2):
        moved = max(abs(p - q) for p, q in zip(a.box, b.box, strict=True))
        assert moved > 0.02, (a.box, b.box)


def test_a_cutout_replaces_the_product_the_renderer_would_draw(product):
    _, reference = product
    plan = plan_for(job(subject="smartwatch", references=(reference,)), random.Random(0))
    assert plan.kind == "reference"
    assert plan.cutout is not None and not plan.floats


def test_a_photo_without_a_cutout_is_placed_whole():
    photo = reference_decode(bottle_photo())
    reference = Reference(data=png_bytes(photo), mime_type="image/png", kind="product")
    plan = plan_for(job(references=(reference,)), random.Random(0))
    assert plan.cutout.size == photo.size


def test_a_logo_reference_alone_does_not_replace_the_product():
    logo = Reference(data=png_bytes(Image.new("RGBA", (64, 64), (200, 0, 0, 255))), mime_type="image/png",
                     kind="logo")
    assert plan_for(job(subject="smartwatch", references=(logo,)), random.Random(0)).kind == "watch"


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("dog food", ""),
        ("dog food for senior dogs", ""),
        ("coffee", ""),
        ("organic coffee beans", ""),
        ("ice cream", ""),
        ("scented candle", ""),
        ("smartwatch", "watch"),
        ("FitPulse smartwatch for runners", "watch"),
        ("running shoes with extra grip", "shoe"),
        ("electric SUV", "car"),
        ("gift box", "box"),
        ("sparkling water, lightly flavoured", "bottle"),
    ],
)
def test_a_known_product_is_drawn_only_when_the_brief_names_it(phrase, kind):
    assert product_kind(phrase) == kind


def test_an_unknown_product_gets_a_labelled_placeholder_not_a_burger():
    plan = plan_for(job(subject="dog food for senior dogs", prompt="A happy older dog with its food bowl"),
                    random.Random(0))
    assert (plan.kind, plan.label) == ("placeholder", "dog food for senior dogs")
    for style in STYLES:  # every style draws it
        assert rendered(style=style, subject="dog food", width=320, height=320).size == (320, 320)
