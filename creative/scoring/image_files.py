"""Images named on the command line, for `creative score` and `creative duplicates`: PNG, JPEG and WebP only."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")


class ImageFileError(ValueError):
    """A file that is missing, unreadable or not a PNG, JPEG or WebP; the message says which."""


def image_open(path: Path) -> Image.Image:
    """The decoded RGB(A) image at `path`, or ImageFileError saying why not."""
    try:
        with Image.open(path) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ImageFileError(f"{path}: a {image.format} file; only PNG, JPEG and WebP are accepted.")
            image.load()
            return image.convert("RGBA" if image.has_transparency_data else "RGB")
    except FileNotFoundError:
        raise ImageFileError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ImageFileError(f"{path}: a folder, not an image.") from None
    except (UnidentifiedImageError, OSError) as exc:
        if isinstance(exc, ImageFileError):
            raise
        raise ImageFileError(f"{path}: not an image (only PNG, JPEG and WebP are accepted).") from None
