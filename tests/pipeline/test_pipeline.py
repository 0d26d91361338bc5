from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from creative import pipeline
from creative.models import Brief, BriefStatus, Generation, GenerationStatus, Prompt
from tests.factories import (
    LAUNCH_BRIEF,
    local_model,
    make_brief,
    make_generation,
    make_workspace,
    submit_brief,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_launch_brief_runs_to_review_with_three_candidates():
    brief = submit_brief()
    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING
    assert brief.requirements["product"] == "smartwatch"
    assert brief.analysis_source == "rules"
    assert brief.prompts.count() == 5
    generations = Generation.objects.filter(prompt__brief=brief)
    assert generations.count() == 15
    assert set(generations.values_list("status", flat=True)) == {GenerationStatus.SCORED}
    candidates = generations.filter(candidate=True)
    assert candidates.count() == 3
    # The best image leads the shortlist; the other places go to variety (issue 5), here three styles.
    assert generations.order_by("-score", "id").first().candidate
    assert len({c.prompt.style for c in candidates}) == 3


def test_generations_store_a_decodable_image_with_its_facts(settings):
    settings.CREATIVE_IMAGE_SIZE = 2048  # the one end-to-end run at the size a server renders
    brief = submit_brief(images_per_prompt=1)
    generation = Generation.objects.filter(prompt__brief=brief).first()
    with generation.image.open("rb") as fh, Image.open(fh) as img:
        assert img.size == (generation.width, generation.height) == (2048, 2048)
    assert len(generation.sha256) == 64
    assert generation.attempt == 1
    assert generation.requested_at <= generation.finished_at
    assert 0 <= generation.score <= 100
    assert {"sharpness", "exposure", "contrast", "colourfulness", "colour_match", "composition"} <= set(
        generation.score_breakdown
    )
    assert 0 <= generation.focal_x <= 1 and 0 <= generation.focal_y <= 1
    with generation.thumbnail.open("rb") as fh, Image.open(fh) as thumb:
        assert max(thumb.size) == 512


def test_images_of_one_brief_differ_by_seed_and_style():
    brief = submit_brief(images_per_prompt=2)
    hashes = list(Generation.objects.filter(prompt__brief=brief).values_list("sha256", flat=True))
    assert len(set(hashes)) == len(hashes) == 10


def test_unusable_brief_is_refused_and_nothing_is_stored():
    with pytest.raises(pipeline.BriefError, match="No product"):
        submit_brief(text="make it pop")
    assert Brief.objects.count() == 0


def test_a_generation_that_is_no_longer_pending_is_not_run_again():
    generation = make_generation(status=GenerationStatus.REQUESTING, attempt=1)
    pipeline.generation_run(generation_id=generation.id)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.REQUESTING
    assert generation.attempt == 1
    assert not generation.image


def test_budget_stops_generations_that_would_cross_it():
    model = local_model(name="priced-local", price_cents=2)
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[model],
                                  images_per_prompt=1, budget_cents=5)
    statuses = list(Generation.objects.filter(prompt__brief=brief).order_by("id").values_list("status", "error_kind"))
    assert statuses[:2] == [(GenerationStatus.SCORED, "")] * 2
    assert statuses[2:] == [(GenerationStatus.FAILED, "budget")] * 3
    assert Brief.objects.get(id=brief.id).status == BriefStatus.REVIEWING


def test_sweep_settles_a_sync_call_left_in_flight_as_unknown_outcome():
    brief = make_brief()
    stale = make_generation(brief=brief, status=GenerationStatus.REQUESTING, attempt=1,
                            requested_at=timezone.now() - timedelta(hours=1))
    fresh = make_generation(brief=brief, status=GenerationStatus.REQUESTING, attempt=1, requested_at=timezone.now())
    assert pipeline.generations_sweep() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, stale.error_kind) == (GenerationStatus.FAILED, "unknown_outcome")
    assert fresh.status == GenerationStatus.REQUESTING


def test_a_person_can_retry_a_failed_generation():
    brief = make_brief(status=BriefStatus.REVIEWING)
    generation = make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="unknown_outcome", attempt=1)
    assert pipeline.generation_retry(generation=generation)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.SCORED
    assert generation.attempt == 2
    # No image had made the shortlist, so the retry finished the brief and selected one.
    assert generation.candidate
    assert Brief.objects.get(id=brief.id).status == BriefStatus.REVIEWING


def test_a_retry_during_review_leaves_the_shortlist_as_reviewers_have_it():
    brief = submit_brief(images_per_prompt=1)
    generations = Generation.objects.filter(prompt__brief=brief)
    promoted = generations.filter(candidate=False).order_by("score").first()
    assert pipeline.generation_promote(generation=promoted)
    shortlist = set(generations.filter(candidate=True).values_list("id", flat=True))
    failed = make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="timeout", attempt=1)

    assert pipeline.generation_retry(generation=failed)

    failed.refresh_from_db()
    assert failed.status == GenerationStatus.SCORED and not failed.candidate
    assert set(generations.filter(candidate=True).values_list("id", flat=True)) == shortlist
    assert promoted.id in shortlist
    assert Brief.objects.get(id=brief.id).status == BriefStatus.REVIEWING


def test_selection_marks_the_top_fifth_rounded_up():
    brief = make_brief(status=BriefStatus.SCORING)
    prompt = Prompt.objects.create(brief=brief, style="minimalist", text="x")
    model = local_model()
    for score in (10, 90, 50, 70, 30, 20, 80, 60, 40, 35, 15):
        Generation.objects.create(prompt=prompt, image_model=model, status=GenerationStatus.SCORED, score=score)
    assert pipeline.brief_advance(brief_id=brief.id)
    chosen = sorted(Generation.objects.filter(candidate=True).values_list("score", flat=True))
    assert chosen == [70, 80, 90]  # ceil(11 * 0.2) = 3
    assert not pipeline.brief_advance(brief_id=brief.id)  # selection happens once
