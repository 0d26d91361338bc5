"""What a workspace learns from its reviewers: the fitted model of approval, its switch, and the rates
the dashboard and the brief form show (scoring/learned.py does the learning itself).

Only the workspace's own decisions are read and only its own row is written, so nothing learned in
one workspace ranks another's images. Refitting is cheap (milliseconds) and happens when a brief
enters review, only when decisions were added since the last fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone
from scipy.stats import beta

from creative.models import Generation, WorkspaceJudgment
from creative.scoring import learned

# Decisions that are labels; a comment is not one. The values of reviews.models.Decision.
_APPROVE, _REJECT = "approve", "reject"
# The share of the posterior the dashboard's interval holds.
INTERVAL = 0.9
# Decisions on a model or style before the brief form suggests it: with fewer, two approvals against two
# rejections already clear the interval test, and a team would be steered by a coin toss.
MIN_SUGGESTED = 10


def judgment_for(*, workspace_id: int) -> WorkspaceJudgment:
    judgment, _ = WorkspaceJudgment.objects.get_or_create(workspace_id=workspace_id)
    return judgment


def learned_model(*, workspace_id: int) -> learned.Model | None:
    """The model to rank a workspace's next shortlist with; None when switched off or not yet fitted."""
    row = WorkspaceJudgment.objects.filter(workspace_id=workspace_id).values("enabled", "model").first()
    if row is None or not row["enabled"]:
        return None
    return learned.Model.from_json(row["model"])


def learning_switch(*, workspace_id: int, enabled: bool) -> None:
    judgment = judgment_for(workspace_id=workspace_id)
    judgment.enabled = enabled
    judgment.save(update_fields=["enabled"])


def features_for(generation: Generation) -> dict[str, float]:
    """The learned model's features of a scored generation (prompt and image_model loaded)."""
    palette = (generation.checks or {}).get("palette") or {}
    return learned.features_of(breakdown=generation.score_breakdown or {}, style=generation.prompt.style,
                               model=generation.image_model.name, palette_ok=palette.get("ok"))


def judgment_refit(*, workspace_id: int) -> WorkspaceJudgment:
    """Fit the workspace's model on all its decisions, and measure plain against learned on a time split;
    does nothing when no decision was added since the last fit."""
    judgment = judgment_for(workspace_id=workspace_id)
    rows, approved, plain = _decisions(workspace_id)
    if len(rows) == judgment.decisions and judgment.fitted_at is not None:
        return judgment
    model = learned.model_fit(rows=rows, approved=approved)
    aucs = learned.time_split_auc(rows=rows, approved=approved, plain=plain) if model else None
    judgment.model = model.as_json() if model else {}
    judgment.decisions = len(rows)
    judgment.auc_plain, judgment.auc_learned = aucs if aucs else (None, None)
    judgment.fitted_at = timezone.now()
    judgment.save(update_fields=["model", "decisions", "auc_plain", "auc_learned", "fitted_at"])
    return judgment


def _decisions(workspace_id: int) -> tuple[list[dict[str, float]], list[bool], list[float]]:
    """Every approve and reject in the workspace, oldest first: features, approved?, the plain score."""
    values = (
        Generation.objects.filter(prompt__brief__workspace_id=workspace_id, reviews__decision__in=[_APPROVE, _REJECT])
        .order_by("reviews__created", "reviews__id")
        .values_list("reviews__decision", "score", "score_breakdown", "checks", "prompt__style", "image_model__name")
    )
    rows, approved, plain = [], [], []
    for decision, score, breakdown, checks, style, model in values:
        palette = (checks or {}).get("palette") or {}
        rows.append(learned.features_of(breakdown=breakdown or {}, style=style, model=model,
                                        palette_ok=palette.get("ok")))
        approved.append(decision == _APPROVE)
        plain.append(score or 0.0)
    return rows, approved, plain


def approval_rates(*, workspace_id: int) -> dict[str, list[dict]]:
    """Approval rate by model and by style with its uncertainty: the mean and INTERVAL interval of the
    Beta posterior from a uniform prior, best first."""
    counts: dict[str, dict[str, list[int]]] = {"model": defaultdict(lambda: [0, 0]), "style": defaultdict(lambda: [0, 0])}
    values = Generation.objects.filter(
        prompt__brief__workspace_id=workspace_id, reviews__decision__in=[_APPROVE, _REJECT]
    ).values_list("reviews__decision", "prompt__style", "image_model__name")
    for decision, style, model in values:
        for kind, key in (("model", model), ("style", style)):
            counts[kind][key][0 if decision == _APPROVE else 1] += 1
    return {kind: _posterior_rows(by_key.items()) for kind, by_key in counts.items()}


def _posterior_rows(items: Iterable[tuple[str, list[int]]]) -> list[dict]:
    rows = []
    tail = (1 - INTERVAL) / 2
    for key, (approved, rejected) in items:
        a, b = approved + 1, rejected + 1
        low, high = beta.ppf([tail, 1 - tail], a, b)
        rows.append({"key": key, "approved": approved, "rejected": rejected, "mean": round(100 * a / (a + b)),
                     "low": round(100 * float(low)), "high": round(100 * float(high))})
    return sorted(rows, key=lambda row: (-row["mean"], row["key"]))


def winners(*, workspace_id: int, count: int = 2) -> dict[str, list[str]]:
    """The models and styles whose approval is most likely above the workspace's middle: the best
    posterior means among those with a lower bound above the worst's mean and at least MIN_SUGGESTED
    decisions, for the brief form."""
    return {kind: [row["key"] for row in rows] for kind, rows in _winning_rows(workspace_id, count).items()}


def suggestions_for(*, workspace_id: int, count: int = 2) -> dict[str, list[dict]]:
    """The winners' rows (key, mean and interval) the brief form suggests; none while the workspace has
    learning switched off, so a team that turned it off is not steered by its past decisions either."""
    enabled = WorkspaceJudgment.objects.filter(workspace_id=workspace_id).values_list("enabled", flat=True).first()
    if enabled is False:
        return {"model": [], "style": []}
    return _winning_rows(workspace_id, count)


def _winning_rows(workspace_id: int, count: int) -> dict[str, list[dict]]:
    rates = approval_rates(workspace_id=workspace_id)
    chosen: dict[str, list[dict]] = {}
    for kind, rows in rates.items():
        if len(rows) < 2:
            chosen[kind] = []
            continue
        floor = rows[-1]["mean"]
        chosen[kind] = [row for row in rows
                        if row["low"] > floor and row["approved"] + row["rejected"] >= MIN_SUGGESTED][:count]
    return chosen
