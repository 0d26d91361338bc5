from creative.scoring.selection import select_top


def test_top_fifth_of_fifteen_is_three():
    scores = {item_id: float(item_id) for item_id in range(1, 16)}

    assert select_top(scores) == [15, 14, 13]


def test_top_fifth_rounds_up():
    scores = {item_id: float(item_id) for item_id in range(1, 12)}

    assert len(select_top(scores)) == 3


def test_a_single_scored_item_is_selected():
    assert select_top({7: 12.5}) == [7]


def test_no_scores_select_nothing():
    assert select_top({}) == []


def test_equal_scores_go_to_the_lower_id():
    scores = {30: 80.0, 10: 80.0, 20: 80.0, 40: 10.0, 50: 10.0}

    assert select_top(scores) == [10]
    assert select_top(scores, share=0.6) == [10, 20, 30]


def test_best_score_comes_first_whatever_the_id_order():
    scores = {1: 40.0, 2: 95.5, 3: 60.0, 4: 95.0, 5: 10.0}

    assert select_top(scores, share=0.4) == [2, 4]


def test_share_of_one_selects_everything_in_score_order():
    scores = {1: 3.0, 2: 1.0, 3: 2.0}

    assert select_top(scores, share=1.0) == [1, 3, 2]
