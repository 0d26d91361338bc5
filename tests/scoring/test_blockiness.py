"""The 8x8 grid is only what JPEG leaves: a smooth gradient that happens to step on the grid is not it."""

import io

from PIL import Image, ImageDraw

from creative.scoring.heuristic import score_image
from tests.scoring.test_damage import photo_like


def gradient_scene(size: int = 2048) -> Image.Image:
    """A 256-level gradient stretched to 2048 px climbs one grey level every 8 pixels, on the JPEG grid."""
    shade = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (shade, shade.rotate(90), Image.new("L", (size, size), 140)))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x, y = 150 * i + 37, 97 * i + 51
        draw.ellipse((x, y, x + 180, y + 180), fill=(40 + 15 * i, 200 - 12 * i, 90))
    return image


def test_a_gradient_stepping_on_the_8_pixel_grid_is_not_blocky():
    assert score_image(gradient_scene()).breakdown["blockiness"] > 90



def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def test_a_poorer_jpeg_never_reads_as_sharper():
    original = photo_like()
    sharpness = [score_image(jpeg(original, quality)).breakdown["sharpness"] for quality in (30, 15, 5)]

    assert sharpness == sorted(sharpness, reverse=True) and len(set(sharpness)) == 3, sharpness


def test_a_good_jpeg_costs_next_to_nothing():
    original = photo_like()

    assert score_image(original).total - score_image(jpeg(original, 90)).total < 2
