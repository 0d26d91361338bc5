import random

import pytest
from PIL import Image, ImageChops, ImageDraw

from creative.export.overlay import Brand, overlay_apply, overlay_finisher, safe_area
from creative.export.presets import BUILTIN_PRESETS, PRESETS_BY_NAME
from creative.export.render import Finishing, render_sizes
from creative.export.text import contrast_ratio, relative_luminance

LONG = "Health tracking that lasts a whole week on one charge, for work and for the gym"


def logo() -> Image.Image:
    mark = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    ImageDraw.Draw(mark).rounded_rectangle((0, 0, 399, 119), 30, fill=(230, 60, 40, 255))
    return mark


def busy(size: tuple[int, int], seed: int = 3) -> Image.Image:
    """Confetti of every brightness: no text colour reads on it without help."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (128, 128, 128))
    draw = ImageDraw.Draw(image)
    for _ in range(size[0] * size[1] // 400 + 20):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        shade = rng.choice([0, 255])
        draw.rectangle((x, y, x + rng.randrange(2, 12), y + rng.randrange(2, 12)), fill=(shade,) * 3)
    return image


BRAND = Brand(headline=LONG, call_to_action="Shop now", logo=logo())


@pytest.mark.parametrize("preset", BUILTIN_PRESETS, ids=lambda p: p.name)
def test_every_element_stays_inside_the_safe_area(preset):
    picture = busy(preset.size)

    result, placed = overlay_apply(picture, brand=BRAND, preset=preset)

    area = safe_area(preset.size, preset.safe_zone)
    assert result.size == preset.size
    assert {p.kind for p in placed} >= {"cta"}
    for element in placed:
        left, top, right, bottom = element.box
        assert area.left <= left < right <= area.right, (element.kind, element.box)
        assert area.top <= top < bottom <= area.bottom, (element.kind, element.box)


@pytest.mark.parametrize("preset", BUILTIN_PRESETS, ids=lambda p: p.name)
def test_nothing_is_drawn_in_the_margins(preset):
    picture = busy(preset.size, seed=9)

    result, _ = overlay_apply(picture, brand=BRAND, preset=preset)

    changed = ImageChops.difference(result, picture).getbbox()
    area = safe_area(preset.size, preset.safe_zone)
    assert changed is not None
    assert area.left <= changed[0] and area.top <= changed[1]
    assert changed[2] <= area.right and changed[3] <= area.bottom


def test_white_text_on_a_white_picture_gets_a_scrim_that_makes_it_readable():
    picture = Image.new("RGB", (1200, 630), "white")

    result, placed = overlay_apply(
        picture, brand=Brand(headline="Bright ideas"), preset=PRESETS_BY_NAME["facebook_post"]
    )

    scrim = next(p for p in placed if p.kind == "scrim")
    headline = next(p for p in placed if p.kind == "headline")
    # A pixel of scrim between its edge and the text: what the letters are read against.
    behind = result.getpixel(((scrim.box[0] + scrim.box[2]) // 2, (scrim.box[1] + headline.box[1]) // 2))
    assert contrast_ratio(relative_luminance((255, 255, 255)), relative_luminance(behind)) >= 4.5


def test_no_scrim_where_the_brand_colour_already_reads():
    picture = Image.new("RGB", (1080, 1080), (20, 24, 40))

    result, placed = overlay_apply(
        picture, brand=Brand(headline="Night run"), preset=PRESETS_BY_NAME["instagram_square"]
    )

    assert [p.kind for p in placed] == ["headline"]
    assert placed[0].contrast >= 4.5
    left, top, _right, _bottom = placed[0].box
    assert result.getpixel((left - 2, top - 2)) == (20, 24, 40)


def test_busy_pictures_get_text_that_reads_against_their_worst_pixels():
    for preset in (PRESETS_BY_NAME["iab_medium_rectangle"], PRESETS_BY_NAME["instagram_story"]):
        _, placed = overlay_apply(busy(preset.size), brand=BRAND, preset=preset)

        headline = next(p for p in placed if p.kind == "headline")
        assert headline.contrast >= 4.5
        assert "scrim" in [p.kind for p in placed]


def test_banners_put_logo_headline_and_button_in_one_row():
    _, placed = overlay_apply(busy((728, 90)), brand=BRAND, preset=PRESETS_BY_NAME["iab_leaderboard"])

    boxes = {p.kind: p.box for p in placed if p.kind != "scrim"}
    assert boxes["logo"][2] <= boxes["headline"][0] < boxes["headline"][2] <= boxes["cta"][0]
    for box in boxes.values():
        assert box[1] < 45 < box[3]  # all cross the middle line


def test_tall_formats_stack_logo_headline_and_button():
    _, placed = overlay_apply(busy((160, 600)), brand=BRAND, preset=PRESETS_BY_NAME["iab_wide_skyscraper"])

    boxes = {p.kind: p.box for p in placed if p.kind != "scrim"}
    assert boxes["logo"][3] <= boxes["headline"][1] < boxes["headline"][3] <= boxes["cta"][1]


def test_the_button_is_the_brand_primary_colour_with_readable_text():
    brand = Brand(call_to_action="Buy", primary=(250, 220, 40))

    result, placed = overlay_apply(
        Image.new("RGB", (1200, 675), "black"), brand=brand, preset=PRESETS_BY_NAME["twitter_post"]
    )

    button = placed[0]
    assert result.getpixel((button.box[0] + 3, (button.box[1] + button.box[3]) // 2)) == (250, 220, 40)
    assert button.contrast >= 4.5  # dark text on yellow, though the brand's text colour is white


def test_a_headline_too_long_for_a_mobile_banner_is_shortened_not_spilled():
    _, placed = overlay_apply(busy((320, 50)), brand=BRAND, preset=PRESETS_BY_NAME["iab_mobile_leaderboard"])

    headline = next((p for p in placed if p.kind == "headline"), None)
    assert headline is None or headline.text.endswith("…") or len(headline.text) < len(LONG)


def test_overlay_is_drawn_on_renditions_at_their_exact_size():
    source = busy((1024, 1024))
    presets = [PRESETS_BY_NAME["iab_leaderboard"], PRESETS_BY_NAME["pinterest_pin"]]

    plain = render_sizes(source, presets=presets, format="png")
    branded = render_sizes(
        source, presets=presets, format="png", finishing=Finishing(finish=overlay_finisher(BRAND))
    )

    for before, after in zip(plain, branded):
        assert (after.width, after.height) == after.preset.size
        assert before.data != after.data
