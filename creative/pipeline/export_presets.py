"""The presets an export may use: the built-in ones, then those admins added as ExportPreset rows."""

from __future__ import annotations

from collections.abc import Sequence

from creative.export.presets import BUILTIN_PRESETS, PRESETS_BY_NAME, Preset
from creative.models import ExportPreset


def presets_available(*, include_disabled: bool = False) -> list[Preset]:
    """The built-in presets, then the admin-added ones (a name already built in keeps its built-in size)."""
    rows = ExportPreset.objects.all() if include_disabled else ExportPreset.objects.filter(enabled=True)
    extra = [
        Preset(row.name, row.width, row.height, row.channel)
        for row in rows
        if row.name not in PRESETS_BY_NAME
    ]
    return list(BUILTIN_PRESETS) + extra


def presets_resolve(
    *, names: Sequence[str] = (), channels: Sequence[str] = (), include_disabled: bool = False
) -> list[Preset]:
    """Presets named plus every preset of the channels named, in catalogue order; ValueError if unknown."""
    available = presets_available(include_disabled=include_disabled)
    by_name = {preset.name: preset for preset in available}
    known_channels = {preset.channel for preset in available}
    unknown = [name for name in names if name not in by_name]
    unknown += [f"channel {channel}" for channel in channels if channel not in known_channels]
    if unknown:
        raise ValueError(f"Unknown presets or formats: {', '.join(unknown)}")
    wanted = set(names)
    return [preset for preset in available if preset.name in wanted or preset.channel in channels]
