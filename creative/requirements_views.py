"""The designer's check of what analysis read from a brief, before any prompt is written or image paid for."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from creative import access, pipeline
from creative.access import member_login_required
from creative.analysis.language import language_name
from creative.analysis.schema import FIELDS, Requirements
from creative.forms import RequirementsForm
from creative.judgment import brief_judgment
from creative.models import Brief, BriefStatus
from reviews.decisions import Actor, activity_record

SOURCES = {"rules": "rules", "llm": "LLM", "edited": "edited", "file": "file"}


@member_login_required
def requirements_page(request: HttpRequest, brief_id: int) -> HttpResponse:
    """The requirements form, pre-filled from analysis; a POST confirms them and writes the prompts."""
    brief = access.brief_for_designer(request, brief_id)
    found = Requirements.from_dict(brief.requirements or {})
    form = RequirementsForm(request.POST or None, initial={name: getattr(found, name) for name in FIELDS})
    if request.method == "POST" and form.is_valid():
        confirmed = Requirements(**form.cleaned_data)
        try:
            changed = pipeline.brief_requirements_confirm(brief_id=brief.id, requirements=confirmed)
        except pipeline.BriefError as exc:
            form.add_error(None, str(exc))
        else:
            # The activity log is the reviews app's; the domain stays free of it, so the edge writes it.
            activity_record(brief_id=brief.id, actor=Actor(user=request.user),
                            verb="edited the requirements" if changed else "confirmed the requirements",
                            detail=_changes_line(confirmed, changed))
            if brief.review_prompts:
                messages.success(request, "Requirements confirmed: writing the prompts…")
                return redirect("creative:brief_prompts", brief.id)
            messages.success(request, "Requirements confirmed: images appear below as they are made.")
            return redirect(brief.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "creative/requirements.html", _context(brief, form, found), status=status)


def _changes_line(confirmed: Requirements, changed: list[str]) -> str:
    values = confirmed.to_dict()
    parts = [f"{name.replace('_', ' ')}: {', '.join(values[name]) if isinstance(values[name], list) else values[name]}"
             for name in changed]
    return "; ".join(parts)[:300]


def _context(brief: Brief, form: RequirementsForm, found: Requirements) -> dict:
    sources = brief.requirements_sources or {}
    return {
        "brief": brief,
        "form": form,
        "rows": [{"field": form[name], "source": SOURCES.get(sources.get(name, ""), "")} for name in FIELDS],
        "colours": [c.strip() for c in str(form["colours"].value() or "").splitlines() if c.strip()]
        if form.is_bound else found.colours,
        "editable": brief.status == BriefStatus.CONFIRMING,
        "reading": brief.status == BriefStatus.ANALYSING and not brief.requirements,
        "no_product": brief.status == BriefStatus.CONFIRMING and not found.product,
        "language": language_name(found.language),
        "judgment": brief_judgment(brief=brief),
    }
