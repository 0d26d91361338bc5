"""Damage always costs points: each kind of damage, at growing strength, lowers the total score.

The photograph stand-in has what the real ones in bench/judgment.py have: smooth sky-like gradients,
soft and crisp shapes, fine texture, a few highlights near white and no noise of its own.
"""

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from creative.scoring.heuristic import WEIGHTS, score_image


def photo_like(*, seed: int = 7, size: int = 768) -> Image.Image:
    rng = random.Random(seed)
    sky = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (sky.point(lambda v: 60 + v // 2), sky.point(lambda v: 90 + v // 3),
                                sky.point(lambda v: 200 - v // 3)))
    soft = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(soft)
    for _ in range(25):
        x, y, extent = rng.randrange(size), rng.randrange(size // 3, size), rng.randrange(size // 12, size // 4)
        draw.ellipse((x, y, x + extent, y + extent), fill=tuple(rng.randrange(40, 220) for _ in range(3)))
    mask = soft.convert("L").point(lambda v: 255 if v else 0).filter(ImageFilter.GaussianBlur(3))
    image = Image.composite(soft.filter(ImageFilter.GaussianBlur(1)), image, mask)
    draw = ImageDraw.Draw(image)
    for _ in range(15):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(size // 30, size // 10)
        draw.rectangle((x, y, x + extent, y + extent // 2), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.ellipse((size // 2, size // 8, size // 2 + size // 20, size // 8 + size // 20), fill=(250, 248, 240))
    texture = np.random.default_rng(seed).normal(0, 6, (200, 200))  # no period shared with JPEG's 8x8 grid
    grain = Image.fromarray(np.clip(texture + 128, 0, 255).astype(np.uint8)).resize((size, size), Image.Resampling.BICUBIC)
    return Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.08).filter(ImageFilter.GaussianBlur(0.5))


def noisy(image: Image.Image, sigma: float) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + np.random.default_rng(1).normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def exposed(image: Image.Image, stops: float) -> Image.Image:
    """Exposure changed by `stops` in linear light, clipped at white, as a camera would."""
    levels = [min(255, round(255 * min(1.0, (v / 255) ** 2.2 * 2**stops) ** (1 / 2.2))) for v in range(256)]
    return image.point(levels * 3)


def flattened(image: Image.Image, keep: float) -> Image.Image:
    return Image.blend(Image.new("RGB", image.size, (128, 128, 128)), image, keep)


DAMAGE = {
    "blur": lambda image, level: image.filter(ImageFilter.GaussianBlur(level)),
    "noise": lambda image, level: noisy(image, 6 * level),
    "jpeg": lambda image, level: jpeg(image, {1: 30, 2: 15, 3: 5}[level]),
    "over_exposure": lambda image, level: exposed(image, level),
    "under_exposure": lambda image, level: exposed(image, -level),
    "desaturation": lambda image, level: ImageEnhance.Color(image).enhance(1 - level / 3),
    "low_contrast": lambda image, level: flattened(image, 1 - level / 4),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_each_level_of_damage_costs_points(kind):
    original = photo_like()
    totals = [score_image(original).total] + [score_image(DAMAGE[kind](original, level)).total for level in (1, 2, 3)]

    assert totals == sorted(totals, reverse=True) and len(set(totals)) == 4, totals


def test_noise_lowers_the_noise_criterion_and_never_raises_sharpness():
    original = photo_like()
    clean, grainy = score_image(original).breakdown, score_image(noisy(original, 12)).breakdown

    assert clean["noise"] > 90 and grainy["noise"] < clean["noise"] - 40
    assert grainy["sharpness"] <= clean["sharpness"]


def test_a_low_quality_jpeg_scores_low_blockiness():
    original = photo_like()

    assert score_image(original).breakdown["blockiness"] > 90
    assert score_image(jpeg(original, 10)).breakdown["blockiness"] < 50


def test_blown_highlights_lower_clipping_and_darkening_them_does_not_bring_it_back():
    original = photo_like()
    blown = exposed(original, 2)
    darkened = exposed(blown, -1)

    assert score_image(blown).breakdown["clipping"] < score_image(original).breakdown["clipping"] - 30
    assert score_image(darkened).breakdown["clipping"] < score_image(original).breakdown["clipping"] - 30


def test_crushed_shadows_lower_clipping():
    original = photo_like()
    crushed = original.point(lambda v: max(0, (v - 150) * 255 // 105))

    assert score_image(crushed).breakdown["clipping"] < score_image(original).breakdown["clipping"] - 30


def test_a_flat_illustrations_dark_colour_is_not_crushed_shadow():
    poster = Image.new("RGB", (600, 600), (60, 40, 110))
    ImageDraw.Draw(poster).ellipse((150, 150, 450, 450), fill=(240, 180, 40))

    assert score_image(poster).breakdown["clipping"] > 95


def test_the_breakdown_names_the_damage_criteria():
    breakdown = score_image(photo_like()).breakdown

    assert {"noise", "blockiness", "clipping"} <= set(breakdown) == set(WEIGHTS)


def test_a_mirrored_image_scores_like_its_source():
    original = photo_like()

    assert score_image(ImageOps.mirror(original)).total == pytest.approx(score_image(original).total, abs=3)
