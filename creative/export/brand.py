"""Brand assets for overlays: logos (PNG, JPEG, WebP or SVG) rasterised once, at a bounded size."""

from __future__ import annotations

import io

from PIL import Image

# Logos are drawn at most a few hundred pixels wide; 1024 px leaves room for 2048 px masters.
LOGO_MAX_SIDE = 1024
# Decoding an upload is bounded like every other image we open (DESIGN §8).
LOGO_MAX_PIXELS = 16_000_000


class LogoError(ValueError):
    """The upload is not a logo we can draw."""


def logo_rasterise(data: bytes, *, filename: str = "") -> Image.Image:
    """An RGBA image of the logo, its long side at most LOGO_MAX_SIDE; SVG is rendered, never fetched from."""
    if _looks_like_svg(data, filename):
        return _svg_to_image(data)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > LOGO_MAX_PIXELS:
                raise LogoError("The logo is too large; upload one under 16 megapixels.")
            probe.load()
            logo = probe.convert("RGBA")
    except LogoError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoError("The logo is not a PNG, JPEG, WebP or SVG image.") from exc
    logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    return logo


def logo_png(logo: Image.Image) -> bytes:
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return buffer.getvalue()


def svg_supported() -> bool:
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):  # OSError: cairocffi without the cairo library
        return False
    return True


def _looks_like_svg(data: bytes, filename: str) -> bool:
    head = data[:512].lstrip().lower()
    return (
        filename.lower().endswith((".svg", ".svgz"))
        or head.startswith(b"<svg")
        or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower())
    )


def _svg_to_image(data: bytes) -> Image.Image:
    if not svg_supported():
        raise LogoError("SVG logos need cairosvg and the cairo library on the server; upload a PNG instead.")
    import cairosvg

    try:
        # unsafe=False (the default) refuses XML entities and fetches nothing but data: URLs, so an
        # uploaded SVG cannot read local files or make the server call other hosts.
        # Both sides bounded: the drawing is fitted inside the square keeping its aspect ratio, so a
        # 1 x 10000 viewBox cannot ask for a gigapixel canvas; the empty bands are trimmed below.
        png = cairosvg.svg2png(
            bytestring=data, output_width=LOGO_MAX_SIDE, output_height=LOGO_MAX_SIDE, unsafe=False
        )
    except Exception as exc:  # cairosvg raises many kinds for malformed input
        raise LogoError(f"The SVG logo could not be drawn: {exc}") from exc
    logo = Image.open(io.BytesIO(png))
    logo.load()
    logo = logo.convert("RGBA")
    drawn = logo.getchannel("A").getbbox()
    if drawn is None:
        raise LogoError("The SVG logo is empty.")
    return logo.crop(drawn)
