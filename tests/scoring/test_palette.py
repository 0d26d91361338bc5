import pytest
from PIL import Image, ImageDraw

from creative.scoring.palette import dominant_colours, palette_check


def blue_and_silver(size: int = 1024) -> Image.Image:
    """A brushed-silver disc, light at the centre, on a deep blue backdrop."""
    image = Image.new("RGB", (size, size), (20, 60, 170))
    draw = ImageDraw.Draw(image)
    steps = size // 4
    for step in range(steps):
        level = 160 + 70 * step // steps
        inset = size // 4 + step
        draw.ellipse((inset, inset, size - inset, size - inset), fill=(level, level, level + 4))
    return image


def halves(
    left: tuple[int, int, int], right: tuple[int, int, int], *, right_share: float = 0.5
) -> Image.Image:
    """Two colours side by side, the right one covering `right_share` of the width."""
    image = Image.new("RGB", (400, 400), left)
    ImageDraw.Draw(image).rectangle((round(400 * (1 - right_share)), 0, 399, 399), fill=right)
    return image


def test_blue_and_silver_image_matches_blue_and_silver():
    check = palette_check(blue_and_silver(), colours=["blue", "silver"])

    assert check.matches == {"blue": True, "silver": True}
    assert check.ok
    assert check.coverage > 0.95


def test_blue_and_silver_image_fails_red():
    check = palette_check(blue_and_silver(), colours=["red"])

    assert check.matches == {"red": False}
    assert not check.ok
    assert check.distances["red"] > 25
    assert check.coverage == 0


def test_one_missing_colour_fails_the_check():
    check = palette_check(blue_and_silver(), colours=["blue", "gold"])

    assert check.matches == {"blue": True, "gold": False}
    assert not check.ok


def test_unknown_colour_words_are_reported_not_checked():
    check = palette_check(blue_and_silver(), colours=["blue", "sparkly", "sparkly"])

    assert check.matches == {"blue": True}
    assert check.unknown == ["sparkly"]
    assert "sparkly" not in check.distances
    assert check.ok


def test_only_unknown_words_leave_nothing_to_fail():
    check = palette_check(blue_and_silver(), colours=["vibes"])

    assert check.matches == {}
    assert check.unknown == ["vibes"]
    assert check.ok


def test_brief_colour_words_resolve_through_the_name_table():
    navy_and_gold = halves((0, 0, 110), (210, 172, 60))
    pastel = halves((255, 220, 228), (255, 255, 255))

    assert palette_check(navy_and_gold, colours=["navy", "gold"]).ok
    assert palette_check(pastel, colours=["pastel pink"]).ok
    assert not palette_check(navy_and_gold, colours=["pastel pink"]).ok


def test_a_colour_on_a_small_accent_matches_but_a_speck_does_not():
    accent = halves((240, 240, 240), (220, 20, 30), right_share=0.08)
    speck = halves((240, 240, 240), (220, 20, 30), right_share=0.02)

    assert palette_check(accent, colours=["red"]).matches == {"red": True}
    assert palette_check(speck, colours=["red"]).matches == {"red": False}


def test_a_colour_spread_over_a_gradient_still_matches():
    gradient = Image.merge("RGB", (Image.new("L", (256, 256), 0), Image.new("L", (256, 256), 0),
                                   Image.linear_gradient("L").point(lambda value: 120 + value // 2)))

    assert palette_check(gradient, colours=["blue"]).ok


def test_coverage_is_the_share_close_to_any_requested_colour():
    check = palette_check(halves((230, 20, 20), (30, 160, 40), right_share=0.3), colours=["red"])

    assert check.coverage == pytest.approx(0.7, abs=0.02)


def test_max_delta_e_decides_what_is_close_enough():
    image = halves((70, 110, 210), (70, 110, 210))

    assert palette_check(image, colours=["blue"]).ok
    assert not palette_check(image, colours=["blue"], max_delta_e=5).ok


def test_no_colours_requested_is_ok():
    check = palette_check(blue_and_silver(), colours=[])

    assert check.ok
    assert check.matches == {} and check.unknown == []


def test_dominant_colours_are_the_image_colours_by_share():
    colours = dominant_colours(halves((200, 30, 30), (30, 30, 200), right_share=0.25))

    assert colours[0][0] == pytest.approx((200, 30, 30), abs=3)
    assert colours[0][1] == pytest.approx(0.75, abs=0.02)
    assert colours[1][0] == pytest.approx((30, 30, 200), abs=3)
    assert sum(share for _, share in colours) == pytest.approx(1.0)


def test_dominant_colours_returns_at_most_count_colours_largest_first():
    colours = dominant_colours(blue_and_silver(), count=3)

    assert len(colours) <= 3
    assert [share for _, share in colours] == sorted((share for _, share in colours), reverse=True)


def test_transparent_areas_count_as_white():
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 0, 99, 199), fill=(0, 0, 200, 255))

    check = palette_check(image, colours=["white", "blue", "black"])

    assert check.matches == {"white": True, "blue": True, "black": False}
