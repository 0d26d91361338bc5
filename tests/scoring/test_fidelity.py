"""Product fidelity: the product found in an image and judged kept, recoloured, distorted or missing."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from creative.providers.base import ImageJob, Reference
from creative.providers.local.renderer import render
from creative.references import cutout_make, reference_decode
from creative.references.decode import png_bytes
from creative.scoring.facts import image_facts
from creative.scoring.fidelity import THRESHOLD, product_fidelity
from tests.product_photos import bottle_photo


@pytest.fixture(scope="module")
def cutout() -> Image.Image:
    return cutout_make(reference_decode(bottle_photo())).image


def recoloured(cut: Image.Image) -> Image.Image:
    h, s, v = cut.convert("RGB").convert("HSV").split()
    out = Image.merge("HSV", (h.point(lambda x: (x + 110) % 256), s, v)).convert("RGB")
    out.putalpha(cut.getchannel("A"))
    return out


def distorted(cut: Image.Image) -> Image.Image:
    """Stretched wide and squashed, with a wave through it: what a model that redraws the product does."""
    wide = np.asarray(cut.resize((round(cut.width * 1.35), round(cut.height * 0.85)))).copy()
    rows = wide.shape[0]
    for y in range(rows):
        wide[y] = np.roll(wide[y], int(12 * np.sin(y / rows * 6.28)), axis=0)
    return Image.fromarray(wide)


def backdrop(seed: int) -> Image.Image:
    """A scene a model might paint round the product: a lit wall and floor, soft shapes, grain."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, 768)[:, None, None]
    wall, floor = rng.integers(60, 230, 3), rng.integers(40, 200, 3)
    pixels = np.where(y < 0.62, wall * (0.8 + 0.3 * y), floor * (1.1 - 0.4 * y)) * np.ones((1, 768, 1))
    image = Image.fromarray(np.clip(pixels + rng.normal(0, 3, pixels.shape), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y0, r = rng.integers(0, 768), rng.integers(0, 500), rng.integers(20, 90)
        draw.ellipse((x - r, y0 - r, x + r, y0 + r), fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
    return image


def scene(seed: int, product: Image.Image | None) -> Image.Image:
    """The product, or what became of it, in a scene; its height the same share of the frame each time."""
    image = backdrop(seed)
    if product is not None:
        height = 430
        placed = product.resize((round(product.width * height / product.height), height))
        image.paste(placed, (300 - placed.width // 2 + 80 * seed, 120), placed)
    return image


@pytest.mark.parametrize("seed", range(5))
def test_kept_recoloured_distorted_missing_rank_in_that_order(cutout, seed):
    scores = [product_fidelity(scene(seed, product), cutout).score
              for product in (cutout, recoloured(cutout), distorted(cutout), None)]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == 4
    kept, *altered = scores
    assert kept >= 90
    assert all(score < THRESHOLD for score in altered)


def test_the_match_is_where_the_product_was_placed(cutout):
    image = Image.new("RGB", (800, 800), (40, 90, 60))
    small = cutout.resize((cutout.width // 2, cutout.height // 2))
    image.paste(small, (500, 300), small)
    found = product_fidelity(image, cutout)
    x0, y0, _, y1 = found.box
    assert found.score >= 90
    assert abs(x0 * 800 - 500) < 20 and abs(y0 * 800 - 300) < 20
    assert abs((y1 - y0) * 800 - small.height) < 25


def test_image_facts_carry_fidelity_only_with_a_product(cutout):
    buffer = io.BytesIO()
    render(ImageJob(model="local", prompt="", style="lifestyle", subject="cold brew",
                    references=(Reference(b"", "image/png", "product", png_bytes(cutout)),))).save(buffer, "PNG")
    with_product = image_facts(buffer.getvalue(), colours=[], for_model=False, products=[png_bytes(cutout)])
    without = image_facts(buffer.getvalue(), colours=[], for_model=False)
    assert with_product.fidelity is not None and with_product.fidelity.kept
    assert without.fidelity is None
