"""The designer's check of a brief's requirements before anything is paid: confirmed or edited, then prompts."""

from __future__ import annotations

from django.db import transaction

from creative import events
from creative.analysis.schema import FIELDS, Requirements
from creative.models import Brief, BriefStatus
from creative.pipeline import queue, transitions
from creative.pipeline.submission import BriefError


def requirements_changed(*, before: Requirements, after: Requirements) -> list[str]:
    """The fields of the eight whose value differs, in form order."""
    old, new = before.to_dict(), after.to_dict()
    return [name for name in FIELDS if old[name] != new[name]]


def brief_requirements_confirm(*, brief_id: int, requirements: Requirements) -> list[str]:
    """Store the designer's requirements (changed fields marked "edited"), move the brief back to analysing and
    queue the prompt writing; the changed fields. BriefError when the brief is not waiting for them."""
    if not requirements.is_usable():
        raise BriefError("Say what is advertised: the product cannot be empty.")
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.CONFIRMING:
            raise BriefError("This brief is not waiting for its requirements: nothing was changed.")
        before = Requirements.from_dict(brief.requirements or {})
        changed = requirements_changed(before=before, after=requirements)
        # The language is the brief's, detected; the form does not show it.
        requirements.language = before.language
        sources = {name: (brief.requirements_sources or {}).get(name, "rules") for name in FIELDS}
        sources.update(dict.fromkeys(changed, "edited"))
        brief.requirements, brief.requirements_sources = requirements.to_dict(), sources
        brief.save(update_fields=["requirements", "requirements_sources"])
        transitions.brief_confirm(brief_id=brief_id)
        queue.brief_analyse_on_commit(brief_id)
        events.publish_on_commit(brief_id, "brief_changed")
    return changed
