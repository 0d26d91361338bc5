"""Every status change of a Generation, a Brief and an Export, and every write of `Generation.candidate`.

Each transition is one conditional UPDATE whose WHERE names the state being left, so of two workers
racing for the same row exactly one wins; the function returns whether this caller did. Nothing else
writes these columns (the rows are only created, in their first state, elsewhere). Callers publish the
event and queue the next task; these functions only move rows.

Generation (created `pending` by fan_out.brief_fan_out and actions.generation_more_like_this;
final: `scored`, `failed`)

    from                            to          transition            called from                       event
    pending                         requesting  generation_claim      limits.slot_claim (generations.   generation_changed
                                                                      generation_run)
    requesting                      submitted   generation_submitted  generations.generation_run        (none)
    submitted                       polling     generation_polling    generations.generation_poll       (none)
    requesting, submitted, polling  (same)      generation_new_stage  generations.generation_poll       (none)
    requesting, submitted, polling  succeeded   generation_succeed    generations.generation_store      generation_changed
    requesting                      pending     generation_release    generations (retryable error)     generation_changed
    any but scored, failed          failed      generation_fail       generations.generation_fail       generation_changed
                                                                      (run, poll, store, sweeps)
    succeeded                       scored      generation_scored     scoring.generation_score          generation_changed
    failed                          pending     generation_reset      actions.generation_retry          (none: its run's)
    scored, not a candidate         candidate   generation_promote    actions.generation_promote        generation_changed
    scored                          candidate   generations_shortlist selection.candidates_select       generation_changed
                                    or not                                                              (each changed card)

Brief (created `analysing` by submission.brief_submit; final: `exported`, `failed`)

    from                 to          transition        called from                               event
    analysing            failed      brief_fail        analysis.brief_analyse                    brief_changed
    analysing            draft       brief_draft       analysis.brief_analyse (review_prompts)   brief_changed
    analysing            confirming  brief_confirming  analysis.brief_analyse (review_requirements brief_changed
                                                       or no product)
    confirming           analysing   brief_confirm     requirements.brief_requirements_confirm   brief_changed
    draft                analysing   brief_reanalyse   prompt_editing.brief_prompts_regenerate   brief_changed
    analysing            generating  brief_generating  fan_out.brief_fan_out (analysis)          brief_changed
    draft                generating  brief_generating  fan_out.brief_fan_out (brief_start)       brief_changed
    reviewing            generating  brief_generating  actions.generation_retry (no candidates)  (none)
    generating           scoring     brief_scoring     selection.brief_advance                   brief_changed
    generating, scoring  reviewing   brief_reviewing   selection.brief_advance (then selects)    brief_changed
    reviewing            exported    brief_exported    exports.export_run (when done)            brief_changed

Export (created `pending` by exports.export_create; final: `done`, `failed`)

    from     to        transition       called from                         event
    pending  running   export_claim     exports.export_run                  export_changed
    running  (same)    export_progress  exports.export_run, per image       export_changed
    running  done      export_finish    exports.export_run                  export_changed
    running  failed    export_fail      exports.export_run                  export_changed
    running  pending   export_restart   sweeps.exports_sweep (run stalled)  export_changed

The last four are conditional on the run's `attempt` too, so a run the sweep replaced changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from creative.models import (
    FINAL_STATUSES,
    Brief,
    BriefStatus,
    Export,
    ExportStatus,
    Generation,
    GenerationStatus,
)

# A provider call is under way: it counts against the model's concurrency and may already be billed.
IN_FLIGHT = (GenerationStatus.REQUESTING, GenerationStatus.SUBMITTED, GenerationStatus.POLLING)


# Generation


def generation_claim(*, generation_id: int, now: datetime) -> bool:
    """pending -> requesting, counting the attempt; False if another worker claimed it first."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.PENDING).update(
        status=GenerationStatus.REQUESTING, attempt=F("attempt") + 1, requested_at=now
    ))


def generation_submitted(*, generation_id: int, job_id: str) -> bool:
    """requesting -> submitted: the provider accepted an async job under `job_id`."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.REQUESTING).update(
        status=GenerationStatus.SUBMITTED, job_id=job_id, job_started_at=timezone.now()
    ))


def generation_polling(*, generation_id: int) -> bool:
    """submitted -> polling: the first poll found the job still running."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.SUBMITTED).update(
        status=GenerationStatus.POLLING
    ))


def generation_new_stage(*, generation_id: int, job_id: str) -> bool:
    """Keep the new id of a job that moved on to a stage of its own (Midjourney's upscale); stays in flight."""
    return _won(Generation.objects.filter(id=generation_id, status__in=IN_FLIGHT).update(
        job_id=job_id, job_started_at=timezone.now()
    ))


def generation_succeed(*, generation_id: int, **result) -> bool:
    """In flight -> succeeded with the stored image's fields (`result`); False if another worker stored first."""
    return _won(Generation.objects.filter(id=generation_id, status__in=IN_FLIGHT).update(
        status=GenerationStatus.SUCCEEDED, finished_at=timezone.now(), error_kind="", error_detail="", **result
    ))


def generation_release(*, generation_id: int, kind: str, detail: str) -> bool:
    """requesting -> pending after an error that proves nothing was billed, for another attempt."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.REQUESTING).update(
        status=GenerationStatus.PENDING, error_kind=kind, error_detail=detail
    ))


def generation_fail(*, generation_id: int, kind: str, detail: str) -> bool:
    """Any state but a final one -> failed, with the reason; False if it was final already."""
    return _won(Generation.objects.filter(id=generation_id).exclude(status__in=FINAL_STATUSES).update(
        status=GenerationStatus.FAILED, error_kind=kind, error_detail=detail[:1000], finished_at=timezone.now()
    ))


def generation_scored(*, generation_id: int, **score) -> bool:
    """succeeded -> scored with the score's fields (`score`); False if another worker scored first."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.SUCCEEDED).update(
        status=GenerationStatus.SCORED, **score
    ))


def generation_reset(*, generation_id: int) -> bool:
    """failed -> pending: a person's retry, with the error and any job id cleared."""
    return _won(Generation.objects.filter(id=generation_id, status=GenerationStatus.FAILED).update(
        status=GenerationStatus.PENDING, error_kind="", error_detail="", job_id="", job_started_at=None
    ))


def generation_promote(*, generation_id: int) -> bool:
    """Make a scored image that selection left out a candidate; False if it is one or is not scored."""
    return _won(Generation.objects.filter(
        id=generation_id, status=GenerationStatus.SCORED, candidate=False
    ).update(candidate=True))


def generations_shortlist(*, brief_id: int, chosen: list[int]) -> None:
    """Make exactly `chosen` the brief's candidates (selection, once per brief under brief_reviewing)."""
    Generation.objects.filter(prompt__brief_id=brief_id).exclude(id__in=chosen).update(candidate=False)
    Generation.objects.filter(id__in=chosen).update(candidate=True)


# Brief


def brief_fail(*, brief_id: int, error: str) -> bool:
    """analysing -> failed, with a message for the person who wrote the brief."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(
        status=BriefStatus.FAILED, error=error[:1000]
    ))


def brief_draft(*, brief_id: int) -> bool:
    """analysing -> draft: prompts written, for the designer to edit before starting."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(status=BriefStatus.DRAFT))


def brief_confirming(*, brief_id: int) -> bool:
    """analysing -> confirming: requirements read, for the designer to check before prompts are written."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(
        status=BriefStatus.CONFIRMING
    ))


def brief_confirm(*, brief_id: int) -> bool:
    """confirming -> analysing: the designer confirmed the requirements; the prompts are to be written."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.CONFIRMING).update(
        status=BriefStatus.ANALYSING
    ))


def brief_reanalyse(*, brief_id: int) -> bool:
    """draft -> analysing: a new set of prompts is to be written."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.DRAFT).update(status=BriefStatus.ANALYSING))


_GENERATING_FROM = (BriefStatus.ANALYSING, BriefStatus.DRAFT, BriefStatus.REVIEWING)


def brief_generating(*, brief_id: int, left: BriefStatus) -> bool:
    """analysing, draft or reviewing (`left`) -> generating: generations are queued (again)."""
    if left not in _GENERATING_FROM:
        raise ValueError(f"A brief cannot start generating from {left!r}.")
    return _won(Brief.objects.filter(id=brief_id, status=left).update(status=BriefStatus.GENERATING))


def brief_scoring(*, brief_id: int) -> bool:
    """generating -> scoring: no call is left in flight, only scores."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.GENERATING).update(status=BriefStatus.SCORING))


def brief_reviewing(*, brief_id: int) -> bool:
    """generating or scoring -> reviewing; of several finishing workers exactly one wins and selects."""
    return _won(Brief.objects.filter(
        id=brief_id, status__in=[BriefStatus.GENERATING, BriefStatus.SCORING]
    ).update(status=BriefStatus.REVIEWING))


def brief_exported(*, brief_id: int) -> bool:
    """reviewing -> exported, when an export of it finished."""
    return _won(Brief.objects.filter(id=brief_id, status=BriefStatus.REVIEWING).update(status=BriefStatus.EXPORTED))


# Export


def export_claim(*, export_id: int) -> bool:
    """pending -> running, counting the attempt; False if another worker runs or ran it."""
    return _won(Export.objects.filter(id=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    ))


def _this_run(*, export_id: int, attempt: int):
    """The export's row while the run of this attempt still owns it."""
    return Export.objects.filter(id=export_id, attempt=attempt, status=ExportStatus.RUNNING)


def export_progress(*, export_id: int, attempt: int, done_count: int) -> bool:
    """The run's heartbeat and progress; False when the sweep gave the export to a later run."""
    return _won(_this_run(export_id=export_id, attempt=attempt).update(
        done_count=done_count, heartbeat_at=timezone.now()
    ))


def export_finish(*, export_id: int, attempt: int, **result) -> bool:
    """running -> done with the zip's fields (`result`); False when a later run replaced this one."""
    return _won(_this_run(export_id=export_id, attempt=attempt).update(
        status=ExportStatus.DONE, finished_at=timezone.now(), **result
    ))


def export_fail(*, export_id: int, attempt: int, error: str) -> bool:
    """running -> failed, unless a later run replaced this one."""
    return _won(_this_run(export_id=export_id, attempt=attempt).update(status=ExportStatus.FAILED, error=error[:1000]))


def export_restart(*, export_id: int, attempt: int, stalled_before: datetime) -> bool:
    """running -> pending for a run silent since before `stalled_before`; False if it reported progress since."""
    return _won(Export.objects.filter(
        id=export_id, status=ExportStatus.RUNNING, attempt=attempt, heartbeat_at__lt=stalled_before
    ).update(status=ExportStatus.PENDING, done_count=0))


def _won(updated: int) -> bool:
    return updated == 1
