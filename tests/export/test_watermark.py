import pytest
from PIL import Image, ImageChops, ImageDraw

from creative.export.watermark import Watermark, watermark_apply, watermark_from_options

GREY = (120, 130, 140)


def changed_box(before, after):
    return ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox()


def test_centre_watermark_marks_the_middle_only():
    picture = Image.new("RGB", (1200, 630), GREY)

    marked = watermark_apply(picture, watermark=Watermark(text="DRAFT"))

    left, top, right, bottom = changed_box(picture, marked)
    assert left < 600 < right and top < 315 < bottom
    assert left > 100 and right < 1100


def test_corner_watermark_stays_in_its_corner():
    picture = Image.new("RGB", (1000, 1000), GREY)

    marked = watermark_apply(picture, watermark=Watermark(text="DRAFT", position="bottom_right"))

    left, top, right, bottom = changed_box(picture, marked)
    assert left > 600 and top > 800 and right <= 1000 and bottom <= 1000


def test_tiled_watermark_covers_the_whole_picture():
    picture = Image.new("RGB", (800, 800), GREY)

    marked = watermark_apply(picture, watermark=Watermark(text="DRAFT", position="tiled"))

    left, top, right, bottom = changed_box(picture, marked)
    assert left < 50 and top < 80 and right > 750 and bottom > 700


def test_opacity_sets_how_strongly_the_mark_shows():
    picture = Image.new("RGB", (600, 400), GREY)

    faint = watermark_apply(picture, watermark=Watermark(text="DRAFT", opacity=0.1))
    strong = watermark_apply(picture, watermark=Watermark(text="DRAFT", opacity=0.9))

    faint_change = max(ImageChops.difference(picture, faint).getextrema()[0])
    strong_change = max(ImageChops.difference(picture, strong).getextrema()[0])
    assert 0 < faint_change < strong_change


def test_logo_watermark_keeps_mode_and_size():
    picture = Image.new("RGBA", (500, 500), (*GREY, 255))
    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 199, 99), fill=(255, 0, 0, 255))

    marked = watermark_apply(picture, watermark=Watermark(logo=logo, position="top_left", opacity=1))

    assert marked.mode == "RGBA" and marked.size == (500, 500)
    assert marked.getpixel((60, 40))[:3] == (255, 0, 0)


def test_no_text_and_no_logo_means_no_watermark():
    assert watermark_from_options({}) is None
    assert watermark_from_options({"text": "  "}) is None
    assert watermark_from_options({"text": "DRAFT", "position": "tiled"}).position == "tiled"


def test_bad_positions_and_opacities_are_refused():
    with pytest.raises(ValueError):
        Watermark(text="DRAFT", position="somewhere")
    with pytest.raises(ValueError):
        Watermark(text="DRAFT", opacity=1.5)
