"""Channel presets: the sizes an approved image is delivered in, grouped by channel (DESIGN §7).

The built-in presets live here, in code, so every export and test has them without a database;
admins add more as `ExportPreset` rows, which `creative.pipeline.export_presets.presets_available` merges in.
"""

from __future__ import annotations

from dataclasses import dataclass

# Story and full-screen video placements cover the top and bottom of the frame with the
# platform's own interface (profile row, caption, buttons): overlays keep out of those bands.
# Fractions of the height (top, bottom) and width (sides), after Meta's and TikTok's published
# safe-zone guides for 9:16 placements (about 14% top, 20% bottom, 6% sides).
STORY_SAFE_ZONE = (0.14, 0.06, 0.20, 0.06)


@dataclass(frozen=True)
class Preset:
    """One output size for one channel; `safe_zone` is (top, right, bottom, left) as fractions."""

    name: str
    width: int
    height: int
    channel: str
    safe_zone: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def label(self) -> str:
        return f"{self.name.replace('_', ' ')} {self.width}×{self.height}"


# The eight every export offers by default; DESIGN.md section 7 lists the sizes admins may add.
SEED_PRESETS: tuple[Preset, ...] = (
    Preset("original", 2048, 2048, "master"),
    Preset("large", 1024, 1024, "master"),
    Preset("medium", 512, 512, "master"),
    Preset("thumbnail", 256, 256, "master"),
    Preset("instagram_square", 1080, 1080, "instagram"),
    Preset("instagram_story", 1080, 1920, "instagram", STORY_SAFE_ZONE),
    Preset("facebook_post", 1200, 630, "facebook"),
    Preset("twitter_post", 1200, 675, "twitter"),
)

# IAB display sizes (the IAB New Ad Portfolio's fixed sizes that buyers still ask for), and one
# size each for the social channels whose feed crops differ from the seed eight.
CHANNEL_PRESETS: tuple[Preset, ...] = (
    Preset("iab_medium_rectangle", 300, 250, "display"),
    Preset("iab_leaderboard", 728, 90, "display"),
    Preset("iab_wide_skyscraper", 160, 600, "display"),
    Preset("iab_mobile_leaderboard", 320, 50, "display"),
    Preset("iab_half_page", 300, 600, "display"),
    Preset("iab_billboard", 970, 250, "display"),
    Preset("pinterest_pin", 1000, 1500, "pinterest"),
    Preset("linkedin_post", 1200, 627, "linkedin"),
    Preset("tiktok_video", 1080, 1920, "tiktok", STORY_SAFE_ZONE),
)

BUILTIN_PRESETS: tuple[Preset, ...] = SEED_PRESETS + CHANNEL_PRESETS
PRESETS_BY_NAME: dict[str, Preset] = {preset.name: preset for preset in BUILTIN_PRESETS}

# Channel key -> label, in the order the export form lists them.
CHANNELS: dict[str, str] = {
    "master": "Masters",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "twitter": "X / Twitter",
    "display": "Display (IAB)",
    "pinterest": "Pinterest",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
}
DEFAULT_CHANNELS: tuple[str, ...] = ("master", "instagram", "facebook", "twitter")


def presets_by_channel(
    presets: tuple[Preset, ...] | list[Preset] = BUILTIN_PRESETS,
) -> dict[str, list[Preset]]:
    """Presets grouped by channel: the known channels first in CHANNELS order, then any others by name."""
    grouped: dict[str, list[Preset]] = {channel: [] for channel in CHANNELS}
    for preset in presets:
        grouped.setdefault(preset.channel, []).append(preset)
    return {channel: members for channel, members in grouped.items() if members}
