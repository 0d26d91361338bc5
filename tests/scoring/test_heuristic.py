import io
import math
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from creative.scoring.heuristic import NEUTRAL_COLOUR_MATCH, WEIGHTS, score_bytes, score_image


def busy_scene(size: int = 1024, *, seed: int = 3) -> Image.Image:
    """Many crisp, coloured shapes on a gradient: detailed, well lit, colourful."""
    rng = random.Random(seed)
    shade = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (shade, shade.rotate(90), Image.new("L", (size, size), 140)))
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(size // 40, size // 6)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + extent, y + extent), fill=colour)
        else:
            draw.rectangle((x, y, x + extent, y + extent // 2), fill=colour)
    return image


def object_on_background(
    *, centre: tuple[float, float], size: int = 1024, radius: float = 0.06,
    background=(225, 225, 220), colour=(220, 40, 40),
) -> Image.Image:
    image = Image.new("RGB", (size, size), background)
    x, y, r = centre[0] * size, centre[1] * size, radius * size
    ImageDraw.Draw(image).ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return image


def test_sharp_image_scores_higher_sharpness_than_its_blurred_copy():
    sharp = busy_scene(2048)
    blurred = sharp.filter(ImageFilter.GaussianBlur(6))

    assert score_image(sharp).breakdown["sharpness"] > score_image(blurred).breakdown["sharpness"] + 30


def test_black_image_scores_low_exposure():
    score = score_image(Image.new("RGB", (800, 600), "black"))

    assert score.breakdown["exposure"] < 5


def test_well_lit_scene_scores_high_exposure():
    assert score_image(busy_scene()).breakdown["exposure"] > 80


def test_blown_out_white_image_scores_low_exposure():
    assert score_image(Image.new("RGB", (600, 600), "white")).breakdown["exposure"] < 5


def test_high_contrast_image_scores_higher_contrast_than_a_flat_one():
    flat = Image.new("RGB", (512, 512), (120, 120, 120))
    ImageDraw.Draw(flat).rectangle((0, 0, 255, 511), fill=(135, 135, 135))
    strong = Image.new("RGB", (512, 512), (20, 20, 20))
    ImageDraw.Draw(strong).rectangle((0, 0, 255, 511), fill=(235, 235, 235))

    assert score_image(strong).breakdown["contrast"] > score_image(flat).breakdown["contrast"] + 50


def test_colourful_image_scores_higher_colourfulness_than_its_grey_copy():
    scene = busy_scene()
    grey = scene.convert("L").convert("RGB")

    assert score_image(scene).breakdown["colourfulness"] > 60
    assert score_image(grey).breakdown["colourfulness"] < 5


def test_blue_image_matches_blue_better_than_red():
    blue = Image.new("RGB", (400, 400), (30, 70, 200))

    assert score_image(blue, colours=["blue"]).breakdown["colour_match"] > 90
    assert score_image(blue, colours=["red"]).breakdown["colour_match"] < 10


def test_silver_product_matches_silver_better_than_gold():
    product = object_on_background(
        centre=(0.5, 0.5), radius=0.3, background=(30, 30, 35), colour=(190, 192, 198)
    )

    silver = score_image(product, colours=["silver"]).breakdown["colour_match"]
    gold = score_image(product, colours=["gold"]).breakdown["colour_match"]

    assert silver > 90
    assert gold < 20


def test_colour_match_averages_over_the_requested_colours():
    half = Image.new("RGB", (400, 400), (30, 70, 200))
    ImageDraw.Draw(half).rectangle((0, 0, 199, 399), fill=(200, 200, 200))

    score = score_image(half, colours=["blue", "silver", "orange"])

    assert score.breakdown["colour_match"] == pytest.approx(200 / 3, abs=2)


def test_no_colours_requested_gives_a_neutral_colour_match():
    assert score_image(busy_scene()).breakdown["colour_match"] == NEUTRAL_COLOUR_MATCH


def test_unknown_colour_words_are_ignored():
    image = Image.new("RGB", (200, 200), (30, 70, 200))

    assert score_image(image, colours=["sparkly"]).breakdown["colour_match"] == NEUTRAL_COLOUR_MATCH
    assert score_image(image, colours=["sparkly", "blue"]).breakdown["colour_match"] > 90


def test_focal_point_is_on_the_single_bright_object():
    image = object_on_background(centre=(0.7, 0.3), background=(40, 40, 45), colour=(250, 250, 240))

    x, y = score_image(image).focal_point

    assert x == pytest.approx(0.7, abs=0.03)
    assert y == pytest.approx(0.3, abs=0.03)


def test_focal_point_finds_an_object_on_a_gradient_backdrop():
    shade = Image.linear_gradient("L").resize((1024, 1024)).rotate(90)
    image = Image.merge("RGB", (shade, shade, shade))
    ImageDraw.Draw(image).ellipse((160, 640, 300, 780), fill=(30, 90, 220))

    x, y = score_image(image).focal_point

    assert x == pytest.approx(230 / 1024, abs=0.04)
    assert y == pytest.approx(710 / 1024, abs=0.04)


def test_focal_point_of_a_featureless_image_is_the_centre():
    assert score_image(Image.new("RGB", (300, 200), (90, 120, 150))).focal_point == (0.5, 0.5)


def test_subject_on_a_third_composes_better_than_one_cut_by_the_frame():
    on_third = object_on_background(centre=(2 / 3, 1 / 3), radius=0.1)
    at_edge = object_on_background(centre=(0.97, 0.04), radius=0.1)

    assert score_image(on_third).breakdown["composition"] > score_image(at_edge).breakdown["composition"] + 30


def test_every_criterion_is_within_0_and_100():
    images = [
        busy_scene(),
        Image.new("RGB", (64, 64), "black"),
        Image.new("RGB", (3, 2), "white"),
        Image.new("RGB", (1, 1), "red"),
        object_on_background(centre=(0.1, 0.9)),
    ]
    for image in images:
        score = score_image(image, colours=["blue", "pastel pink"])

        assert set(score.breakdown) == set(WEIGHTS)
        assert all(0 <= value <= 100 for value in score.breakdown.values())
        assert 0 <= score.total <= 100
        assert all(0 <= c <= 1 for c in score.focal_point)


def test_total_is_the_weighted_sum_of_the_breakdown():
    score = score_image(busy_scene(), colours=["blue"])

    assert math.isclose(sum(WEIGHTS.values()), 1.0)
    assert score.total == pytest.approx(sum(WEIGHTS[k] * v for k, v in score.breakdown.items()), abs=0.1)


def test_the_same_image_always_gets_the_same_score():
    assert score_image(busy_scene(), colours=["red"]) == score_image(busy_scene(), colours=["red"])


def test_score_bytes_scores_the_decoded_image():
    image = busy_scene(512)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    assert score_bytes(buffer.getvalue(), colours=["red"]) == score_image(image, colours=["red"])


def test_transparent_pixels_are_scored_as_white():
    cut_out = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    white = Image.new("RGB", (400, 400), "white")

    assert score_image(cut_out) == score_image(white)


def test_palette_and_greyscale_images_are_scored():
    scene = busy_scene(256)

    assert score_image(scene.convert("P")).total > 0
    assert score_image(scene.convert("L")).total > 0
