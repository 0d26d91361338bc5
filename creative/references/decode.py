"""An uploaded product photo decoded within the same limits as a brand logo (creative/export/brand.py)."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from creative.export.brand import LOGO_MAX_PIXELS

# Decoding an upload is bounded like every other image we open (DESIGN §8): the logo's pixel limit.
REFERENCE_MAX_PIXELS = LOGO_MAX_PIXELS
# Kept at most this long a side: enough for a 1024 px ad's product and for any provider's image input.
REFERENCE_MAX_SIDE = 2048
REFERENCE_MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("PNG", "JPEG", "WEBP")


class ReferenceImageError(ValueError):
    """The upload is not a product photo we can use; the message says why, for the designer."""


def reference_decode(data: bytes) -> Image.Image:
    """The upload as RGBA (camera rotation applied), its long side at most REFERENCE_MAX_SIDE."""
    if len(data) > REFERENCE_MAX_BYTES:
        raise ReferenceImageError("The product photo is larger than 20 MB; upload a smaller file.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise ReferenceImageError("The product photo is not a PNG, JPEG or WebP image.")
            if probe.width * probe.height > REFERENCE_MAX_PIXELS:
                raise ReferenceImageError("The product photo is too large; upload one under 16 megapixels.")
            probe.load()
            image = ImageOps.exif_transpose(probe).convert("RGBA")
    except ReferenceImageError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ReferenceImageError("The product photo is not a PNG, JPEG or WebP image.") from exc
    if min(image.size) < 16:
        raise ReferenceImageError("The product photo is too small; upload one at least 16 pixels a side.")
    image.thumbnail((REFERENCE_MAX_SIDE, REFERENCE_MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()
