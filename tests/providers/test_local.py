import io
import itertools
import random

import pytest
from PIL import Image, ImageChops, ImageStat

from creative.providers.base import ImageJob, ProviderError, image_size
from creative.providers.local import STYLES, LocalRenderer, colour_rgb, plan_for

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_job(**overrides) -> ImageJob:
    fields = {
        "model": "local",
        "prompt": "A smartwatch for runners, product photo",
        "width": 256,
        "height": 256,
        "seed": 1,
        "style": "product_photography",
        "subject": "smartwatch",
        "scenario": "sports",
        "colours": ("blue", "silver"),
        "tone": ("tech", "warm"),
    }
    fields.update(overrides)
    return ImageJob(**fields)


def generate(**overrides) -> bytes:
    return LocalRenderer().generate(make_job(**overrides)).data


def render(**overrides) -> Image.Image:
    return Image.open(io.BytesIO(generate(**overrides))).convert("RGB")


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def blueness(img: Image.Image) -> float:
    red, _, blue = ImageStat.Stat(img).mean
    return blue - red


def test_output_decodes_as_png():
    result = LocalRenderer().generate(make_job())
    assert result.data.startswith(PNG_SIGNATURE)
    assert result.mime_type == "image/png"
    assert image_size(result.data) == (256, 256)
    with Image.open(io.BytesIO(result.data)) as img:
        assert img.format == "PNG"


def test_result_reports_the_seed_and_no_cost():
    result = LocalRenderer().generate(make_job(seed=42))
    assert result.seed == 42
    assert result.cost_cents == 0


@pytest.mark.parametrize("style", STYLES)
def test_same_job_renders_identical_bytes(style):
    assert generate(style=style, seed=7) == generate(style=style, seed=7)


@pytest.mark.parametrize("style", STYLES)
def test_different_seeds_give_visibly_different_variations(style):
    first, second = render(style=style, seed=1), render(style=style, seed=2)
    assert mean_difference(first, second) > 3


@pytest.mark.parametrize(
    ("width", "height"),
    [(256, 256), (1024, 1024), (1080, 1920), (1200, 630), (728, 90), (300, 250), (97, 61)],
)
def test_requested_size_is_honoured(width, height):
    for style in STYLES:
        assert image_size(generate(style=style, width=width, height=height)) == (width, height)


def test_styles_look_different_from_each_other():
    images = {style: render(style=style) for style in STYLES}
    for a, b in itertools.combinations(STYLES, 2):
        assert mean_difference(images[a], images[b]) > 15, (a, b)


def test_unknown_style_renders_as_product_photography():
    assert generate(style="oil painting") == generate(style="product_photography")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("scenario", ["sports", "office", "beach", "city", "home", "kitchen", ""])
def test_requested_colours_dominate(style, scenario):
    blue = render(style=style, scenario=scenario, colours=("blue",))
    red = render(style=style, scenario=scenario, colours=("red",))
    assert blueness(blue) > blueness(red) + 30


@pytest.mark.parametrize("style", ["product_photography", "3d_render", "flat_illustration", "minimalist"])
def test_requested_blue_outweighs_red_in_the_frame(style):
    red, _, blue = ImageStat.Stat(render(style=style, scenario="home", colours=("navy", "sky blue"))).mean
    assert blue > red


@pytest.mark.parametrize("style", STYLES)
def test_image_is_a_composed_scene_not_a_flat_fill(style):
    img = render(style=style)
    assert max(ImageStat.Stat(img).stddev) > 12
    assert len(img.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 40


@pytest.mark.parametrize(
    "subject", ["smartwatch", "sneaker", "pizza", "car", "bottle", "face cream", "condo", ""]
)
def test_every_subject_renders_in_every_style(subject):
    for style in STYLES:
        img = render(style=style, subject=subject, prompt="", width=200, height=120)
        assert img.size == (200, 120)
        assert max(ImageStat.Stat(img).stddev) > 8


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("smartwatch", "watch"),
        ("fitness app", "phone"),
        ("energy drink", "bottle"),
        ("electric SUV", "car"),
        ("running sneakers", "shoe"),
        ("lipstick", "lipstick"),
        ("night cream", "jar"),
        ("double burger", "burger"),
        ("pizza", "pizza"),
        ("family house", "house"),
        ("project software", "laptop"),
        ("scented candle", "placeholder"),  # not a product it knows: never another product (issue 17)
        ("gift box", "box"),
    ],
)
def test_subject_picks_the_product_shape(subject, kind):
    assert plan_for(make_job(subject=subject, prompt=""), random.Random(0)).kind == kind


def test_empty_subject_and_scenario_are_read_from_the_prompt():
    job = make_job(subject="", scenario="", prompt="A bottle of juice on a sunny beach, lifestyle shot")
    plan = plan_for(job, random.Random(0))
    assert (plan.kind, plan.scenario, plan.variant) == ("bottle", "outdoor", "beach")


def test_scenario_without_a_known_setting_is_a_studio():
    plan = plan_for(make_job(scenario="something abstract", prompt=""), random.Random(0))
    assert plan.scenario == "studio"


@pytest.mark.parametrize(
    ("name", "rgb"),
    [
        ("navy", (26, 40, 88)),
        ("silver", (196, 200, 208)),
        ("#1e90ff", (30, 144, 255)),
        ("Crimson", (220, 20, 60)),
    ],
)
def test_colour_words_map_to_rgb(name, rgb):
    assert colour_rgb(name) == rgb


def test_colour_modifiers_shift_the_base_colour():
    pink, pastel, neon = colour_rgb("pink"), colour_rgb("pastel pink"), colour_rgb("neon pink")
    assert sum(pastel) > sum(pink)
    assert max(neon) - min(neon) > max(pink) - min(pink)


def test_unknown_colour_words_are_ignored():
    assert colour_rgb("synergy") is None
    assert generate(colours=("synergy", "blue")) == generate(colours=("blue",))


@pytest.mark.parametrize(("width", "height"), [(0, 256), (256, -1), (10_000, 10_000)])
def test_impossible_size_is_a_bad_request(width, height):
    with pytest.raises(ProviderError) as caught:
        generate(width=width, height=height)
    assert caught.value.kind == "bad_request"


def test_check_needs_no_key():
    assert LocalRenderer().check() == "ok (built-in)"
