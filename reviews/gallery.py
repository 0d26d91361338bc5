"""What the gallery shows: cards and panels rendered from the database, for pages and websocket pushes alike.

Filters and sorting come from the query string, so a gallery URL can be shared; the websocket carries
the same query string, so live re-renders keep the viewer's filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.http import QueryDict
from django.template.loader import render_to_string

from creative.judgment import brief_judgment
from creative.models import Brief, BriefStatus, Export, Generation, GenerationStatus
from creative.pipeline import brief_progress
from reviews.decisions import Rules, approval_of, rules_for
from reviews.models import Review

STEPS = (
    (BriefStatus.ANALYSING, "Analysis"),
    (BriefStatus.GENERATING, "Generation"),
    (BriefStatus.SCORING, "Scoring"),
    (BriefStatus.REVIEWING, "Review"),
    (BriefStatus.EXPORTED, "Export"),
)
SHOW = ("all", "candidates", "approved", "rejected", "failed")
# Cards per page: the grid renders this many and loads more as the reviewer scrolls, so a brief of
# hundreds of images opens as fast as one of sixty (candidates sort first, so they come first).
PAGE_SIZE = 60
# Unscored images (failed, in flight) go last on every database: PostgreSQL would put NULLs first.
_BY_SCORE = F("score").desc(nulls_last=True)
SORTS = {"score": ("-candidate", _BY_SCORE, "id"), "model": ("image_model__name", _BY_SCORE, "id"), "time": ("id",)}


@dataclass(frozen=True)
class GalleryFilter:
    """A viewer's filter and sort, parsed from the query string; unknown values fall back to defaults."""

    show: str = "all"
    model: str = ""
    style: str = ""
    sort: str = "score"

    @classmethod
    def from_query(cls, query: QueryDict | dict) -> GalleryFilter:
        show = query.get("show", "all")
        sort = query.get("sort", "score")
        return cls(show=show if show in SHOW else "all", model=query.get("model", "")[:100],
                   style=query.get("style", "")[:32], sort=sort if sort in SORTS else "score")

    @property
    def query(self) -> str:
        pairs = {"show": self.show, "model": self.model, "style": self.style, "sort": self.sort}
        defaults = GalleryFilter()
        return urlencode({k: v for k, v in pairs.items() if v and v != getattr(defaults, k)})


def generations_for(brief: Brief, view: GalleryFilter | None = None):
    view = view or GalleryFilter()
    queryset = (
        Generation.objects.filter(prompt__brief=brief)
        .select_related("prompt", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .order_by(*SORTS[view.sort])
    )
    if view.show == "candidates":
        queryset = queryset.filter(candidate=True)
    elif view.show == "failed":
        queryset = queryset.filter(status=GenerationStatus.FAILED)
    elif view.show in ("approved", "rejected"):
        queryset = queryset.filter(status=GenerationStatus.SCORED)
    if view.model:
        queryset = queryset.filter(image_model__name=view.model)
    if view.style:
        queryset = queryset.filter(prompt__style=view.style)
    return queryset


def card_context(generation: Generation, *, brief: Brief, rules: Rules, can_review: bool, guest_token: str = "") -> dict:
    approval = approval_of(generation, rules)
    return {
        "generation": generation,
        "brief": brief,
        "approval": approval,
        "reviews": list(generation.reviews.all()),
        "can_review": can_review,
        "guest_token": guest_token,
    }


def cards_for(brief: Brief, *, view: GalleryFilter, can_review: bool, guest_token: str = "", page: int = 1,
              ) -> tuple[list[dict], bool]:
    """One page of cards for this view, and whether more pages follow."""
    rules = rules_for(brief.workspace)
    generations = generations_for(brief, view)
    start = (page - 1) * PAGE_SIZE
    if view.show not in ("approved", "rejected"):  # these two filter on the approval rule, in Python
        generations = generations[start:start + PAGE_SIZE + 1]
        start = 0
    cards = [card_context(g, brief=brief, rules=rules, can_review=can_review, guest_token=guest_token)
             for g in generations]
    if view.show in ("approved", "rejected"):
        cards = [c for c in cards if c["approval"].state == view.show]
    window = cards[start:start + PAGE_SIZE + 1]
    return window[:PAGE_SIZE], len(window) > PAGE_SIZE


def page_context(brief: Brief, *, view: GalleryFilter, can_review: bool, guest_token: str = "",
                 page: int = 1) -> dict:
    cards, more = cards_for(brief, view=view, can_review=can_review, guest_token=guest_token, page=page)
    facets = Generation.objects.filter(prompt__brief=brief)
    return {
        "brief": brief,
        "cards": cards,
        "next_page": page + 1 if more else None,
        "view": view,
        "judgment": brief_judgment(brief=brief),
        "progress": brief_progress(brief=brief),
        "steps": _steps(brief),
        "exports": Export.objects.filter(brief=brief).order_by("-created")[:10],
        "can_review": can_review,
        "guest_token": guest_token,
        "models": sorted(set(facets.values_list("image_model__name", flat=True))),
        "styles": sorted(set(facets.values_list("prompt__style", flat=True))),
        "show_choices": SHOW,
        "sort_choices": tuple(SORTS),
    }


def more_cards_context(brief: Brief, *, view: GalleryFilter, can_review: bool, guest_token: str = "",
                       page: int) -> dict:
    cards, more = cards_for(brief, view=view, can_review=can_review, guest_token=guest_token, page=page)
    return {"brief": brief, "cards": cards, "next_page": page + 1 if more else None, "view": view,
            "guest_token": guest_token}


def _steps(brief: Brief) -> list[dict]:
    order = [s for s, _ in STEPS]
    current = order.index(brief.status) if brief.status in order else -1
    return [{"label": label, "state": "done" if i < current else ("current" if i == current else "todo")}
            for i, (_, label) in enumerate(STEPS)]


def render_card(generation_id: int, *, can_review: bool, guest_token: str = "") -> str:
    generation = (
        Generation.objects.select_related("prompt__brief__workspace", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .get(id=generation_id)
    )
    brief = generation.prompt.brief
    context = card_context(generation, brief=brief, rules=rules_for(brief.workspace), can_review=can_review,
                           guest_token=guest_token)
    return render_to_string("reviews/_generation_card.html", {**context, "oob": True})


def render_panels(brief_id: int, *, view: GalleryFilter, can_review: bool, guest_token: str = "") -> str:
    brief = Brief.objects.select_related("workspace", "author").get(id=brief_id)
    context = page_context(brief, view=view, can_review=can_review, guest_token=guest_token)
    return render_to_string("reviews/_live_panels.html", {**context, "oob": True})


def render_exports(brief_id: int) -> str:
    brief = Brief.objects.get(id=brief_id)
    exports = Export.objects.filter(brief=brief).order_by("-created")[:10]
    return render_to_string("reviews/_exports.html", {"brief": brief, "exports": exports, "oob": True})
