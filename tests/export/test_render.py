import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from creative.export.crop import cover_box
from creative.export.presets import SEED_PRESETS, Preset
from creative.export.render import encode, naive_render_sizes, render_sizes
from tests.factories import decode

PIL_FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
RED = (220, 30, 30)
FOCAL = (0.8, 0.25)


def photo_like(size: int = 2048, *, seed: int = 5) -> Image.Image:
    """Soft blobs, crisp small details and grain: compresses roughly like a photograph."""
    rng = random.Random(seed)
    shade = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (shade, shade.rotate(90), Image.new("L", (size, size), 130)))
    draw = ImageDraw.Draw(image)
    for _ in range(50):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(size // 50, size // 4)
        draw.ellipse((x, y, x + extent, y + extent), fill=random_colour(rng))
    image = image.filter(ImageFilter.GaussianBlur(size / 200))
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(4, size // 40)
        draw.rectangle((x, y, x + extent, y + extent // 3), fill=random_colour(rng))
    grain = Image.effect_noise((size, size), 12).convert("RGB")
    return Image.blend(image, grain, 0.08)


def random_colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def red_disc_scene(size: int = 2048) -> Image.Image:
    """A red disc at FOCAL on a grey-green backdrop, big enough to survive the 256 px thumbnail."""
    image = Image.new("RGB", (size, size), (90, 120, 100))
    x, y, radius = FOCAL[0] * size, FOCAL[1] * size, size * 0.06
    ImageDraw.Draw(image).ellipse((x - radius, y - radius, x + radius, y + radius), fill=RED)
    return image


@pytest.fixture(scope="module")
def photo():
    return photo_like()


@pytest.mark.parametrize("format", ["webp", "jpeg", "png"])
def test_every_preset_is_rendered_at_its_exact_size_and_format(format):
    renditions = render_sizes(red_disc_scene(), presets=SEED_PRESETS, focal=FOCAL, format=format)

    assert [r.preset for r in renditions] == list(SEED_PRESETS)
    for rendition in renditions:
        image = decode(rendition.data)
        assert image.format == PIL_FORMATS[format]
        assert image.size == rendition.preset.size == (rendition.width, rendition.height)
        assert rendition.format == format


def test_focal_object_is_inside_every_crop():
    source = red_disc_scene()
    display = [Preset("leaderboard", 728, 90, "display"), Preset("skyscraper", 160, 600, "display")]
    presets = list(SEED_PRESETS) + display

    for rendition in render_sizes(source, presets=presets, focal=FOCAL, format="png"):
        size = rendition.preset.size
        left, top, right, bottom = cover_box(src_size=source.size, dst_size=size, focal=FOCAL)
        x = (FOCAL[0] * source.width - left) / (right - left) * rendition.width
        y = (FOCAL[1] * source.height - top) / (bottom - top) * rendition.height
        pixel = decode(rendition.data).convert("RGB").getpixel((int(x), int(y)))

        assert all(abs(a - b) <= 12 for a, b in zip(pixel, RED)), rendition.preset.name


def test_crop_follows_the_focal_point_not_the_centre():
    story = Preset("instagram_story", 1080, 1920, "instagram")

    [centred] = render_sizes(red_disc_scene(), presets=[story], format="png")
    [focused] = render_sizes(red_disc_scene(), presets=[story], focal=FOCAL, format="png")

    def red_share(rendition):
        image = decode(rendition.data).convert("RGB").resize((108, 192))
        red = sum(1 for pixel in image.get_flattened_data() if pixel[0] > 180 and pixel[1] < 80)
        return red / (108 * 192)

    # The centred crop catches only the disc's rim; the focal crop holds all of it.
    assert red_share(focused) > 2 * red_share(centred)


def test_output_size_stays_within_five_percent_of_the_naive_baseline(photo):
    ours = render_sizes(photo, presets=SEED_PRESETS, focal=(0.6, 0.4))
    naive = naive_render_sizes(photo, presets=SEED_PRESETS, focal=(0.6, 0.4))

    for fast, slow in zip(ours, naive):
        assert fast.preset == slow.preset
        assert len(fast.data) == pytest.approx(len(slow.data), rel=0.05), fast.preset.name
    assert sum(len(r.data) for r in ours) == pytest.approx(sum(len(r.data) for r in naive), rel=0.02)


def test_renditions_look_like_the_naive_ones(photo):
    presets = [p for p in SEED_PRESETS if p.name in ("medium", "thumbnail", "facebook_post")]

    ours = render_sizes(photo, presets=presets, focal=(0.6, 0.4), format="png")
    naive = naive_render_sizes(photo, presets=presets, focal=(0.6, 0.4), format="png")

    for fast, slow in zip(ours, naive):
        difference = ImageChops.difference(decode(fast.data).convert("RGB"), decode(slow.data).convert("RGB"))

        # Mean absolute difference per channel, in 8-bit levels: resampling noise, not a visible change.
        assert max(ImageStat.Stat(difference).mean) < 1.5, fast.preset.name


def test_naive_baseline_renders_every_preset_exactly():
    renditions = naive_render_sizes(red_disc_scene(1024), presets=SEED_PRESETS, focal=FOCAL, format="jpeg")

    assert [decode(r.data).size for r in renditions] == [p.size for p in SEED_PRESETS]


def test_small_sources_are_scaled_up_to_the_preset():
    renditions = render_sizes(photo_like(300), presets=SEED_PRESETS[:2], format="webp")

    assert [decode(r.data).size for r in renditions] == [(2048, 2048), (1024, 1024)]


def test_palette_greyscale_and_transparent_sources_are_rendered():
    sources = (
        photo_like(512).convert("P"),
        photo_like(512).convert("L"),
        Image.new("RGBA", (512, 512), (0, 0, 255, 128)),
    )
    for source in sources:
        renditions = render_sizes(source, presets=[Preset("thumbnail", 256, 256, "master")], format="webp")

        assert decode(renditions[0].data).size == (256, 256)


def test_jpeg_puts_transparency_on_white():
    transparent = Image.new("RGBA", (64, 64), (0, 0, 0, 0))

    pixel = decode(encode(transparent, format="jpeg", quality=90)).getpixel((32, 32))

    assert all(channel >= 250 for channel in pixel)


def test_webp_keeps_transparency():
    translucent = Image.new("RGBA", (64, 64), (0, 0, 255, 100))

    image = decode(encode(translucent, format="webp", quality=85))

    assert image.mode == "RGBA"
    assert abs(image.getpixel((32, 32))[3] - 100) <= 2


def test_jpg_is_accepted_as_jpeg():
    assert decode(encode(Image.new("RGB", (8, 8)), format="JPG", quality=85)).format == "JPEG"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unsupported format"):
        render_sizes(Image.new("RGB", (8, 8)), presets=SEED_PRESETS[:1], format="gif")
