import random

import pytest

from creative.scoring.diversity import Item, shortlist, similarity
from creative.scoring.similarity import MIRROR_MASK, distance

STYLES = ("product_photography", "lifestyle", "3d_render", "flat_illustration", "minimalist")
MODELS = ("imagen-4", "gpt-image-1", "flux-pro")


def distinct_hashes(count: int, *, seed: int = 1) -> list[int]:
    """Random 64-bit hashes, every pair more than 20 bits apart, as unrelated pictures are."""
    rng = random.Random(seed)
    hashes: list[int] = []
    while len(hashes) < count:
        candidate = rng.getrandbits(64)
        if all(distance(candidate, other) > 20 for other in hashes):
            hashes.append(candidate)
    return hashes


def fifteen_items(*, scores: list[float]) -> list[Item]:
    """Five styles by three models; the item for style s and model m gets scores[3 * s + m]."""
    hashes = distinct_hashes(15)
    return [
        Item(id=index + 1, score=scores[index], style=STYLES[index // 3], model=MODELS[index % 3],
             phash=hashes[index])
        for index in range(15)
    ]


def by_id(items: list[Item]) -> dict[int, Item]:
    return {item.id: item for item in items}


def test_close_scores_give_three_different_styles():
    # The best style holds the three best scores, but only by a few points.
    items = fifteen_items(scores=[86, 85, 84] + [82 - index * 0.5 for index in range(12)])

    chosen = shortlist(items)

    assert len(chosen) == 3
    assert chosen[0] == 1
    assert len({by_id(items)[item_id].style for item_id in chosen}) == 3


def test_the_clearly_best_item_is_taken_first():
    scores = [70.0] * 15
    scores[10] = 97.0
    items = fifteen_items(scores=scores)

    assert shortlist(items)[0] == 11


def test_a_clearly_better_item_beats_variety():
    # The second item of the first style is 25 points ahead of everything else.
    items = fifteen_items(scores=[95, 94, 60] + [65] * 12)

    assert shortlist(items)[:2] == [1, 2]


def test_near_duplicates_are_not_both_chosen():
    hashes = distinct_hashes(5)
    items = [
        Item(id=1, score=90, style="lifestyle", model="flux-pro", phash=hashes[0]),
        Item(id=2, score=89, style="3d_render", model="imagen-4", phash=hashes[0] ^ 0b111),
        Item(id=3, score=60, style="lifestyle", model="flux-pro", phash=hashes[1]),
        Item(id=4, score=55, style="lifestyle", model="flux-pro", phash=hashes[2]),
        Item(id=5, score=50, style="lifestyle", model="flux-pro", phash=hashes[3]),
    ]

    chosen = shortlist(items, share=0.4)

    assert chosen == [1, 3]


def test_one_picture_never_takes_two_places_even_when_nothing_else_remains():
    items = [Item(id=item_id, score=80 - item_id, style="lifestyle", model="flux-pro", phash=item_id)
             for item_id in range(1, 4)]

    assert shortlist(items, share=1.0) == [1]


def test_a_mirrored_copy_is_not_chosen_beside_its_source():
    hashes = distinct_hashes(3)
    items = [
        Item(id=1, score=90, style="lifestyle", model="flux-pro", phash=hashes[0]),
        Item(id=2, score=89, style="3d_render", model="imagen-4", phash=hashes[0] ^ MIRROR_MASK),
        Item(id=3, score=60, style="lifestyle", model="flux-pro", phash=hashes[1]),
    ]

    assert shortlist(items, share=0.67) == [1, 3]


def test_a_cropped_copy_is_not_chosen_beside_its_source():
    hashes = distinct_hashes(4)
    # The copy's own hash is far from the source's, but within a few bits of one of the source's crops.
    items = [
        Item(id=1, score=90, style="lifestyle", model="flux-pro", phash=hashes[0], crops=(hashes[1],)),
        Item(id=2, score=89, style="3d_render", model="imagen-4", phash=hashes[1] ^ 0b11),
        Item(id=3, score=60, style="lifestyle", model="flux-pro", phash=hashes[2]),
    ]

    assert shortlist(items, share=0.67) == [1, 3]


def test_shortlist_length_is_the_rounded_up_share():
    items = fifteen_items(scores=[50.0] * 15)

    assert len(shortlist(items)) == 3
    assert len(shortlist(items[:11])) == 3
    assert len(shortlist(items[:1])) == 1
    assert len(shortlist(items, share=0.0)) == 1
    assert len(shortlist(items, share=2.0)) == 15


def test_no_items_give_an_empty_shortlist():
    assert shortlist([]) == []


def test_equal_items_are_chosen_by_lowest_id():
    hashes = distinct_hashes(3)
    items = [
        Item(id=item_id, score=70, style="minimalist", model="flux-pro", phash=phash)
        for item_id, phash in zip((8, 3, 5), hashes)
    ]

    assert shortlist(items, share=1.0) == [3, 5, 8]


def test_shortlist_does_not_depend_on_input_order():
    items = fifteen_items(scores=[80 - (index * 7) % 11 for index in range(15)])

    assert shortlist(items) == shortlist(list(reversed(items)))


def test_quality_weight_of_one_is_the_plain_top_share():
    items = fifteen_items(scores=[90, 89, 88] + [70] * 12)

    assert shortlist(items, quality_weight=1.0) == [1, 2, 3]


def test_similarity_is_one_for_the_same_picture_and_zero_for_nothing_shared():
    same = Item(id=1, score=50, style="lifestyle", model="flux-pro", phash=123)
    opposite = Item(id=2, score=50, style="3d_render", model="imagen-4", phash=~123 & (2**64 - 1))

    assert similarity(same, same) == pytest.approx(1.0)
    assert similarity(same, opposite) == pytest.approx(0.0)
