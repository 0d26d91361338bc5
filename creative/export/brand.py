"""Brand assets for overlays: logos (PNG, JPEG, WebP or SVG) rasterised once, at a bounded size."""

from __future__ import annotations

import io
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image

# Logos are drawn at most a few hundred pixels wide; 1024 px leaves room for 2048 px masters.
LOGO_MAX_SIDE = 1024
# Decoding an upload is bounded like every other image we open (DESIGN §8).
LOGO_MAX_PIXELS = 16_000_000

# cairosvg draws about 4,000 shapes a second, in the request: these keep an SVG logo under about 1.5 s
# of CPU. Shapes count as drawn, each <use> adding what it repeats; path and polygon data count apart,
# since one <path> can hold a million segments.
SVG_MAX_SHAPES = 5_000
SVG_MAX_PATH_DATA = 200_000  # characters of d= and points=


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


def svg_budget_check(data: bytes) -> None:
    """LogoError when the SVG would take too long to draw: too many shapes (after <use> repeats) or too
    much path data. Parsed with defusedxml, so entity tricks are refused before anything is counted."""
    too_many = LogoError(f"The SVG logo has more than {SVG_MAX_SHAPES:,} shapes; simplify it or upload a PNG.")
    try:
        # A streaming count first, so a huge file is refused before its tree is built.
        for count, _ in enumerate(ElementTree.iterparse(io.BytesIO(data), events=("start",)), start=1):
            if count > SVG_MAX_SHAPES:
                raise too_many
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise LogoError(f"The SVG logo is not well-formed XML: {exc}") from exc
    by_id = {node.get("id"): node for node in root.iter() if node.get("id")}
    sizes: dict[int, int] = {}
    inside: set[int] = set()

    def drawn(node: Element) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in inside:
            raise LogoError("The SVG logo refers to itself through <use>.")
        inside.add(id(node))
        total = 1 + sum(drawn(child) for child in node)
        if node.tag.rsplit("}", 1)[-1] == "use":
            href = node.get("{http://www.w3.org/1999/xlink}href") or node.get("href") or ""
            if (target := by_id.get(href.removeprefix("#"))) is not None:
                total += drawn(target)
        inside.discard(id(node))
        if total > SVG_MAX_SHAPES:
            raise too_many
        sizes[id(node)] = total
        return total

    try:
        drawn(root)
    except RecursionError:
        raise LogoError("The SVG logo nests its groups too deeply; simplify it or upload a PNG.") from None
    path_data = sum(len(node.get("d", "")) + len(node.get("points", "")) for node in root.iter())
    if path_data > SVG_MAX_PATH_DATA:
        raise LogoError(f"The SVG logo's paths hold more than {SVG_MAX_PATH_DATA:,} characters of points; "
                        "simplify it or upload a PNG.")


def _svg_to_image(data: bytes) -> Image.Image:
    if not svg_supported():
        raise LogoError("SVG logos need cairosvg and the cairo library on the server; upload a PNG instead.")
    import cairosvg

    svg_budget_check(data)

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
    logo: Image.Image = Image.open(io.BytesIO(png))
    logo.load()
    logo = logo.convert("RGBA")
    drawn = logo.getchannel("A").getbbox()
    if drawn is None:
        raise LogoError("The SVG logo is empty.")
    return logo.crop(drawn)
