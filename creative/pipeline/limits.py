"""Per-model concurrency and requests-per-minute limits, and the workspace's spend limits, that hold across
every worker thread and process.

The count and the claim happen under a lock on the model's row, so two workers on two machines can
never both take the last slot: PostgreSQL locks the row (SELECT ... FOR UPDATE), SQLite the database.
The spend check takes the workspace's row next (always in that order: model, then workspace, so two
claims never wait on each other crosswise), so twenty briefs claiming at once see each other's calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from creative.models import (
    CallOutcome,
    CostSource,
    Generation,
    GenerationStatus,
    ImageModel,
    ProviderCall,
    Workspace,
)
from creative.pipeline import spend
from creative.pipeline.transitions import IN_FLIGHT, generation_claim, generation_fail


@dataclass(frozen=True)
class Claim:
    """The outcome of asking for a slot: the call to make, or how long to wait before asking again."""

    call: ProviderCall | None = None
    wait_seconds: float = 0.0
    lost: bool = False  # another worker already took this generation
    refused: str = ""  # the spend limit it would cross: the generation has failed as `budget`

    @property
    def granted(self) -> bool:
        return self.call is not None


def slot_claim(*, generation_id: int, image_model_id: int) -> Claim:
    """Move a pending generation to `requesting` and record its call, if the model's limits allow it now;
    fail it as `budget` if its estimate would cross the workspace's spend limit."""
    with transaction.atomic():
        model = ImageModel.objects.select_for_update().get(id=image_model_id)
        # The clock is read once the lock is held: a claim that queued for it behind other workers must not
        # measure its minute from before, or the model would get more than `rpm` calls in some minute.
        now = timezone.now()
        in_flight = Generation.objects.filter(image_model_id=image_model_id, status__in=IN_FLIGHT).count()
        if in_flight >= model.max_concurrency:
            return Claim(wait_seconds=0.5)
        window_start = now - timedelta(seconds=60)
        recent = list(
            ProviderCall.objects.filter(image_model_id=image_model_id, requested_at__gt=window_start)
            .order_by("requested_at")
            .values_list("requested_at", flat=True)[: model.rpm]
        )
        if len(recent) >= model.rpm:
            return Claim(wait_seconds=max(0.1, (recent[0] + timedelta(seconds=60) - now).total_seconds()))
        generation = (Generation.objects.filter(id=generation_id, status=GenerationStatus.PENDING)
                      .values("estimated_cost_cents", "prompt__brief__workspace_id").first())
        if generation is None:  # claims of this model wait on its lock: a pending row stays pending meanwhile
            return Claim(lost=True)
        workspace = Workspace.objects.select_for_update().get(id=generation["prompt__brief__workspace_id"])
        if refusal := spend.limit_crossed(workspace=workspace, adding=generation["estimated_cost_cents"], now=now):
            generation_fail(generation_id=generation_id, kind="budget", detail=refusal)
            return Claim(refused=refusal)
        if not generation_claim(generation_id=generation_id, now=now):
            return Claim(lost=True)
        attempt = Generation.objects.values_list("attempt", flat=True).get(id=generation_id)
        call = ProviderCall.objects.create(
            generation_id=generation_id, image_model_id=image_model_id, workspace=workspace, attempt=attempt,
            requested_at=now, estimated_cents=generation["estimated_cost_cents"],
        )
    return Claim(call=call)


def call_finish(*, call: ProviderCall, outcome: str, reported_cents=None, cost_source: str = "",
                usage: dict | None = None, error_kind: str = "") -> None:
    """Settle a call's ledger row; a billed call without a reported cost keeps its estimate, marked as such."""
    if not cost_source and outcome != CallOutcome.NOT_BILLED:
        cost_source = CostSource.REPORTED if reported_cents is not None else CostSource.ESTIMATE
    ProviderCall.objects.filter(id=call.id).update(
        outcome=outcome, reported_cents=reported_cents, cost_source=cost_source, usage=usage or {},
        error_kind=error_kind, finished_at=timezone.now(),
    )
