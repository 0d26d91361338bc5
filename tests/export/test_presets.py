from creative.export.presets import (
    BUILTIN_PRESETS,
    CHANNELS,
    DEFAULT_CHANNELS,
    PRESETS_BY_NAME,
    SEED_PRESETS,
    presets_by_channel,
)


def test_iab_pinterest_linkedin_and_tiktok_sizes_are_built_in():
    sizes = {(p.width, p.height, p.channel) for p in BUILTIN_PRESETS}

    for width, height in [(300, 250), (728, 90), (160, 600), (320, 50), (300, 600), (970, 250)]:
        assert (width, height, "display") in sizes
    assert (1000, 1500, "pinterest") in sizes
    assert (1200, 627, "linkedin") in sizes
    assert (1080, 1920, "tiktok") in sizes


def test_preset_names_are_unique_and_safe_as_file_names():
    names = [p.name for p in BUILTIN_PRESETS]

    assert len(names) == len(set(names)) == len(PRESETS_BY_NAME)
    assert all(name.replace("_", "").isalnum() and name == name.lower() for name in names)


def test_presets_group_by_channel_in_form_order():
    grouped = presets_by_channel()

    assert list(grouped) == list(CHANNELS)
    assert [p.name for p in grouped["display"]][:2] == ["iab_medium_rectangle", "iab_leaderboard"]
    assert sum(len(members) for members in grouped.values()) == len(BUILTIN_PRESETS)


def test_default_channels_are_the_seed_eight():
    chosen = [p for p in BUILTIN_PRESETS if p.channel in DEFAULT_CHANNELS]

    assert chosen == list(SEED_PRESETS)


def test_story_placements_keep_out_of_the_platform_interface():
    assert PRESETS_BY_NAME["instagram_story"].safe_zone[0] > 0.1
    assert PRESETS_BY_NAME["tiktok_video"].safe_zone[2] > 0.15
    assert PRESETS_BY_NAME["facebook_post"].safe_zone == (0, 0, 0, 0)
