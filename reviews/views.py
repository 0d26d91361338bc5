"""The gallery, the large view, compare, and review decisions (single and bulk)."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.access import member_login_required
from creative.htmx import HtmxHttpRequest, redirect_back
from creative.models import Generation
from reviews import gallery
from reviews.decisions import Actor, review_record, rules_for
from reviews.forms import BulkReviewForm, CompareForm, PageForm, ReviewForm
from reviews.models import PAST_TENSE, Guest


@require_GET
@vary_on_headers("HX-Request")
@member_login_required
def gallery_page(request: HtmxHttpRequest, brief_id: int) -> HttpResponse:
    """The gallery; a scroll's htmx request for ?page=N gets that page's cards alone."""
    brief = access.brief_for_member(request, brief_id)
    view = gallery.GalleryFilter.from_query(request.GET)
    allowed = access.can_review(request.user, brief)
    page = page_number(request)
    if request.htmx and page:
        context = gallery.more_cards_context(brief, view=view, can_review=allowed, page=page)
        return render(request, "reviews/_cards_page.html", context)
    context = gallery.page_context(brief, view=view, can_review=allowed, page=page or 1)
    return render(request, "reviews/gallery.html", context)


def page_number(request: HttpRequest) -> int | None:
    """The page of cards a scroll asks for (?page=2 and on); None for the whole gallery page."""
    form = PageForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.error_text())
    page = form.cleaned_data["page"]
    return page if page and page > 1 else None


def record_and_render(request: HtmxHttpRequest, generation: Generation, actor: Actor, *, can_act: bool,
                      guest_token: str = "", guest: Guest | None = None, back: str) -> HttpResponse:
    """Shared by members and guests: record one decision; answer htmx with the card, a plain form with `back`.

    A refused decision (an empty comment, a stage still waiting) answers 422 with the same card and the
    reason inside it, so the image never leaves the page.
    """
    form = ReviewForm(request.POST)
    if not form.is_valid():
        if "decision" in form.errors:
            return render(request, "_error.html", {"message": "decision must be approve, reject or comment"},
                          status=400)
        return _card(request, generation, can_act=can_act, guest_token=guest_token, guest=guest,
                     error=form.error_text(), status=422)
    decision = form.cleaned_data["decision"]
    brief = generation.prompt.brief
    rules = rules_for(brief.workspace)
    try:
        review_record(generation=generation, actor=actor, decision=decision, comment=form.cleaned_data["comment"],
                      shared=form.cleaned_data["shared"], rules=rules)
    except ValueError as exc:
        return _card(request, generation, can_act=can_act, guest_token=guest_token, guest=guest, error=str(exc),
                     status=422)
    if not request.htmx:
        return redirect_back(request, back)
    return _card(request, generation, can_act=can_act, guest_token=guest_token, guest=guest, posted=True)


def _card(request: HtmxHttpRequest, generation: Generation, *, can_act: bool, guest_token: str, guest: Guest | None,
          error: str = "", status: int = 200, posted: bool = False) -> HttpResponse:
    if not request.htmx and error:
        return render(request, "_error.html", {"message": error}, status=status)
    brief = generation.prompt.brief
    rules = rules_for(brief.workspace)
    fresh = gallery.generations_for(brief).get(id=generation.id)
    if guest is not None:
        context = gallery.guest_card_context(fresh, brief=brief, rules=rules, guest=guest)
    else:
        context = gallery.card_context(fresh, brief=brief, rules=rules, can_review=can_act, guest_token=guest_token)
    return render(request, context["template"], {**context, "error": error, "posted": posted}, status=status)


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def review(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    generation = access.generation_for_reviewer(request, generation_id)
    brief_id = generation.prompt.brief_id
    return record_and_render(request, generation, Actor(user=request.user), can_act=True,
                             back=reverse("reviews:gallery", args=[brief_id]))


@require_POST
@vary_on_headers("HX-Request")
@member_login_required
def bulk_review(request: HtmxHttpRequest, brief_id: int) -> HttpResponse:
    """Approve or reject a selection; answers htmx with every changed card as an out-of-band swap."""
    brief = access.brief_for_reviewer(request, brief_id)
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        return render(request, "_error.html", {"message": "; ".join(str(m) for ms in form.errors.values() for m in ms)},
                      status=400)
    decision, ids = form.cleaned_data["decision"], form.cleaned_data["ids"]
    rules = rules_for(brief.workspace)
    actor = Actor(user=request.user)
    errors, done = [], 0
    for generation in gallery.generations_for(brief).filter(id__in=ids):
        try:
            review_record(generation=generation, actor=actor, decision=decision, rules=rules)
        except ValueError as exc:
            errors.append(f"image {generation.id}: {exc}")
        else:
            done += 1
    if not request.htmx:
        messages.success(request, f"{done} image{'s' if done != 1 else ''} {PAST_TENSE[decision]}.")
        if errors:
            messages.error(request, "; ".join(errors))
        return redirect_back(request, reverse("reviews:gallery", args=[brief.id]))
    cards = [gallery.card_context(g, brief=brief, rules=rules, can_review=True)
             for g in gallery.generations_for(brief).filter(id__in=ids)]
    return render(request, "reviews/_bulk_result.html",
                  {"cards": cards, "errors": errors, "decision_past": PAST_TENSE[decision]})


@require_GET
@member_login_required
def image_page(request: HttpRequest, brief_id: int, generation_id: int) -> HttpResponse:
    """The large view: one image at full size, keyboard navigation within the viewer's filter."""
    brief = access.brief_for_member(request, brief_id)
    view = gallery.GalleryFilter.from_query(request.GET)
    ids = list(gallery.generations_for(brief, view).values_list("id", flat=True))
    if generation_id not in ids:
        ids = list(gallery.generations_for(brief).values_list("id", flat=True))
    if generation_id not in ids:
        raise Http404("No such image in this brief")
    position = ids.index(generation_id)
    generation = gallery.generations_for(brief).get(id=generation_id)
    allowed = access.can_review(request.user, brief)
    context = gallery.card_context(generation, brief=brief, rules=rules_for(brief.workspace), can_review=allowed)
    context.update({
        "view": view, "position": position + 1, "count": len(ids),
        "previous_id": ids[position - 1] if position > 0 else None,
        "next_id": ids[position + 1] if position + 1 < len(ids) else None,
    })
    return render(request, "reviews/image.html", context)


@require_GET
@member_login_required
def compare_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    """One prompt side by side across models (?prompt=ID), or any two images (?a=ID&b=ID)."""
    brief = access.brief_for_member(request, brief_id)
    generations = gallery.generations_for(brief).order_by("image_model__name", "id")
    form = CompareForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.error_text())
    if prompt_id := form.cleaned_data["prompt"]:
        prompt = get_object_or_404(brief.prompts, id=prompt_id)
        chosen = list(generations.filter(prompt=prompt))
        title = f"{prompt.style.replace('_', ' ')} prompt across models"
    else:
        ids = [form.cleaned_data["a"], form.cleaned_data["b"]]
        chosen = sorted(generations.filter(id__in=ids), key=lambda g: ids.index(g.id))
        if len(chosen) != 2:
            raise Http404("Both images must belong to this brief")
        title = "Two images side by side"
        prompt = None
    rules = rules_for(brief.workspace)
    cards = [gallery.card_context(g, brief=brief, rules=rules, can_review=False) for g in chosen]
    return render(request, "reviews/compare.html", {"brief": brief, "cards": cards, "title": title, "prompt": prompt})
