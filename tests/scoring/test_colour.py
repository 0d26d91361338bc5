import pytest

from creative.scoring.colour import colour_rgb, delta_e_2000, srgb_to_lab


def test_colour_words_resolve_through_css_the_table_and_modifiers():
    assert colour_rgb("blue") == (0, 0, 255)
    assert colour_rgb("Navy") == (0, 0, 128)
    assert colour_rgb("sky blue") == (135, 206, 235)
    assert colour_rgb("Space Grey") == colour_rgb("space gray")
    assert colour_rgb("rose-gold") == (183, 110, 121)
    assert colour_rgb("electric blue") == (0, 0, 255)
    assert colour_rgb("sparkly") is None
    pastel = colour_rgb("pastel blue")
    assert pastel[2] == 255 and min(pastel) > 120


def test_srgb_to_lab_gives_reference_values():
    assert srgb_to_lab((255, 255, 255)) == pytest.approx((100, 0, 0), abs=0.01)
    assert srgb_to_lab((0, 0, 0)) == pytest.approx((0, 0, 0), abs=0.01)
    # Red in CIELAB (D65): L 53.24, a 80.09, b 67.20.
    assert srgb_to_lab((255, 0, 0)) == pytest.approx((53.24, 80.09, 67.20), abs=0.05)


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [
        # Sharma, Wu and Dalal (2005), test data pairs 1, 7 and 17.
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ],
)
def test_delta_e_2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
