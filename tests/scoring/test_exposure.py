"""A bright photograph whose highlights keep their detail is high-key, not washed out."""

from creative.scoring.heuristic import score_image
from tests.scoring.test_damage import exposed, photo_like


def pale(image):
    """The photograph stand-in squeezed into the tones 175-228: pale wood, a misty morning."""
    return image.point(lambda v: 175 + v * 53 // 255)


def test_darkening_a_high_key_photograph_does_not_raise_its_score():
    original = pale(photo_like())

    assert score_image(exposed(original, -1)).total < score_image(original).total


def test_a_high_key_photograph_keeps_full_exposure_marks():
    assert score_image(pale(photo_like())).breakdown["exposure"] > 90
