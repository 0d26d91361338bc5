"""What the gallery shows: cards and panels rendered from the database, for pages and websocket pushes alike."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from creative.models import Brief, BriefStatus, Export, Generation
from creative.pipeline import brief_progress
from reviews.decisions import approval_state, latest_decisions
from reviews.models import Review

STEPS = (
    (BriefStatus.ANALYSING, "Analysis"),
    (BriefStatus.GENERATING, "Generation"),
    (BriefStatus.SCORING, "Scoring"),
    (BriefStatus.REVIEWING, "Review"),
    (BriefStatus.EXPORTED, "Export"),
)


def generations_for(brief: Brief):
    return (
        Generation.objects.filter(prompt__brief=brief)
        .select_related("prompt", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .order_by("-candidate", "-score", "id")
    )


def card_context(generation: Generation, *, brief: Brief, user=None, can_review: bool = False) -> dict:
    decisions = latest_decisions(generation)
    return {
        "generation": generation,
        "brief": brief,
        "approval": approval_state(generation, brief.workspace.approvals_needed),
        "approvals": sum(1 for d in decisions.values() if d == "approve"),
        "my_decision": decisions.get(getattr(user, "id", None), ""),
        "reviews": [r for r in generation.reviews.all()],
        "can_review": can_review,
    }


def page_context(brief: Brief, *, user, can_review: bool) -> dict:
    cards = [card_context(g, brief=brief, user=user, can_review=can_review) for g in generations_for(brief)]
    return {
        "brief": brief,
        "cards": cards,
        "progress": brief_progress(brief=brief),
        "steps": _steps(brief),
        "exports": Export.objects.filter(brief=brief).order_by("-created")[:10],
        "approved_count": sum(1 for c in cards if c["approval"] == "approved"),
        "can_review": can_review,
    }


def _steps(brief: Brief) -> list[dict]:
    order = [s for s, _ in STEPS]
    current = order.index(brief.status) if brief.status in order else -1
    return [{"label": label, "state": "done" if i < current else ("current" if i == current else "todo")}
            for i, (_, label) in enumerate(STEPS)]


def render_card(generation_id: int, *, user, can_review: bool) -> str:
    generation = (
        Generation.objects.select_related("prompt__brief__workspace", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .get(id=generation_id)
    )
    context = card_context(generation, brief=generation.prompt.brief, user=user, can_review=can_review)
    return render_to_string("reviews/_generation_card.html", {**context, "oob": True})


def render_panels(brief_id: int, *, user, can_review: bool) -> str:
    brief = Brief.objects.select_related("workspace").get(id=brief_id)
    context = page_context(brief, user=user, can_review=can_review)
    return render_to_string("reviews/_live_panels.html", {**context, "oob": True})


def render_exports(brief_id: int) -> str:
    brief = Brief.objects.get(id=brief_id)
    exports = Export.objects.filter(brief=brief).order_by("-created")[:10]
    return render_to_string("reviews/_exports.html", {"brief": brief, "exports": exports, "oob": True})
