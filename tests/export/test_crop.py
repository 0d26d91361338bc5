import pytest

from creative.export.crop import cover_box
from creative.export.presets import PRESETS_BY_NAME, SEED_PRESETS, Preset

EXTRA_SIZES = [(728, 90), (1080, 1920)]
DESTINATIONS = [preset.size for preset in SEED_PRESETS] + EXTRA_SIZES
SOURCES = [(2048, 2048), (1536, 1024), (1024, 1536), (1000, 999)]
EDGE_FOCAL_POINTS = [
    (0.0, 0.0),
    (1.0, 1.0),
    (0.02, 0.98),
    (0.98, 0.02),
    (0.5, 0.01),
    (0.99, 0.5),
    (0.5, 0.5),
    (0.7, 0.3),
]


@pytest.mark.parametrize("src_size", SOURCES)
@pytest.mark.parametrize("dst_size", DESTINATIONS)
@pytest.mark.parametrize("focal", EDGE_FOCAL_POINTS)
def test_focal_point_is_always_inside_the_box(src_size, dst_size, focal):
    left, top, right, bottom = cover_box(src_size=src_size, dst_size=dst_size, focal=focal)

    assert left <= focal[0] * src_size[0] <= right
    assert top <= focal[1] * src_size[1] <= bottom


@pytest.mark.parametrize("src_size", SOURCES)
@pytest.mark.parametrize("dst_size", DESTINATIONS)
def test_box_is_the_largest_of_the_destination_aspect_inside_the_source(src_size, dst_size):
    left, top, right, bottom = cover_box(src_size=src_size, dst_size=dst_size, focal=(0.3, 0.6))
    width, height = right - left, bottom - top

    assert 0 <= left and 0 <= top and right <= src_size[0] and bottom <= src_size[1]
    assert width == src_size[0] or height == src_size[1]
    # Within one pixel of rounding of the exact aspect ratio.
    assert abs(width * dst_size[1] / dst_size[0] - height) <= max(1, dst_size[1] / dst_size[0])


def test_box_is_centred_on_the_focal_point_when_there_is_room():
    left, top, right, bottom = cover_box(src_size=(2048, 2048), dst_size=(1200, 630), focal=(0.5, 0.3))

    assert (left, right) == (0, 2048)
    assert (top + bottom) / 2 == pytest.approx(0.3 * 2048, abs=1)


def test_box_stops_at_the_edge_when_the_focal_point_is_near_it():
    box = cover_box(src_size=(2048, 2048), dst_size=(1080, 1920), focal=(0.95, 0.5))

    assert box == (2048 - 1152, 0, 2048, 2048)


def test_same_aspect_ratio_keeps_the_whole_source():
    for preset in ("original", "large", "thumbnail", "instagram_square"):
        size = PRESETS_BY_NAME[preset].size

        assert cover_box(src_size=(2048, 2048), dst_size=size, focal=(0.9, 0.1)) == (0, 0, 2048, 2048)


def test_seed_presets_are_the_eight_channel_sizes():
    assert [(p.name, p.width, p.height, p.channel) for p in SEED_PRESETS] == [
        ("original", 2048, 2048, "master"),
        ("large", 1024, 1024, "master"),
        ("medium", 512, 512, "master"),
        ("thumbnail", 256, 256, "master"),
        ("instagram_square", 1080, 1080, "instagram"),
        ("instagram_story", 1080, 1920, "instagram"),
        ("facebook_post", 1200, 630, "facebook"),
        ("twitter_post", 1200, 675, "twitter"),
    ]
    assert PRESETS_BY_NAME["facebook_post"] == Preset("facebook_post", 1200, 630, "facebook")


def test_empty_sizes_are_refused():
    with pytest.raises(ValueError):
        cover_box(src_size=(0, 100), dst_size=(10, 10), focal=(0.5, 0.5))
