"""What the gallery shows: cards and panels rendered from the database, for pages and websocket pushes alike.

Filters and sorting come from the query string, so a gallery URL can be shared; the websocket carries
the same query string, so live re-renders keep the viewer's filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import QueryDict
from django.template.loader import render_to_string

from creative.judgment import brief_judgment
from creative.models import Brief, BriefStatus, Export, Generation, GenerationStatus
from creative.pipeline import brief_progress
from reviews.decisions import Approval, Rules, approval_of, rules_for
from reviews.models import Decision, Guest, Review

STEPS = (
    (BriefStatus.ANALYSING, "Analysis"),
    (BriefStatus.GENERATING, "Generation"),
    (BriefStatus.SCORING, "Scoring"),
    (BriefStatus.REVIEWING, "Review"),
    (BriefStatus.EXPORTED, "Export"),
)
SHOW = ("all", "candidates", "approved", "rejected", "failed")
# A client's guests see the shortlist and what was approved, nothing the team set aside (guest_sees).
GUEST_SHOW = ("all", "candidates", "approved")
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
        "candidate_share": candidate_share_percent(),
        "template": "reviews/_generation_card.html",
    }


def candidate_share_percent() -> str:
    """The shortlist's share as the ribbon shows it: 0.2 -> "20", 0.125 -> "12.5"."""
    return f"{settings.CREATIVE_CANDIDATE_SHARE * 100:.1f}".removesuffix(".0")


def guest_sees(generation: Generation, approval: Approval) -> bool:
    """A client sees shortlisted and approved images, and never one that someone on the team rejected."""
    if generation.status != GenerationStatus.SCORED:
        return False
    team_rejected = any(r.reviewer_id and r.decision == Decision.REJECT for r in approval.latest)
    return (generation.candidate or approval.state == "approved") and not team_rejected


def guest_card_context(generation: Generation, *, brief: Brief, rules: Rules, guest: Guest) -> dict:
    """What a client's guest sees of one image: the picture, their own decision, their own and shared comments.

    Scores, costs, models' providers, prompts, checks and the team's decisions and comments stay inside.
    """
    approval = approval_of(generation, rules)
    own = next((r for r in approval.latest if r.guest_id == guest.id), None)
    return {
        "generation": generation,
        "brief": brief,
        "visible": guest_sees(generation, approval),
        "approved": approval.state == "approved",
        "own_decision": own,
        "reviews": [r for r in generation.reviews.all() if r.guest_id == guest.id or r.shared],
        "guest": guest,
        "guest_token": guest.invite.token,
        "template": "reviews/_guest_card.html",
    }


def _guest_cards(brief: Brief, *, view: GalleryFilter, guest: Guest, page: int) -> tuple[list[dict], bool]:
    rules = rules_for(brief.workspace)
    generations = generations_for(brief, view).filter(status=GenerationStatus.SCORED)
    cards = [c for c in (guest_card_context(g, brief=brief, rules=rules, guest=guest) for g in generations)
             if c["visible"] and (view.show != "approved" or c["approved"])]
    start = (page - 1) * PAGE_SIZE
    window = cards[start:start + PAGE_SIZE + 1]
    return window[:PAGE_SIZE], len(window) > PAGE_SIZE


def cards_for(brief: Brief, *, view: GalleryFilter, can_review: bool, guest_token: str = "", page: int = 1,
              guest: Guest | None = None) -> tuple[list[dict], bool]:
    """One page of cards for this view (a guest's own view when `guest`), and whether more pages follow."""
    if guest is not None:
        return _guest_cards(brief, view=view, guest=guest, page=page)
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
                 page: int = 1, guest: Guest | None = None) -> dict:
    if guest is not None:
        return _guest_page_context(brief, view=view, guest=guest, page=page)
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


def _guest_page_context(brief: Brief, *, view: GalleryFilter, guest: Guest, page: int) -> dict:
    """The client's page: no progress, costs, judgment, exports or invites, and only the filters that make sense."""
    view = GalleryFilter(show=view.show if view.show in GUEST_SHOW else "all", style=view.style,
                         sort=view.sort if view.sort != "model" else "score")
    cards, more = cards_for(brief, view=view, can_review=True, page=page, guest=guest)
    facets = Generation.objects.filter(prompt__brief=brief, status=GenerationStatus.SCORED)
    return {
        "brief": brief,
        "cards": cards,
        "next_page": page + 1 if more else None,
        "view": view,
        "can_review": True,
        "guest": guest,
        "guest_token": guest.invite.token,
        "styles": sorted(set(facets.values_list("prompt__style", flat=True))),
        "show_choices": GUEST_SHOW,
        "sort_choices": ("score", "time"),  # which model made an image is the team's business
    }


def more_cards_context(brief: Brief, *, view: GalleryFilter, can_review: bool, guest_token: str = "",
                       page: int, guest: Guest | None = None) -> dict:
    cards, more = cards_for(brief, view=view, can_review=can_review, guest_token=guest_token, page=page, guest=guest)
    return {"brief": brief, "cards": cards, "next_page": page + 1 if more else None, "view": view,
            "guest_token": guest_token}


def _steps(brief: Brief) -> list[dict]:
    order: list[str] = [s for s, _ in STEPS]
    current = order.index(brief.status) if brief.status in order else -1
    return [{"label": label, "state": "done" if i < current else ("current" if i == current else "todo")}
            for i, (_, label) in enumerate(STEPS)]


def render_card(generation_id: int, *, can_review: bool, guest_token: str = "", guest: Guest | None = None) -> str:
    """A card pushed to one kind of viewer, with the progress panel it changes (the count moves with the cards)."""
    generation = (
        Generation.objects.select_related("prompt__brief__workspace", "image_model")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .get(id=generation_id)
    )
    brief = generation.prompt.brief
    rules = rules_for(brief.workspace)
    if guest is not None:
        context = guest_card_context(generation, brief=brief, rules=rules, guest=guest)
        if not context["visible"]:  # set aside by the team since: it leaves the client's page
            return f'<article id="gen-{generation.id}" hx-swap-oob="delete"></article>'
        return render_to_string(context["template"], {**context, "oob": True})
    context = card_context(generation, brief=brief, rules=rules, can_review=can_review, guest_token=guest_token)
    card = render_to_string(context["template"], {**context, "oob": True})
    progress = render_to_string("reviews/_brief_progress.html", {**progress_context(brief), "oob": True})
    return card + progress


def progress_context(brief: Brief) -> dict:
    return {"brief": brief, "progress": brief_progress(brief=brief), "steps": _steps(brief)}


def render_panels(brief_id: int, *, view: GalleryFilter, can_review: bool, guest_token: str = "",
                  guest: Guest | None = None) -> str:
    brief = Brief.objects.select_related("workspace", "author").get(id=brief_id)
    context = page_context(brief, view=view, can_review=can_review, guest_token=guest_token, guest=guest)
    return render_to_string("reviews/_live_panels.html", {**context, "oob": True})


def render_exports(brief_id: int, *, can_review: bool) -> str:
    brief = Brief.objects.get(id=brief_id)
    exports = Export.objects.filter(brief=brief).order_by("-created")[:10]
    return render_to_string("reviews/_exports.html",
                            {"brief": brief, "exports": exports, "oob": True, "can_review": can_review})
