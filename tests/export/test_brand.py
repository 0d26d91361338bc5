import io

import pytest
from PIL import Image

from creative.export.brand import LOGO_MAX_SIDE, LogoError, logo_png, logo_rasterise, svg_supported
from tests.services import require


@pytest.fixture
def svg_support():
    require(svg_supported(), "cairosvg or the cairo library is missing: SVG logos cannot be drawn")


needs_svg = pytest.mark.usefixtures("svg_support")


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_png_logo_keeps_its_transparency_and_is_bounded():
    logo = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    logo.paste((255, 0, 0, 255), (0, 0, 1500, 1000))

    raster = logo_rasterise(png_bytes(logo), filename="logo.png")

    assert raster.mode == "RGBA" and max(raster.size) == LOGO_MAX_SIDE
    assert raster.getpixel((10, 10))[3] == 255 and raster.getpixel((raster.width - 10, 10))[3] == 0
    assert Image.open(io.BytesIO(logo_png(raster))).format == "PNG"


@needs_svg
def test_svg_logo_is_drawn_and_trimmed_to_what_it_draws():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
        b'<rect width="200" height="50" fill="#f00"/></svg>'
    )

    raster = logo_rasterise(svg, filename="logo.svg")

    assert raster.width == LOGO_MAX_SIDE and raster.height == pytest.approx(LOGO_MAX_SIDE / 4, abs=2)
    assert raster.getpixel((raster.width // 2, raster.height // 2)) == (255, 0, 0, 255)


@needs_svg
def test_svg_cannot_read_local_files_or_entities():
    svg = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
    )

    with pytest.raises(LogoError):
        logo_rasterise(svg, filename="evil.svg")


def test_anything_else_is_refused():
    with pytest.raises(LogoError, match="not a PNG"):
        logo_rasterise(b"%PDF-1.4 not an image", filename="logo.pdf")
