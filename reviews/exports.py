"""Export what reviewers approved: the approvals, their chain and the comments snapshotted into the export,
and the activity line. The gallery's panel, the API, the command line and a batch's export all ask here."""

from __future__ import annotations

from dataclasses import dataclass, field

from creative.models import Batch, BatchRow, Brief, Export
from creative.pipeline import batch_briefs, export_create
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


@dataclass
class BatchExports:
    exported: list[tuple[BatchRow, Export]] = field(default_factory=list)
    skipped: list[tuple[BatchRow, Brief, str]] = field(default_factory=list)  # with why it has no export


def batch_exports_create(*, batch: Batch, requested_by, via: str, **options) -> BatchExports:
    """An export of every brief of the batch with the same `options`; a brief with nothing approved (or any
    other refusal) is skipped with its reason and the others go on."""
    result = BatchExports()
    for row, brief in batch_briefs(batch=batch):
        try:
            result.exported.append((row, approved_export_create(brief=brief, requested_by=requested_by, via=via,
                                                                **options)))
        except ValueError as exc:
            result.skipped.append((row, brief, str(exc)))
    return result
