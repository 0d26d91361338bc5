import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from creative.scoring.similarity import (
    DUPLICATE_THRESHOLD,
    distance,
    group_duplicates,
    hamming,
    phash,
    phash_hex,
    phashes,
    signature_distance,
)


def scene(*, seed: int, size: int = 1024) -> Image.Image:
    """Coloured discs on a gradient: a different picture for every seed."""
    rng = random.Random(seed)
    shade = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (shade, shade.rotate(90), Image.new("L", (size, size), 140)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(size // 20, size // 4)
        draw.ellipse((x, y, x + extent, y + extent), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def recompressed(image: Image.Image, *, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_resized_and_recompressed_copy_is_within_six_bits():
    for seed in range(5):
        original = scene(seed=seed)
        copy = recompressed(original.resize((900, 900), Image.Resampling.LANCZOS), quality=70)

        assert hamming(phash(original), phash(copy)) <= 6


def test_slightly_blurred_or_stretched_copy_is_within_six_bits():
    original = scene(seed=11)

    assert hamming(phash(original), phash(original.filter(ImageFilter.GaussianBlur(2)))) <= 6
    assert hamming(phash(original), phash(original.resize((1024, 900)))) <= 6


def test_different_images_are_more_than_twenty_bits_apart():
    hashes = [phash(scene(seed=seed)) for seed in range(6)]

    for index, first in enumerate(hashes):
        for second in hashes[index + 1 :]:
            assert hamming(first, second) > 20


def test_hash_is_64_bits_and_the_same_for_the_same_pixels():
    image = scene(seed=3)

    assert phash(image) == phash(image.copy())
    assert 0 <= phash(image) < 2**64


def test_palette_greyscale_and_tiny_images_are_hashed():
    image = scene(seed=4, size=512)

    assert hamming(phash(image), phash(image.convert("P"))) <= 6
    assert hamming(phash(image), phash(image.convert("L"))) <= 6
    assert phash(image.resize((20, 20))) >= 0


def test_transparent_image_hashes_like_white():
    assert phash(Image.new("RGBA", (300, 300), (0, 0, 0, 0))) == phash(Image.new("RGB", (300, 300), "white"))


def test_phash_hex_is_sixteen_hex_digits_of_the_hash():
    image = scene(seed=5)

    text = phash_hex(image)

    assert len(text) == 16
    assert int(text, 16) == phash(image)


def test_hamming_counts_differing_bits():
    assert hamming(0, 0) == 0
    assert hamming(0b1011, 0b0001) == 2
    assert hamming(0, 2**64 - 1) == 64


def test_group_representative_is_the_best_scoring_member():
    hashes = {1: 0b0, 2: 0b1, 3: 0b11, 4: 2**64 - 1}
    scores = {1: 50.0, 2: 90.0, 3: 70.0, 4: 10.0}

    groups = group_duplicates(hashes, scores=scores)

    assert groups == {1: 2, 2: 2, 3: 2, 4: 4}


def test_groups_are_single_link_chains():
    # 1 and 3 are 12 bits apart, but each is within 6 of 2.
    hashes = {1: 0, 2: 0b111111, 3: 0b111111111111}
    scores = {1: 10.0, 2: 20.0, 3: 30.0}

    assert group_duplicates(hashes, scores=scores) == {1: 3, 2: 3, 3: 3}


def test_equal_scores_make_the_lowest_id_the_representative():
    hashes = {9: 0, 4: 1, 7: 3}
    scores = {9: 80.0, 4: 80.0, 7: 80.0}

    assert group_duplicates(hashes, scores=scores) == {4: 4, 7: 4, 9: 4}


def test_threshold_decides_what_counts_as_a_duplicate():
    hashes = {1: 0, 2: 0b1111}
    scores = {1: 1.0, 2: 2.0}

    assert group_duplicates(hashes, scores=scores, threshold=4) == {1: 2, 2: 2}
    assert group_duplicates(hashes, scores=scores, threshold=3) == {1: 1, 2: 2}


def test_unscored_ids_never_represent_a_scored_group():
    assert group_duplicates({1: 0, 2: 0}, scores={2: 5.0}) == {1: 2, 2: 2}


def test_grouping_real_images_keeps_a_copy_with_its_original():
    original, other = scene(seed=21), scene(seed=22)
    copy = recompressed(original.resize((800, 800)), quality=60)
    hashes = {1: phash(original), 2: phash(copy), 3: phash(other)}

    groups = group_duplicates(hashes, scores={1: 60.0, 2: 75.0, 3: 50.0})

    assert groups == {1: 2, 2: 2, 3: 3}


def test_no_hashes_give_no_groups():
    assert group_duplicates({}, scores={}) == {}


def test_a_mirrored_copy_is_near_its_source():
    original = scene(seed=31)
    mirrored = ImageOps.mirror(original)

    assert hamming(phash(original), phash(mirrored)) > 20  # bit for bit, a different picture
    assert distance(phash(original), phash(mirrored)) <= 2


def cropped(image: Image.Image, *, share: float, corner: tuple[float, float]) -> Image.Image:
    width, height = image.size
    kept_width, kept_height = round(width * (1 - share)), round(height * (1 - share))
    left, top = round((width - kept_width) * corner[0]), round((height - kept_height) * corner[1])
    return image.crop((left, top, left + kept_width, top + kept_height))


def test_copies_cropped_by_up_to_ten_percent_group_with_their_source():
    for seed in range(4):
        original = scene(seed=40 + seed)
        for share, corner in ((0.05, (0.3, 0.8)), (0.1, (1.0, 0.0)), (0.1, (0.2, 0.6)), (0.08, (0.5, 0.5))):
            copy = cropped(original, share=share, corner=corner)

            assert signature_distance(phashes(original), phashes(copy)) <= DUPLICATE_THRESHOLD, (seed, share)


def test_mirrored_and_cropped_copies_are_grouped_and_different_pictures_are_not():
    originals = [scene(seed=50 + index) for index in range(4)]
    images = [*originals, ImageOps.mirror(originals[0]), cropped(originals[1], share=0.1, corner=(0, 1)),
              ImageOps.mirror(cropped(originals[2], share=0.05, corner=(1, 1)))]
    signatures = {index + 1: phashes(image) for index, image in enumerate(images)}

    groups = group_duplicates(signatures, scores={index: 50.0 for index in signatures})

    assert groups == {1: 1, 2: 2, 3: 3, 4: 4, 5: 1, 6: 2, 7: 3}


def test_phashes_starts_with_the_image_hash():
    image = scene(seed=60)

    signature = phashes(image)

    assert signature[0] == phash(image) and len(signature) == 19


def test_plain_hashes_and_signatures_group_alike():
    original = scene(seed=61)
    hashes = {1: phash(original), 2: phashes(ImageOps.mirror(original)), 3: phash(scene(seed=62))}

    assert group_duplicates(hashes, scores={1: 1.0, 2: 2.0, 3: 3.0}) == {1: 2, 2: 2, 3: 3}
