"""The gallery, the large view, compare, and review decisions (single and bulk)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from creative import access
from creative.htmx import HtmxHttpRequest, redirect_back
from creative.models import Generation, Role
from reviews import gallery
from reviews.decisions import Actor, review_record, rules_for
from reviews.models import PAST_TENSE, Decision


def can_review(user, brief) -> bool:
    return access.role_in(user, brief.workspace_id) in (Role.REVIEWER, Role.ADMIN)


@vary_on_headers("HX-Request")
@login_required
def gallery_page(request: HtmxHttpRequest, brief_id: int) -> HttpResponse:
    """The gallery; a scroll's htmx request for ?page=N gets that page's cards alone."""
    brief = access.get_brief_for_user(request.user, brief_id)
    view = gallery.GalleryFilter.from_query(request.GET)
    allowed = can_review(request.user, brief)
    page = page_number(request)
    if request.htmx and page:
        context = gallery.more_cards_context(brief, view=view, can_review=allowed, page=page)
        return render(request, "reviews/_cards_page.html", context)
    context = gallery.page_context(brief, view=view, can_review=allowed, page=page or 1)
    return render(request, "reviews/gallery.html", context)


def page_number(request: HttpRequest) -> int | None:
    """The page of cards a scroll asks for (?page=2 and on); None for the whole gallery page."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and int(value) > 1 else None


def record_and_render(request: HtmxHttpRequest, generation: Generation, actor: Actor, *, can_act: bool,
                      guest_token: str = "", back: str) -> HttpResponse:
    """Shared by members and guests: record one decision; answer htmx with the card, a plain form with `back`."""
    decision = request.POST.get("decision", "")
    if decision not in Decision.values:
        return HttpResponseBadRequest("decision must be approve, reject or comment")
    brief = generation.prompt.brief
    rules = rules_for(brief.workspace)
    try:
        review_record(generation=generation, actor=actor, decision=decision, comment=request.POST.get("comment", ""),
                      rules=rules)
    except ValueError as exc:
        return HttpResponse(f'<p class="error">{exc}</p>', status=422)
    if not request.htmx:
        return redirect_back(request, back)
    fresh = gallery.generations_for(brief).get(id=generation.id)
    context = gallery.card_context(fresh, brief=brief, rules=rules, can_review=can_act, guest_token=guest_token)
    return render(request, "reviews/_generation_card.html", context)


@require_POST
@vary_on_headers("HX-Request")
@login_required
def review(request: HtmxHttpRequest, generation_id: int) -> HttpResponse:
    generation = access.get_generation_for_user(request.user, generation_id)
    brief_id = generation.prompt.brief_id
    access.get_brief_for_reviewer(request.user, brief_id)
    return record_and_render(request, generation, Actor(user=request.user), can_act=True,
                             back=reverse("reviews:gallery", args=[brief_id]))


@require_POST
@vary_on_headers("HX-Request")
@login_required
def bulk_review(request: HtmxHttpRequest, brief_id: int) -> HttpResponse:
    """Approve or reject a selection; answers htmx with every changed card as an out-of-band swap."""
    brief = access.get_brief_for_reviewer(request.user, brief_id)
    decision = request.POST.get("decision", "")
    if decision not in (Decision.APPROVE, Decision.REJECT):
        return HttpResponseBadRequest("bulk decision must be approve or reject")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not ids:
        return HttpResponseBadRequest("select at least one image")
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


@login_required
def image_page(request: HttpRequest, brief_id: int, generation_id: int) -> HttpResponse:
    """The large view: one image at full size, keyboard navigation within the viewer's filter."""
    brief = access.get_brief_for_user(request.user, brief_id)
    view = gallery.GalleryFilter.from_query(request.GET)
    ids = list(gallery.generations_for(brief, view).values_list("id", flat=True))
    if generation_id not in ids:
        ids = list(gallery.generations_for(brief).values_list("id", flat=True))
    if generation_id not in ids:
        raise Http404("No such image in this brief")
    position = ids.index(generation_id)
    generation = gallery.generations_for(brief).get(id=generation_id)
    allowed = can_review(request.user, brief)
    context = gallery.card_context(generation, brief=brief, rules=rules_for(brief.workspace), can_review=allowed)
    context.update({
        "view": view, "position": position + 1, "count": len(ids),
        "previous_id": ids[position - 1] if position > 0 else None,
        "next_id": ids[position + 1] if position + 1 < len(ids) else None,
    })
    return render(request, "reviews/image.html", context)


@login_required
def compare_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    """One prompt side by side across models (?prompt=ID), or any two images (?a=ID&b=ID)."""
    brief = access.get_brief_for_user(request.user, brief_id)
    generations = gallery.generations_for(brief).order_by("image_model__name", "id")
    if prompt_id := request.GET.get("prompt", ""):
        prompt = get_object_or_404(brief.prompts, id=prompt_id if prompt_id.isdigit() else 0)
        chosen = list(generations.filter(prompt=prompt))
        title = f"{prompt.style.replace('_', ' ')} prompt across models"
    else:
        ids = [request.GET.get("a", ""), request.GET.get("b", "")]
        if not all(i.isdigit() for i in ids):
            return HttpResponseBadRequest("compare needs ?prompt=ID, or two images as ?a=ID&b=ID")
        chosen = sorted(generations.filter(id__in=ids), key=lambda g: ids.index(str(g.id)))
        if len(chosen) != 2:
            raise Http404("Both images must belong to this brief")
        title = "Two images side by side"
        prompt = None
    rules = rules_for(brief.workspace)
    cards = [gallery.card_context(g, brief=brief, rules=rules, can_review=False) for g in chosen]
    return render(request, "reviews/compare.html", {"brief": brief, "cards": cards, "title": title, "prompt": prompt})
