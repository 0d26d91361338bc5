"""A ranking that learns from the team: a small model of approval, fitted on a workspace's own decisions.

Every approve or reject is a label; the features are what the card shows a reviewer (the heuristic
criteria and their total, the style, the model, whether the palette matched). A logistic regression
with an elastic-net prior on standardised features (scikit-learn) is small enough to fit in
milliseconds on a few hundred decisions and to store as a handful of coefficients, so applying it is
a dot product: no library, far under a millisecond an image. Its probability of approval is blended with the heuristic score in proportion to the evidence
(n / (n + EVIDENCE_DECISIONS)), so a workspace with few decisions is ranked mostly as before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from creative.scoring.heuristic import WEIGHTS

# Below this many decisions, or with only one outcome among them, nothing is learned.
MIN_DECISIONS = 40
# The number of decisions at which the learned model and the heuristic count equally.
EVIDENCE_DECISIONS = 60
# Inverse regularisation strength, on standardised features: with tens of decisions and a dozen features,
# a strong prior towards "no effect" keeps one lucky style from taking over the ranking. Half of it is
# L1 (an elastic net): a team weighs a few things, and the criteria it does not weigh drop out instead of
# each adding a little noise to the ranking.
REGULARISATION_C = 0.3
L1_SHARE = 0.5
# The newer share of decisions that the dashboard's time split measures on.
HOLDOUT_SHARE = 0.3
# A coefficient (log-odds) at which a style or model counts as clearly favoured: about x1.8 the odds.
FAVOURED = 0.6
CRITERIA = tuple(WEIGHTS)


@dataclass(frozen=True)
class Model:
    """A fitted model of approval: a coefficient per feature name, and the decisions it saw."""

    coefficients: dict[str, float]
    intercept: float
    decisions: int

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.intercept + sum(self.coefficients.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict[str, Any]:
        return {"coefficients": self.coefficients, "intercept": self.intercept, "decisions": self.decisions}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model | None:
        if not data or "coefficients" not in data:
            return None
        return cls(coefficients=dict(data["coefficients"]), intercept=float(data["intercept"]),
                   decisions=int(data["decisions"]))


def features_of(*, breakdown: Mapping[str, float], style: str, model: str, palette_ok: bool | None) -> dict[str, float]:
    """The features of one image: criteria and their weighted total on 0..1 (a missing criterion at the
    middle), one-hot style and model."""
    features = {f"criterion:{name}": float(breakdown.get(name, 50.0)) / 100 for name in CRITERIA}
    # The heuristic total itself: the team's decisions follow it in part, and one feature carries that
    # with one coefficient where nine correlated criteria would each pay the prior's price.
    features["score"] = sum(WEIGHTS[name] * features[f"criterion:{name}"] for name in CRITERIA)
    features[f"style:{style}"] = 1.0
    features[f"model:{model}"] = 1.0
    features["palette:ok"] = 0.5 if palette_ok is None else float(palette_ok)
    return features


def model_fit(*, rows: Sequence[Mapping[str, float]], approved: Sequence[bool]) -> Model | None:
    """Fit on decisions (features, approved?); None below MIN_DECISIONS or without both outcomes."""
    if len(rows) < MIN_DECISIONS or len(set(approved)) < 2:
        return None
    names = sorted({name for row in rows for name in row})
    matrix = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    # Fitted on standardised features, so the prior holds every feature to the same standard: a criterion
    # that moves by 0.1 between images counts as much as a style that is on or off. A feature that never
    # varies keeps a spread of 1 (its coefficient stays 0 either way).
    centre = matrix.mean(axis=0)
    spread = matrix.std(axis=0)
    spread[spread < 1e-9] = 1.0
    fitted = LogisticRegression(C=REGULARISATION_C, l1_ratio=L1_SHARE, solver="saga", max_iter=5000).fit(
        (matrix - centre) / spread, np.array(approved))
    # Folded back onto the raw features, so applying the model stays one dot product.
    coefficients = fitted.coef_[0] / spread
    intercept = float(fitted.intercept_[0]) - float(coefficients @ centre)
    return Model(coefficients={name: round(float(c), 4) for name, c in zip(names, coefficients)},
                 intercept=round(intercept, 4), decisions=len(rows))


def blended_score(*, plain: float, model: Model | None, features: Mapping[str, float]) -> float:
    """The heuristic score (0-100) moved towards the learned chance of approval as evidence grows."""
    if model is None:
        return plain
    weight = model.decisions / (model.decisions + EVIDENCE_DECISIONS)
    return (1 - weight) * plain + weight * 100 * model.probability(features)


def time_split_auc(*, rows: Sequence[Mapping[str, float]], approved: Sequence[bool],
                   plain: Sequence[float]) -> tuple[float, float] | None:
    """ROC AUC of the plain and the learned score on the newest HOLDOUT_SHARE of decisions (rows in time
    order), the model fitted on the older ones; None when either part lacks an outcome. With too few
    older decisions to learn from, the learned score is the plain one."""
    split = len(rows) - max(1, round(len(rows) * HOLDOUT_SHARE))
    newer = list(approved[split:])
    if split < 1 or len(set(newer)) < 2:
        return None
    model = model_fit(rows=rows[:split], approved=approved[:split])
    learned = [blended_score(plain=p, model=model, features=f) for p, f in zip(plain[split:], rows[split:])]
    return float(roc_auc_score(newer, plain[split:])), float(roc_auc_score(newer, learned))


def weighed_most(model: Model, *, count: int = 3) -> list[tuple[str, float]]:
    """The criteria with the largest coefficients, either sign: what the team's decisions follow."""
    criteria = [(name.split(":", 1)[1], c) for name, c in model.coefficients.items() if name.startswith("criterion:")]
    return sorted(criteria, key=lambda pair: -abs(pair[1]))[:count]


def learned_reason(model: Model | None, features: Mapping[str, float]) -> str | None:
    """Why the team's decisions favour this image ("kind your team approves (learned: 3d render images)",
    read after "Picked as the"), when its style or model has a clearly positive coefficient (FAVOURED)."""
    if model is None:
        return None
    own = [(model.coefficients.get(name, 0.0), name) for name in features if name.startswith(("style:", "model:"))]
    if not own:
        return None
    weight, name = max(own)
    if weight < FAVOURED:
        return None
    kind, value = name.split(":", 1)
    words = f"{value.replace('_', ' ')} images" if kind == "style" else f"images from {value}"
    return f"kind your team approves (learned: {words})"
