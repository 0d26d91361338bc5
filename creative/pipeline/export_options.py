"""How exported files are marked: watermark options as stored, and the C2PA signing credentials."""

from __future__ import annotations

from django.conf import settings

from creative.export.provenance import C2paCredentials
from creative.export.watermark import POSITIONS, Watermark


def watermark_options_clean(options: dict | None) -> dict:
    """Watermark options as stored: {} for none; ValueError for a bad position or opacity."""
    options = dict(options or {})
    text = str(options.get("text", "")).strip()[:60]
    if not text and not options.get("logo"):
        return {}
    position = options.get("position") or "center"
    if position not in POSITIONS:
        raise ValueError(f"Unknown watermark position {position!r}.")
    opacity = float(options.get("opacity", Watermark.opacity))
    if not 0 < opacity <= 1:
        raise ValueError("Watermark opacity must be above 0 and at most 1.")
    return {"text": text, "position": position, "opacity": opacity, "logo": bool(options.get("logo"))}


def c2pa_credentials() -> C2paCredentials | None:
    """The C2PA signing certificate chain and key from settings (PEM text), or None when unset."""
    chain = getattr(settings, "CREATIVE_C2PA_CERTIFICATE", "")
    key = getattr(settings, "CREATIVE_C2PA_PRIVATE_KEY", "")
    if not chain or not key:
        return None
    return C2paCredentials(
        certificate_chain=chain.encode() if isinstance(chain, str) else chain,
        private_key=key.encode() if isinstance(key, str) else key,
        algorithm=getattr(settings, "CREATIVE_C2PA_ALGORITHM", "es256") or "es256",
        timestamp_url=getattr(settings, "CREATIVE_C2PA_TIMESTAMP_URL", ""),
    )
