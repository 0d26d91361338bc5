"""Brightening after the fact skips levels (a combed histogram) and costs points; nothing else does."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from creative.scoring.gradation import skipped_level_share
from creative.scoring.heuristic import score_image
from tests.scoring.test_damage import DAMAGE, exposed, jpeg, photo_like


def dim(image: Image.Image) -> Image.Image:
    """The photograph stand-in as a dull, dark day gives it: tones 20-160, every level in use."""
    return image.point(lambda v: 20 + v * 140 // 255)


def skipped(image: Image.Image) -> float:
    return skipped_level_share(np.asarray(image.convert("RGB")))


def test_a_photograph_as_taken_skips_no_level():
    assert skipped(photo_like()) < 0.02
    assert skipped(dim(photo_like())) < 0.02
    assert score_image(photo_like()).breakdown["gradation"] == 100


@pytest.mark.parametrize(("stops", "low", "high"), [(1, 0.2, 0.35), (2, 0.4, 0.55), (3, 0.55, 0.7)])
def test_each_stop_of_brightening_skips_more_levels(stops, low, high):
    assert low < skipped(exposed(dim(photo_like()), stops)) < high


@pytest.mark.parametrize("kind", ["blur", "noise", "jpeg", "under_exposure", "desaturation", "low_contrast"])
def test_other_damage_skips_no_level(kind):
    assert skipped(DAMAGE[kind](photo_like(), 2)) < 0.02


def test_a_jpeg_of_a_brightened_photograph_has_its_levels_refilled():
    """The comb is gone once a JPEG has been decoded: the criterion cannot see that brightening."""
    assert skipped(jpeg(exposed(dim(photo_like()), 1), 90)) < 0.02


def test_a_flat_illustration_with_few_colours_skips_no_level():
    poster = Image.new("RGB", (600, 600), (60, 40, 110))
    draw = ImageDraw.Draw(poster)
    draw.ellipse((150, 150, 450, 450), fill=(240, 180, 40))
    draw.rectangle((40, 480, 560, 560), fill=(230, 90, 70))
    poster = poster.filter(ImageFilter.GaussianBlur(1))  # anti-aliased edges, as a renderer draws them

    assert skipped(poster) < 0.02
    assert score_image(poster).breakdown["gradation"] == 100


def test_brightening_a_dim_photograph_costs_points_although_it_looks_more_contrasty():
    """Each stop raises contrast and colourfulness while clipping nothing here: gradation must outweigh them.
    (That the total falls with every stop on real photographs is bench/judgment.py's over-exposure tau.)"""
    original = dim(photo_like())
    scores = [score_image(exposed(original, stops)) for stops in (0, 1, 2, 3)]
    gradations = [score.breakdown["gradation"] for score in scores]

    assert all(scores[0].total > damaged.total for damaged in scores[1:]), [score.total for score in scores]
    assert scores[1].breakdown["contrast"] > scores[0].breakdown["contrast"]
    assert gradations == sorted(gradations, reverse=True) and len(set(gradations)) == 4, gradations
    assert gradations[1] < 50


@pytest.mark.parametrize("stops", [-1, 1, 2])
def test_exposure_does_not_change_sharpness(stops):
    """Brightening or darkening scales every step with the light around it: the eye sees the same edges."""
    original = dim(photo_like())

    assert score_image(exposed(original, stops)).breakdown["sharpness"] == pytest.approx(
        score_image(original).breakdown["sharpness"], abs=2
    )
