"""Channel presets: the sizes an approved image is delivered in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    """One output size for one channel."""

    name: str
    width: int
    height: int
    channel: str

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


# The eight every export offers; DESIGN.md section 7 lists the sizes admins may add.
SEED_PRESETS: tuple[Preset, ...] = (
    Preset("original", 2048, 2048, "master"),
    Preset("large", 1024, 1024, "master"),
    Preset("medium", 512, 512, "master"),
    Preset("thumbnail", 256, 256, "master"),
    Preset("instagram_square", 1080, 1080, "instagram"),
    Preset("instagram_story", 1080, 1920, "instagram"),
    Preset("facebook_post", 1200, 630, "facebook"),
    Preset("twitter_post", 1200, 675, "twitter"),
)

PRESETS_BY_NAME: dict[str, Preset] = {preset.name: preset for preset in SEED_PRESETS}
