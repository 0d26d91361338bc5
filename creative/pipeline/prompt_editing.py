"""A draft brief's prompts in the designer's hands: reworded, rewritten by the model, then started."""

from __future__ import annotations

from django.db import transaction

from creative import events, text_limits
from creative.models import Brief, BriefStatus, Prompt
from creative.pipeline import fan_out, queue, transitions
from creative.pipeline.submission import BriefError


def prompt_update(*, prompt: Prompt, text: str, negative_text: str) -> bool:
    """Save a designer's wording of a prompt; only while its brief is a draft (nothing generated yet)."""
    text, negative_text = text.strip(), negative_text.strip()
    if not text:
        raise BriefError("A prompt cannot be empty.")
    for wording, what in ((text, "The prompt"), (negative_text, "The negative prompt")):
        if problem := text_limits.text_problem(wording, limit=text_limits.PROMPT_TEXT, what=what):
            raise BriefError(problem)
    if text == prompt.text and negative_text == prompt.negative_text:
        return False
    updated = Prompt.objects.filter(id=prompt.id, brief__status=BriefStatus.DRAFT).update(
        text=text, negative_text=negative_text, source="edited")
    return bool(updated)


def brief_start(*, brief_id: int) -> bool:
    """Fan out a draft brief's (edited) prompts into generations; False if it was not a draft with prompts."""
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.DRAFT or not brief.prompts.exists():
            return False
        fan_out.brief_fan_out(brief=brief, models=list(brief.image_models.order_by("provider", "name")),
                              left=BriefStatus.DRAFT)
    return True


def brief_prompts_regenerate(*, brief: Brief) -> bool:
    """Throw away a draft's prompts and write a new set (same requirements); False unless it is a draft."""
    with transaction.atomic():
        # Back to analysing first, so a concurrent Start finds no draft and cannot fan out the old set.
        if not transitions.brief_reanalyse(brief_id=brief.id):
            return False
        Prompt.objects.filter(brief_id=brief.id, generations__isnull=True).delete()
        queue.brief_analyse_on_commit(brief.id)
        events.publish_on_commit(brief.id, "brief_changed")
    return True
