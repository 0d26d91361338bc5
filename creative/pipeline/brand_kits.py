"""A workspace's brand kit: its uploaded logo and font, and the overlay Brand drawn from it."""

from __future__ import annotations

import tempfile

from django.core.files.base import ContentFile
from PIL import Image

from creative.export.brand import LogoError, logo_png, logo_rasterise
from creative.export.overlay import Brand
from creative.export.text import DEFAULT_FONT, font_check, parse_colour
from creative.models import BrandKit


def brand_kit_for(workspace) -> BrandKit:
    kit, _ = BrandKit.objects.get_or_create(workspace=workspace)
    return kit


def brand_kit_logo_set(*, kit: BrandKit, data: bytes, filename: str) -> None:
    """Store an uploaded logo and the PNG drawn from it; LogoError when it is not a usable image."""
    logo = logo_rasterise(data, filename=filename)
    kit.logo.save(filename, ContentFile(data), save=False)
    kit.logo_raster.save("logo.png", ContentFile(logo_png(logo)), save=False)


BRAND_FILES = ("logo", "logo_raster", "font")


def brand_kit_files(kit: BrandKit) -> dict[str, str]:
    """The storage names of the kit's files now, to hand to `brand_kit_files_prune` after a change."""
    return {name: getattr(kit, name).name or "" for name in BRAND_FILES}


def brand_kit_files_prune(*, kit: BrandKit, before: dict[str, str]) -> None:
    """Delete the files a saved change replaced or cleared, so uploads do not pile up in storage."""
    now = set(brand_kit_files(kit).values())
    for name, old in before.items():
        if old and old not in now:
            getattr(kit, name).storage.delete(old)


def brand_kit_font_set(*, kit: BrandKit, data: bytes, filename: str) -> None:
    """Store an uploaded font after FreeType has loaded it; LogoError (a ValueError) when it cannot."""
    with tempfile.NamedTemporaryFile(suffix=".ttf") as probe:
        probe.write(data)
        probe.flush()
        try:
            font_check(probe.name)
        except OSError as exc:
            raise LogoError("The font is not a TrueType or OpenType file.") from exc
    kit.font.save(filename, ContentFile(data), save=False)


def brand_for(kit: BrandKit | None, *, headline: str = "", call_to_action: str = "") -> Brand:
    """The overlay's Brand from a workspace's kit (the defaults when it has none)."""
    if kit is None:
        return Brand(headline=headline, call_to_action=call_to_action)
    return Brand(
        headline=headline,
        call_to_action=call_to_action,
        primary=parse_colour(kit.primary_colour, Brand.primary),
        text=parse_colour(kit.text_colour, Brand.text),
        font_path=_font_path(kit),
        logo=brand_logo(kit),
    )


def brand_logo(kit: BrandKit | None) -> Image.Image | None:
    """The kit's logo decoded for drawing, or None when it has none."""
    if kit is None or not kit.logo_raster:
        return None
    with kit.logo_raster.open("rb") as fh:
        logo = Image.open(fh)
        logo.load()
    return logo.convert("RGBA")


def _font_path(kit: BrandKit) -> str:
    if not kit.font:
        return DEFAULT_FONT
    try:
        return kit.font.path  # FreeType reads a path; local storage has one
    except NotImplementedError:
        # Remote storage: copy the font beside the process once per export.
        with kit.font.open("rb") as fh, tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as copy:
            copy.write(fh.read())
        return copy.name
