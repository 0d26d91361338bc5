"""The designer's look at the prompts before any image is paid for: edit, write a new set, or start."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from creative import access
from creative.access import member_login_required
from creative.judgment import brief_judgment
from creative.models import Brief, BriefStatus
from creative.pipeline import BriefError, brief_prompts_regenerate, brief_start, prompt_update
from creative.prompt_writer import TARGETS_BY_KEY
from creative.prompting import STYLES_BY_KEY


@member_login_required
def prompts_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    """The prompts page; a POST saves the edited wording and comes back to it."""
    brief = access.brief_for_designer(request, brief_id)
    errors = {}
    if request.method == "POST":
        errors = _save(request, brief)
        if not errors:
            messages.success(request, "Prompts saved.")
            return redirect("creative:brief_prompts", brief.id)
    return render(request, "creative/prompts.html", _context(brief, errors), status=422 if errors else 200)


@require_POST
@member_login_required
def prompts_start(request: HttpRequest, brief_id: int) -> HttpResponse:
    """Save what is in the form, then fan the prompts out into generations."""
    brief = access.brief_for_designer(request, brief_id)
    if errors := _save(request, brief):
        return render(request, "creative/prompts.html", _context(brief, errors), status=422)
    if not brief_start(brief_id=brief.id):
        messages.error(request, "This brief is not waiting for its prompts: nothing was started.")
        return redirect("creative:brief_prompts", brief.id)
    messages.success(request, "Generating: images appear below as they are made.")
    return redirect(brief.get_absolute_url())


@require_POST
@member_login_required
def prompts_regenerate(request: HttpRequest, brief_id: int) -> HttpResponse:
    """Throw the prompts away and write a new set from the same requirements."""
    brief = access.brief_for_designer(request, brief_id)
    if brief_prompts_regenerate(brief=brief):
        messages.success(request, "Writing a new set of prompts…")
    else:
        messages.error(request, "Prompts can only be rewritten before generation starts.")
    return redirect("creative:brief_prompts", brief.id)


def _save(request: HttpRequest, brief: Brief) -> dict[int, str]:
    """Apply the posted wording of each prompt; {prompt id: problem} for those that were refused."""
    errors: dict[int, str] = {}
    if brief.status != BriefStatus.DRAFT:
        return errors  # nothing to save into: the page says why, and Start refuses
    for prompt in brief.prompts.all():
        if f"text-{prompt.id}" not in request.POST:
            continue
        try:
            prompt_update(prompt=prompt, text=request.POST[f"text-{prompt.id}"],
                          negative_text=request.POST.get(f"negative-{prompt.id}", ""))
        except BriefError as exc:
            errors[prompt.id] = str(exc)
    return errors


def _context(brief: Brief, errors: dict[int, str]) -> dict:
    groups: dict[str, list] = {}
    for prompt in brief.prompts.order_by("target", "position"):
        style = STYLES_BY_KEY.get(prompt.style)
        groups.setdefault(prompt.target, []).append(
            {"prompt": prompt, "label": style.label if style else prompt.style, "error": errors.get(prompt.id, "")}
        )
    return {
        "brief": brief,
        "groups": [{"target": TARGETS_BY_KEY.get(key, TARGETS_BY_KEY[""]), "rows": rows}
                   for key, rows in groups.items()],
        "editable": brief.status == BriefStatus.DRAFT,
        "writing": brief.status == BriefStatus.ANALYSING,
        "judgment": brief_judgment(brief=brief),
    }
