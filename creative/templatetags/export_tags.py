"""What the gallery's export panel offers: channels and their sizes, formats, the brand kit's words."""

from django import template

from creative.export.presets import CHANNELS, DEFAULT_CHANNELS, presets_by_channel
from creative.export.render import DEFAULT_QUALITY, FORMATS
from creative.export.watermark import POSITIONS
from creative.models import BrandKit
from creative.pipeline import presets_available

register = template.Library()


@register.simple_tag
def export_options(brief) -> dict:
    kit = BrandKit.objects.filter(workspace_id=brief.workspace_id).first()
    grouped = presets_by_channel(presets_available())
    return {
        "channels": [
            {
                "key": key,
                "label": CHANNELS.get(key, key.replace("_", " ").title()),
                "presets": presets,
                "checked": key in DEFAULT_CHANNELS,
            }
            for key, presets in grouped.items()
        ],
        "formats": [{"key": f, "checked": f == "webp"} for f in FORMATS],
        "quality": DEFAULT_QUALITY,
        "headline": kit.headline if kit else "",
        "call_to_action": kit.call_to_action if kit else "",
        "has_logo": bool(kit and kit.logo_raster),
        "positions": POSITIONS,
        "workspace_id": brief.workspace_id,
    }


@register.filter
def export_summary(export) -> str:
    """'16 files · webp, jpeg · overlay · watermark' for the list of exports."""
    parts = [f"{export.total_count} file{'s' if export.total_count != 1 else ''}", ", ".join(export.formats)]
    if export.overlay:
        parts.append("overlay")
    if export.watermark:
        parts.append(f"watermark “{export.watermark.get('text') or 'logo'}”")
    if export.signed:
        parts.append("C2PA signed")
    return " · ".join(parts)
