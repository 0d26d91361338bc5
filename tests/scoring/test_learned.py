"""The learned model sees what the team punishes however little the criterion moves between images."""

import random

from creative.scoring import learned


def decisions(count: int = 100, *, seed: int = 2):
    """A team that rejects the duller of two kinds of image: colourfulness 40 against 48, nothing else."""
    rng = random.Random(seed)
    rows, approved = [], []
    for _ in range(count):
        dull = rng.random() < 0.5
        breakdown = {"colourfulness": (40 if dull else 48) + rng.uniform(-1, 1), "sharpness": rng.uniform(50, 90)}
        rows.append(learned.features_of(breakdown=breakdown, style=rng.choice(["a", "b"]), model="m",
                                        palette_ok=None))
        approved.append(not dull if rng.random() < 0.9 else dull)
    return rows, approved


def test_a_criterion_that_moves_little_between_images_is_learned_as_clearly_as_a_style():
    rows, approved = decisions()
    model = learned.model_fit(rows=rows, approved=approved)
    bright = learned.features_of(breakdown={"colourfulness": 48, "sharpness": 70}, style="a", model="m", palette_ok=None)
    dull = learned.features_of(breakdown={"colourfulness": 40, "sharpness": 70}, style="a", model="m", palette_ok=None)

    assert model.probability(bright) - model.probability(dull) > 0.5


def test_the_model_carries_the_heuristic_total_as_a_feature():
    features = learned.features_of(breakdown={name: 80 for name in learned.CRITERIA}, style="a", model="m",
                                   palette_ok=None)

    assert abs(features["score"] - 0.8) < 1e-9
