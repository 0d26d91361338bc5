"""Export what reviewers approved: the approvals, their chain and the comments snapshotted into the export,
and the activity line. The gallery's panel, the API, the command line and a batch's export all ask here."""

from __future__ import annotations

from creative.models import Brief, Export
from creative.pipeline import export_create
from reviews.decisions import Actor, activity_record, approval_chain_for, approved_generations, comments_for


def approved_export_create(*, brief: Brief, requested_by, via: str = "", **options) -> Export:
    """Queue an export of the brief's approved images with export_create's `options`; ValueError (nothing
    approved, an unknown preset or format) says why there is none."""
    approved = approved_generations(brief)
    export = export_create(
        brief=brief,
        generations=[generation for generation, _ in approved],
        requested_by=requested_by,
        approvals={generation.id: names for generation, names in approved},
        approval_chain=approval_chain_for(brief, approved),
        comments=comments_for(approved),
        **options,
    )
    detail = f"export {export.id}: {len(approved)} image(s)" + (f" ({via})" if via else "")
    activity_record(brief_id=brief.id, actor=Actor(user=requested_by) if requested_by else None, verb="exported",
                    detail=detail)
    return export
