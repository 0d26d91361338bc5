"""A brief's prompts fanned out into pending generations, one per prompt, model, image and shape, queued slowest
first."""

from __future__ import annotations

import zlib

from django.conf import settings
from django.db.models import Avg

from creative import events, pricing, shapes
from creative.models import Brief, BriefStatus, Generation, ImageModel
from creative.pipeline import queue, transitions
from creative.prompt_writer import target_for
from creative.providers.registry import PROVIDERS


def image_size_for(model: ImageModel, shape: str = "") -> tuple[int, int]:
    """The size a model is asked for in a shape (creative.shapes); without one (a generation made before
    shapes, and the --ar prompts for Midjourney are written with), its first listed size, else
    CREATIVE_IMAGE_SIZE square."""
    if shape:
        return shapes.native_size(sizes=model.sizes, provider=model.provider, shape=shape)
    if model.sizes:
        width, _, height = str(model.sizes[0]).partition("x")
        return int(width), int(height)
    return settings.CREATIVE_IMAGE_SIZE, settings.CREATIVE_IMAGE_SIZE


def brief_fan_out(*, brief: Brief, models: list[ImageModel], left: BriefStatus) -> None:
    """Plan the brief's generations, move it from `left` to generating, and queue them once this
    transaction commits (the caller holds the brief's row locked)."""
    generations = _plan_generations(brief, models)
    transitions.brief_generating(brief_id=brief.id, left=left)
    queue.generations_run_on_commit([g.id for g in longest_first(generations)])
    events.publish_on_commit(brief.id, "brief_changed")


def _plan_generations(brief: Brief, models: list[ImageModel]) -> list[Generation]:
    prompts = list(brief.prompts.all())
    estimates = {model.id: pricing.image_estimate_cents(model=model) for model in models}
    generations = []
    for model in models:
        target = target_for(model.provider)
        # A target without prompts of its own (a model added after they were written) uses the plain ones.
        mine = [p for p in prompts if p.target == target] or [p for p in prompts if not p.target] or prompts
        for prompt in mine:
            for n in range(brief.images_per_prompt):
                # Deterministic per brief, and within the signed 32-bit range every provider accepts. The
                # shapes share it: one picture in several shapes, siblings an export crops each preset from.
                seed = zlib.crc32(f"{brief.id}:{prompt.position}:{model.name}:{n}".encode()) & 0x7FFFFFFF
                for shape in brief.shapes or shapes.default_shapes():
                    generations.append(Generation(prompt=prompt, image_model=model, seed=seed, shape=shape,
                                                  estimated_cost_cents=estimates[model.id]))
    return Generation.objects.bulk_create(generations)


def longest_first(generations: list[Generation]) -> list[Generation]:
    """The order to queue a brief's generations in: the models that took longest lately first.

    A brief is ready when its slowest image is, so its calls start before the quick ones (longest
    processing time first); with the queue's workers busy, a slow model queued last would add its
    wait to the whole brief. A model without a recorded image yet counts as slowest, and among those
    an async job goes first: its submit frees the worker at once while the provider works.
    """
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
