import pytest
from PIL import Image

from creative.export.text import (
    DEFAULT_FONT,
    ELLIPSIS,
    MIN_FONT_SIZE,
    contrast_ratio,
    font_at,
    luminance_range,
    parse_colour,
    relative_luminance,
    text_fit,
)


def test_black_on_white_is_the_full_wcag_range():
    assert contrast_ratio(
        relative_luminance((0, 0, 0)), relative_luminance((255, 255, 255))
    ) == pytest.approx(21)
    assert contrast_ratio(0.5, 0.5) == 1


def test_fitted_text_never_exceeds_its_box():
    for width, height, lines in [(600, 200, 3), (200, 40, 2), (90, 30, 1), (1200, 80, 1)]:
        block = text_fit(
            "Health tracking that lasts all week on one charge",
            font_path=DEFAULT_FONT,
            width=width,
            height=height,
            max_lines=lines,
            max_size=200,
        )

        assert block is not None
        font = font_at(DEFAULT_FONT, block.font_size)
        assert len(block.lines) <= lines and block.height <= height
        assert all(font.getlength(line) <= width for line in block.lines)


def test_text_takes_the_largest_size_that_fits():
    block = text_fit("Shop now", font_path=DEFAULT_FONT, width=2000, height=60, max_lines=1, max_size=40)

    assert block.font_size == 40


def test_text_too_long_for_the_smallest_size_is_shortened_with_an_ellipsis():
    text = "An unusually long headline that cannot possibly fit into a tiny mobile banner at all"

    block = text_fit(text, font_path=DEFAULT_FONT, width=110, height=24, max_lines=2, max_size=20)

    assert block.shortened and block.font_size == MIN_FONT_SIZE
    assert block.lines[-1].endswith(ELLIPSIS)


def test_text_that_cannot_fit_at_all_is_dropped():
    assert (
        text_fit("Supercalifragilistic", font_path=DEFAULT_FONT, width=20, height=8, max_lines=1, max_size=20)
        is None
    )
    assert text_fit("   ", font_path=DEFAULT_FONT, width=500, height=100, max_lines=1, max_size=20) is None


def test_luminance_range_finds_the_worst_background_not_the_average():
    half = Image.new("RGB", (100, 100), "black")
    half.paste((255, 255, 255), (50, 0, 100, 100))

    darkest, lightest = luminance_range(half, (0, 0, 100, 100))

    assert darkest < 0.01 and lightest > 0.99


def test_colours_parse_from_hex_with_a_fallback():
    assert parse_colour("#3a5bd9", (0, 0, 0)) == (58, 91, 217)
    assert parse_colour("fff", (0, 0, 0)) == (255, 255, 255)
    assert parse_colour("not a colour", (1, 2, 3)) == (1, 2, 3)
