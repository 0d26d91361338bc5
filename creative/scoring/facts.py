"""Everything scoring learns from an image's pixels, in one pass over one decode.

Pure and free of Django, so it runs as well in a worker process (creative/cpu_pool.py) as in the
calling thread: the score and focal point, the perceptual hash, the palette check, the gallery's
thumbnail and, when a vision model will look, the copy it is sent.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from creative.scoring.fidelity import Fidelity, fidelity_in
from creative.scoring.heuristic import Score, score_image, working_copy
from creative.scoring.palette import PaletteCheck, palette_check
from creative.scoring.similarity import phashes

THUMBNAIL_SIZE = 512
# Long side of the copy a vision model is sent: enough to judge clarity, about 800 image tokens on
# every provider.
MODEL_IMAGE_SIDE = 768


@dataclass(frozen=True)
class ImageFacts:
    score: Score
    phash: str
    phash_crops: list[str]  # the hashes of its slight crops, for grouping cropped copies
    palette: PaletteCheck
    thumbnail: bytes  # WebP, at most THUMBNAIL_SIZE a side
    for_model: bytes | None  # JPEG, when asked for
    fidelity: Fidelity | None = None  # how well the brief's product photo was kept, when it has one


def image_facts(data: bytes, *, colours: Sequence[str], for_model: bool, products: Sequence[bytes] = ()) -> ImageFacts:
    with Image.open(io.BytesIO(data)) as opened:
        img = opened.convert("RGB")
    own, *crops = (f"{value:016x}" for value in phashes(img))
    return ImageFacts(
        score=score_image(img, colours=colours),
        phash=own,
        phash_crops=crops,
        palette=palette_check(img, colours=colours),
        # The JPEG costs as much as the score itself: only for a model that will look at it.
        for_model=image_for_model(img) if for_model else None,
        thumbnail=gallery_thumbnail(img),
        fidelity=fidelity_in(img, products),
    )


def image_for_model(image: Image.Image) -> bytes:
    """A JPEG copy of at most MODEL_IMAGE_SIDE px: every provider takes it, and it is a tenth of the PNG."""
    small = working_copy(image, MODEL_IMAGE_SIDE)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def gallery_thumbnail(img: Image.Image) -> bytes:
    """The gallery's WebP: Pillow's reduce() (a box average) by the whole factor, LANCZOS for the under-2x
    rest. On a photo-like 1024 px image: 4 ms instead of 26 for LANCZOS from the full image, 46 dB PSNR
    from it, which no one sees in a gallery card. WebP effort 2 encodes it in 11 ms instead of 29 for
    the default 4, for 6% more bytes; every image passes through here while a brief runs."""
    img = img.copy()
    img.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS, reducing_gap=1.0)
    buffer = io.BytesIO()
    img.save(buffer, "WEBP", quality=80, method=2)
    return buffer.getvalue()
