"""The state machine: what happens next for a brief and for each of its generations (DESIGN §1, §3, §4).

Views, tasks and the CLI call these functions; each writes its rows before it returns, so the state of
a brief is always in the database and a restarted worker continues where the last one stopped.
"""

from __future__ import annotations

import hashlib
import logging
import math
import zlib
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum

from creative import events
from creative.analysis import rules
from creative.analysis.schema import Requirements
from creative.judgment import llm_cost_cents
from creative.models import (
    FINAL_STATUSES,
    Brief,
    BriefStatus,
    Generation,
    GenerationStatus,
    ImageModel,
    LLMCall,
    Prompt,
    Workspace,
)
from creative.prompt_writer import prompts_write, target_for
from creative.prompting import STYLE_KEYS

logger = logging.getLogger(__name__)

IN_FLIGHT = (GenerationStatus.REQUESTING, GenerationStatus.SUBMITTED, GenerationStatus.POLLING)


class BriefError(ValueError):
    """A brief that cannot run, with a message for the person who wrote it."""


def requirements_analyse(*, text: str) -> Requirements:
    """Requirements from brief text; BriefError when nothing usable is in it."""
    if not text.strip():
        raise BriefError("The brief is empty: describe the product, the audience and what the image should show.")
    requirements = rules.analyse(text)
    if not requirements.is_usable():
        raise BriefError(
            "No product found in the brief: say what is advertised, e.g. "
            "\"an ad image for a smartwatch, targeting urban professionals\"."
        )
    return requirements


def brief_estimate_cents(*, models: list[ImageModel], images_per_prompt: int, prompt_count: int = 5) -> Decimal:
    """What a brief will cost at list prices, shown before it runs."""
    return sum((m.price_cents for m in models), Decimal(0)) * images_per_prompt * prompt_count


def brief_submit(
    *,
    workspace: Workspace,
    author,
    text: str,
    models: list[ImageModel],
    images_per_prompt: int,
    budget_cents: int | None = None,
    review_prompts: bool = False,
) -> Brief:
    """Store a brief and queue its analysis; the analysis fans out into generations, or stops in draft
    for the designer to edit the prompts when `review_prompts` is set."""
    requirements_analyse(text=text)  # refuse unusable briefs before anything is stored
    if not models:
        raise BriefError("Pick at least one image model.")
    if not 1 <= images_per_prompt <= 10:
        raise BriefError("Images per prompt must be between 1 and 10.")
    from creative import tasks

    with transaction.atomic():
        brief = Brief.objects.create(
            workspace=workspace, author=author, text=text.strip(), status=BriefStatus.ANALYSING,
            images_per_prompt=images_per_prompt, budget_cents=budget_cents, review_prompts=review_prompts,
        )
        brief.image_models.set(models)
        transaction.on_commit(lambda: tasks.brief_analyse(brief.id))
    return brief


def brief_analyse(*, brief_id: int) -> None:
    """Analyse the brief, write its prompts and pending generations, and fan them out."""
    try:
        _brief_analyse(brief_id)
    except Exception as exc:
        # Whatever broke, the brief must not sit in "analysing" for ever: say so where people look.
        logger.exception("brief %s: analysis failed", brief_id)
        Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(
            status=BriefStatus.FAILED, error=f"Analysis failed: {type(exc).__name__}: {exc}"[:1000]
        )
        events.publish(brief_id, "brief_changed")
        raise


def _brief_analyse(brief_id: int) -> None:
    from creative.analysis import llm

    brief = Brief.objects.get(id=brief_id)
    if brief.status != BriefStatus.ANALYSING:
        return  # already analysed by an earlier run of this task
    # The model calls run before the transaction: none is held open across HTTP, and a failed call
    # falls back inside these functions rather than raising. Two racing runs may both pay for a call;
    # only the first writes (the locked re-check below).
    analysis = None
    if brief.requirements:  # a draft whose prompts are being rewritten keeps its analysis
        requirements = Requirements.from_dict(brief.requirements)
    else:
        try:
            requirements_analyse(text=brief.text)
        except BriefError as exc:
            Brief.objects.filter(id=brief_id, status=BriefStatus.ANALYSING).update(
                status=BriefStatus.FAILED, error=str(exc))
            events.publish(brief_id, "brief_changed")
            return
        analysis = llm.analyse(text=brief.text, brief_id=brief_id)
        requirements = analysis.requirements
    models = list(brief.image_models.order_by("provider", "name"))
    written = prompts_write(requirements=requirements, targets=_targets(models), brief_id=brief_id)

    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.ANALYSING:
            return
        fields = ["status"]
        if analysis is not None:
            brief.requirements, brief.analysis_source = requirements.to_dict(), analysis.source
            brief.analysis_note = analysis.note[:500]
            fields += ["requirements", "analysis_source", "analysis_note"]
        Prompt.objects.bulk_create([
            Prompt(brief=brief, position=STYLE_KEYS.index(d.style), style=d.style, target=d.target, text=d.text,
                   negative_text=d.negative_text, source=d.source)
            for d in written.drafts
        ])
        if brief.review_prompts:
            brief.status = BriefStatus.DRAFT  # the designer reads and edits, then starts it (brief_start)
            brief.save(update_fields=fields)
            events.publish_on_commit(brief.id, "brief_changed")
            return
        _fan_out(brief, models, update_fields=fields)


def image_size_for(model: ImageModel) -> tuple[int, int]:
    """The size a model is asked for: its first listed size, else CREATIVE_IMAGE_SIZE square (the generation's
    job asks it, and prompts for Midjourney take their --ar from it)."""
    if model.sizes:
        width, _, height = str(model.sizes[0]).partition("x")
        return int(width), int(height)
    return settings.CREATIVE_IMAGE_SIZE, settings.CREATIVE_IMAGE_SIZE


def _targets(models: list[ImageModel]) -> dict[str, tuple[int, int]]:
    """Target family -> image size, for the families the brief's models belong to (first model's size)."""
    targets: dict[str, tuple[int, int]] = {}
    for model in models:
        targets.setdefault(target_for(model.provider), image_size_for(model))
    return targets


def _fan_out(brief: Brief, models: list[ImageModel], *, update_fields: list[str]) -> None:
    """Plan the brief's generations, mark it generating and queue them once this transaction commits."""
    from creative import tasks

    generations = _plan_generations(brief, models)
    brief.status = BriefStatus.GENERATING
    brief.save(update_fields=update_fields)
    ids = [g.id for g in longest_first(generations)]
    transaction.on_commit(lambda: [tasks.generation_run(gid) for gid in ids])
    events.publish_on_commit(brief.id, "brief_changed")


def _plan_generations(brief: Brief, models: list[ImageModel]) -> list[Generation]:
    prompts = list(brief.prompts.all())
    generations = []
    for model in models:
        target = target_for(model.provider)
        # A target without prompts of its own (a model added after they were written) uses the plain ones.
        mine = [p for p in prompts if p.target == target] or [p for p in prompts if not p.target] or prompts
        for prompt in mine:
            for n in range(brief.images_per_prompt):
                # Deterministic per brief, and within the signed 32-bit range every provider accepts.
                seed = zlib.crc32(f"{brief.id}:{prompt.position}:{model.name}:{n}".encode()) & 0x7FFFFFFF
                generations.append(Generation(prompt=prompt, image_model=model, seed=seed,
                                              estimated_cost_cents=model.price_cents))
    return Generation.objects.bulk_create(generations)


def longest_first(generations: list[Generation]) -> list[Generation]:
    """The order to queue a brief's generations in: the models that took longest lately first.

    A brief is ready when its slowest image is, so its calls start before the quick ones (longest
    processing time first); with the queue's workers busy, a slow model queued last would add its
    wait to the whole brief. A model without a recorded image yet counts as slowest, and among those
    an async job goes first: its submit frees the worker at once while the provider works.
    """
    from creative.providers.registry import PROVIDERS

    model_ids = {g.image_model_id for g in generations}
    typical = dict(
        Generation.objects.filter(image_model_id__in=model_ids, latency_ms__isnull=False)
        .values_list("image_model_id").annotate(Avg("latency_ms")).values_list("image_model_id", "latency_ms__avg")
    )

    def slowest_first(generation: Generation):
        model = generation.image_model
        known = model.id in typical
        is_async = model.provider in PROVIDERS and PROVIDERS[model.provider].is_async
        return (known, -typical.get(model.id, 0), not is_async, model.name)

    return sorted(generations, key=slowest_first)


def brief_start(*, brief_id: int) -> bool:
    """Fan out a draft brief's (edited) prompts into generations; False if it was not a draft with prompts."""
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(id=brief_id)
        if brief.status != BriefStatus.DRAFT or not brief.prompts.exists():
            return False
        _fan_out(brief, list(brief.image_models.order_by("provider", "name")), update_fields=["status"])
    return True


def prompt_update(*, prompt: Prompt, text: str, negative_text: str) -> bool:
    """Save a designer's wording of a prompt; only while its brief is a draft (nothing generated yet)."""
    text, negative_text = text.strip(), negative_text.strip()
    if not text:
        raise BriefError("A prompt cannot be empty.")
    if text == prompt.text and negative_text == prompt.negative_text:
        return False
    updated = Prompt.objects.filter(id=prompt.id, brief__status=BriefStatus.DRAFT).update(
        text=text, negative_text=negative_text, source="edited")
    return bool(updated)


def brief_prompts_regenerate(*, brief: Brief) -> bool:
    """Throw away a draft's prompts and write a new set (same requirements); False unless it is a draft."""
    from creative import tasks

    with transaction.atomic():
        # Back to analysing first, so a concurrent Start finds no draft and cannot fan out the old set.
        if not Brief.objects.filter(id=brief.id, status=BriefStatus.DRAFT).update(status=BriefStatus.ANALYSING):
            return False
        Prompt.objects.filter(brief_id=brief.id, generations__isnull=True).delete()
        transaction.on_commit(lambda: tasks.brief_analyse(brief.id))
        events.publish_on_commit(brief.id, "brief_changed")
    return True


def brief_progress(*, brief: Brief) -> dict:
    """Counts by state and cost so far, for the progress bar and the CLI."""
    counts = Generation.objects.filter(prompt__brief=brief).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status__in=FINAL_STATUSES)),
        succeeded=Count("id", filter=Q(status__in=[GenerationStatus.SUCCEEDED, GenerationStatus.SCORED])),
        scored=Count("id", filter=Q(status=GenerationStatus.SCORED)),
        failed=Count("id", filter=Q(status=GenerationStatus.FAILED)),
        candidates=Count("id", filter=Q(candidate=True)),
        cost=Sum("cost_cents", filter=Q(cost_cents__isnull=False), default=Decimal(0)),
        estimate=Sum("estimated_cost_cents", default=Decimal(0)),
    )
    # Judgment is part of what a brief costs: chat calls are added to the images' cost.
    counts["llm_cost"] = llm_cost_cents(brief_id=brief.id)
    counts["image_cost"], counts["cost"] = counts["cost"], counts["cost"] + counts["llm_cost"]
    total = counts["total"] or 0
    counts["percent"] = round(100 * counts["done"] / total) if total else (100 if brief.status == BriefStatus.FAILED else 0)
    return counts


def briefs_progress(*, briefs: list[Brief]) -> dict[int, dict]:
    """brief_progress for many briefs in one query, for lists."""
    rows = (
        Generation.objects.filter(prompt__brief__in=briefs).values("prompt__brief_id").annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=FINAL_STATUSES)),
            failed=Count("id", filter=Q(status=GenerationStatus.FAILED)),
            candidates=Count("id", filter=Q(candidate=True)),
            cost=Sum("cost_cents", filter=Q(cost_cents__isnull=False), default=Decimal(0)),
        )
    )
    progress = {b.id: {"total": 0, "done": 0, "failed": 0, "candidates": 0, "cost": Decimal(0), "percent": 0}
                for b in briefs}
    for row in rows:
        entry = progress[row.pop("prompt__brief_id")]
        entry.update(row)
        entry["percent"] = round(100 * row["done"] / row["total"]) if row["total"] else 0
    llm = LLMCall.objects.filter(brief__in=briefs).values("brief_id").annotate(
        cost=Sum("cost_cents", default=Decimal(0)))
    for row in llm:  # judgment is part of what a brief costs, as in brief_progress
        progress[row["brief_id"]]["cost"] += row["cost"]
    return progress


def brief_advance(*, brief_id: int) -> bool:
    """Once every generation is final, select the candidates and open review; True if this call did it."""
    brief = Brief.objects.get(id=brief_id)
    if brief.status not in (BriefStatus.GENERATING, BriefStatus.SCORING):
        return False
    statuses = set(Generation.objects.filter(prompt__brief_id=brief_id).values_list("status", flat=True))
    if not statuses <= set(FINAL_STATUSES):
        waiting_on_scores = not (statuses & set(IN_FLIGHT) | {GenerationStatus.PENDING} & statuses)
        if waiting_on_scores and brief.status == BriefStatus.GENERATING:
            Brief.objects.filter(id=brief_id, status=BriefStatus.GENERATING).update(status=BriefStatus.SCORING)
            events.publish(brief_id, "brief_changed")
        return False
    with transaction.atomic():
        # The conditional update decides which of several finishing workers selects, exactly once.
        won = Brief.objects.filter(
            id=brief_id, status__in=[BriefStatus.GENERATING, BriefStatus.SCORING]
        ).update(status=BriefStatus.REVIEWING)
        if not won:
            return False
        candidates_select(brief_id=brief_id)
        events.publish_on_commit(brief_id, "brief_changed")
    return True


def candidates_select(*, brief_id: int) -> list[int]:
    """Group near-duplicates, then shortlist the top share (ceil) of scored images for quality and variety.

    Every near-duplicate but the best of its group points at that one (`duplicate_of`) and is never a
    candidate, so reviewers see each picture once; the shortlist is maximal marginal relevance over
    score, style, model and looks (scoring/diversity.py).
    """
    from creative.scoring.diversity import Item, shortlist
    from creative.scoring.similarity import group_duplicates

    generations = list(
        Generation.objects.filter(prompt__brief_id=brief_id, status=GenerationStatus.SCORED)
        .select_related("prompt", "image_model").only("id", "score", "phash", "checks", "duplicate_of_id",
                                                       "prompt__style", "image_model__name")
    )
    hashes = {g.id: _hash_of(g) for g in generations}
    scores = {g.id: g.score or 0.0 for g in generations}
    representative = group_duplicates(hashes, scores=scores)
    group_sizes = Counter(representative.values())
    changed = []
    for generation in generations:
        best = representative[generation.id]
        duplicate_of = best if best != generation.id else None
        duplicates = group_sizes[generation.id] - 1 if duplicate_of is None else 0
        checks = generation.checks or {}
        if generation.duplicate_of_id != duplicate_of or checks.get("duplicates", 0) != duplicates:
            generation.duplicate_of_id = duplicate_of
            generation.checks = {**checks, "duplicates": duplicates}
            changed.append(generation)
    Generation.objects.bulk_update(changed, ["duplicate_of", "checks"])

    items = [Item(id=g.id, score=scores[g.id], style=g.prompt.style, model=g.image_model.name, phash=hashes[g.id])
             for g in generations if representative[g.id] == g.id]
    # The share is of every scored image (DESIGN §1); duplicates only cannot fill places.
    count = min(len(items), math.ceil(settings.CREATIVE_CANDIDATE_SHARE * len(generations)))
    chosen = shortlist(items, share=count / len(items))[:count] if count else []
    Generation.objects.filter(prompt__brief_id=brief_id).exclude(id__in=chosen).update(candidate=False)
    Generation.objects.filter(id__in=chosen).update(candidate=True)
    for gid in sorted(set(chosen) | {g.id for g in changed}):  # duplicate notes change cards too
        events.publish_on_commit(brief_id, "generation_changed", generation_id=gid)
    return chosen


def _hash_of(generation: Generation) -> int:
    """The stored perceptual hash; an image scored before hashes were kept gets a stand-in that is far
    from every other (a hash of its id), so it is never taken for anyone's duplicate."""
    if generation.phash:
        return int(generation.phash, 16)
    return int.from_bytes(hashlib.blake2b(str(generation.id).encode(), digest_size=8).digest(), "big")
