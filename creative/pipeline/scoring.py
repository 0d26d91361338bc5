"""Scoring a stored image: the score, its breakdown, the focal point, the gallery thumbnail, and the
brief's constraint checks (palette; must-include and avoid when a vision model looks at it)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile

from creative import cpu_pool, events, judgment
from creative.models import Generation, GenerationStatus, LLMRole
from creative.pipeline import transitions
from creative.pipeline.files import losing_copy_discard
from creative.pipeline.references import product_cutouts
from creative.pipeline.selection import brief_advance
from creative.scoring.facts import image_facts
from creative.scoring.vision import blend, vision_judge


def _load(generation_id: int) -> Generation:
    return Generation.objects.select_related("prompt__brief", "image_model").get(id=generation_id)


def generation_score(*, generation_id: int) -> None:
    """Score a stored image, keep a small thumbnail for the gallery, and move the brief on."""
    generation = _load(generation_id)
    if generation.status != GenerationStatus.SUCCEEDED:
        return
    requirements = generation.prompt.brief.requirements or {}
    with generation.image.open("rb") as fh:
        data = fh.read()
    # Ahead of any image still waiting to be drawn: the gallery fills one finished card after another.
    facts = cpu_pool.run(image_facts, data, colours=requirements.get("colours") or [],
                         for_model=bool(judgment.model_for(LLMRole.SCORING)),
                         products=product_cutouts(brief_id=generation.prompt.brief_id), priority=cpu_pool.SCORING)
    # No file or transaction is open: the vision call may take seconds, or fail and fall back.
    verdict = None
    if facts.for_model is not None:
        verdict = vision_judge(image_jpeg=facts.for_model, requirements=requirements,
                               brief_id=generation.prompt.brief_id, generation_id=generation.id)
    score = facts.score
    breakdown = {k: round(v, 1) for k, v in score.breakdown.items()}
    if verdict is not None:
        breakdown.update({f"vision_{k}": round(v, 1) for k, v in verdict.scores.items()})
    if facts.fidelity is not None:
        breakdown["fidelity"] = facts.fidelity.score
    total = blend(score.total, verdict, weight=settings.CREATIVE_VISION_WEIGHT)
    generation.thumbnail.save("thumb.webp", ContentFile(facts.thumbnail), save=False)
    updated = transitions.generation_scored(
        generation_id=generation_id, score=round(total, 1), score_breakdown=breakdown,
        focal_x=score.focal_point[0], focal_y=score.focal_point[1], thumbnail=generation.thumbnail.name,
        phash=facts.phash, phash_crops=facts.phash_crops,
        checks=checks_for(palette=facts.palette, verdict=verdict, heuristic=score.total, fidelity=facts.fidelity),
    )
    if not updated:  # scored by another worker (a re-queued task) first: keep theirs, not a second file
        losing_copy_discard(generation_id, generation.thumbnail)
        return
    events.publish(generation.prompt.brief_id, "generation_changed", generation_id=generation.id)
    brief_advance(brief_id=generation.prompt.brief_id)


def checks_for(*, palette, verdict, heuristic: float, fidelity=None) -> dict:
    """The card's badges and notes as JSON: palette per colour, must-include/avoid, the vision comment, and
    whether the brief's product photo was kept (below the threshold it is never shortlisted)."""
    checks: dict = {
        "palette": {
            "ok": palette.ok,
            "colours": [{"name": name, "ok": ok, "delta_e": palette.distances[name]}
                        for name, ok in palette.matches.items()],
            "unknown": palette.unknown,
        },
    }
    if fidelity is not None:
        checks["product"] = {"fidelity": fidelity.score, "ok": fidelity.kept, "box": list(fidelity.box)}
    if verdict is not None:
        checks["vision"] = {
            "model": verdict.spec,
            "score": round(verdict.total, 1) if verdict.total is not None else None,
            "heuristic": round(heuristic, 1),
            "comment": verdict.comment,
            "brand_safety": verdict.scores.get("brand_safety"),
            "note": verdict.note,
            "used": bool(verdict.scores),
        }
        checks["must_include"] = [{"item": k, "ok": v} for k, v in verdict.must_include.items()]
        # An avoid item passes when it is absent.
        checks["avoid"] = [{"item": k, "ok": not v} for k, v in verdict.avoid.items()]
    return checks
