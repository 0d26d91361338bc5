"""A submitted brief analysed: its requirements read (then, if asked or no product was found, left in confirming for
the designer to check), its prompts written, then fanned out or left in draft."""

from __future__ import annotations

import logging

from django.db import transaction

from creative import events
from creative.analysis import language, llm
from creative.analysis.schema import Requirements
from creative.models import BrandKit, Brief, BriefStatus, ImageModel, Prompt, WebhookEvent
from creative.pipeline import fan_out, transitions
from creative.prompt_writer import prompts_write, target_for
from creative.prompting import STYLE_KEYS
from creative.webhooks import emit

logger = logging.getLogger(__name__)


def brief_analyse(*, brief_id: int) -> None:
    """Analyse the brief, write its prompts and pending generations, and fan them out."""
    try:
        _brief_analyse(brief_id)
    except Exception as exc:
        # Whatever broke, the brief must not sit in "analysing" for ever: say so where people look.
        logger.exception("brief %s: analysis failed", brief_id)
        error = f"Analysis failed: {type(exc).__name__}: {exc}"
        if transitions.brief_fail(brief_id=brief_id, error=error):
            emit.event_emit(event=WebhookEvent.BRIEF_FAILED, brief_id=brief_id, error=error[:1000])
        events.publish(brief_id, "brief_changed")
        raise


def _brief_analyse(brief_id: int) -> None:
    brief = Brief.objects.get(id=brief_id)
    if brief.status != BriefStatus.ANALYSING:
        return  # already analysed by an earlier run of this task
    # The model calls run before the transaction: none is held open across HTTP, and a failed call
    # falls back inside these functions rather than raising. Two racing runs may both pay for a call;
    # only the first writes (the locked re-check below).
    analysis = None
    if brief.requirements:  # confirmed by the designer, given in a file, or a draft whose prompts are rewritten
        requirements = Requirements.from_dict(brief.requirements)
    else:
        # No rules pre-check: with a model configured, a brief in any language goes to it.
        analysis = llm.analyse(text=brief.text, brief_id=brief_id)
        requirements = analysis.requirements
        if brief.review_requirements or not requirements.is_usable():
            # A missing product is a question for the designer, not a refusal.
            _requirements_await(brief_id, analysis)
            return
    models = list(brief.image_models.order_by("provider", "name"))
    kit = BrandKit.objects.filter(workspace_id=brief.workspace_id).first()
    brand_colours = (kit.primary_colour, kit.secondary_colour) if kit else ()  # text colour is for headlines
    written = prompts_write(requirements=requirements, targets=targets_for(models), brief_id=brief_id,
                            brand_colours=brand_colours)

    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.ANALYSING:
            return
        if analysis is not None:
            _analysis_keep(brief, analysis)
        Prompt.objects.bulk_create([
            Prompt(brief=brief, position=STYLE_KEYS.index(d.style), style=d.style, target=d.target, text=d.text,
                   negative_text=d.negative_text, source=d.source)
            for d in written.drafts
        ])
        if brief.review_prompts:
            # The designer reads and edits, then starts it (brief_start).
            transitions.brief_draft(brief_id=brief.id)
            events.publish_on_commit(brief.id, "brief_changed")
            return
        fan_out.brief_fan_out(brief=brief, models=models, left=BriefStatus.ANALYSING)


def _requirements_await(brief_id: int, analysis: llm.Analysis) -> None:
    """Store what analysis read and stop in confirming, for the designer to check it on the requirements form."""
    found = analysis.requirements
    if analysis.source == "rules" and found.language not in language.SUPPORTED:
        analysis.note = language.unsupported_message(language=found.language)
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.ANALYSING:
            return
        _analysis_keep(brief, analysis)
        transitions.brief_confirming(brief_id=brief_id)
        events.publish_on_commit(brief_id, "brief_changed")


def _analysis_keep(brief: Brief, analysis: llm.Analysis) -> None:
    brief.requirements, brief.analysis_source = analysis.requirements.to_dict(), analysis.source
    brief.requirements_sources = analysis.sources()
    brief.analysis_note = analysis.note[:500]
    brief.save(update_fields=["requirements", "requirements_sources", "analysis_source", "analysis_note"])


def targets_for(models: list[ImageModel]) -> dict[str, tuple[int, int]]:
    """Target family -> image size, for the families the brief's models belong to (first model's size)."""
    targets: dict[str, tuple[int, int]] = {}
    for model in models:
        targets.setdefault(target_for(model.provider), fan_out.image_size_for(model))
    return targets
