"""The three roles wired into a brief end to end (issue 5): sources, notes, blended scores, cost."""

import io

import pytest
from django.template.loader import render_to_string
from PIL import Image, ImageDraw

from creative import pipeline
from creative.judgment import brief_judgment
from creative.models import BriefStatus, Generation, GenerationStatus, LLMCall, LLMOutcome
from creative.prompting import STYLE_KEYS
from creative.scoring.vision import CRITERIA
from tests.factories import local_model, submit_brief
from tests.judgment_fixtures import *  # noqa: F403
from tests.judgment_fixtures import MODELS

pytestmark = pytest.mark.django_db(transaction=True)

ANALYSIS = {
    "product": "smartwatch", "audience": "urban professionals", "selling_points": ["health monitoring"],
    "tone": ["tech"], "scenarios": ["office"], "colours": ["blue", "silver"],
    "must_include": ["watch worn on a wrist"], "avoid": ["technical spec sheets"], "language": "en",
}
PROMPTS = {"prompts": [
    {"style": key, "subject": f"smartwatch hero, {key}", "look": "studio", "light_and_colour": "blue light",
     "composition": "centred", "detail": "crisp", "avoid": ["clutter"]} for key in STYLE_KEYS
]}
VERDICT = {"composition": 90, "colour": 80, "clarity": 70, "match": 60, "brand_safety": 100,
           "comment": "Strong product focus.", "must_include": [{"item": "watch worn on a wrist", "present": False}],
           "avoid": [{"item": "technical spec sheets", "present": False}]}


@pytest.fixture
def three_roles(judge):
    """Each role on a different provider, so each fake's queue serves one role."""
    analysis = judge("CREATIVE_ANALYSIS_MODEL", "anthropic")
    prompts = judge("CREATIVE_PROMPT_MODEL", "openai")
    scoring = judge("CREATIVE_SCORING_MODEL", "gemini")
    return analysis, prompts, scoring


def test_a_brief_is_analysed_written_and_scored_by_the_configured_models(three_roles, settings):
    settings.CREATIVE_VISION_WEIGHT = 0.5
    analysis, prompts, scoring = three_roles
    analysis.answer_json(ANALYSIS)
    prompts.answer_json(PROMPTS)
    scoring.answer_json(VERDICT, times=5)

    brief = submit_brief(images_per_prompt=1)

    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING
    assert (brief.analysis_source, brief.analysis_note) == (f"anthropic:{MODELS['anthropic']}", "")
    assert brief.requirements["audience"] == "urban professionals"
    assert set(brief.prompts.values_list("source", flat=True)) == {"llm"}
    assert brief.prompts.get(style="lifestyle").text.startswith("smartwatch hero, lifestyle, studio")
    for generation in Generation.objects.filter(prompt__brief=brief):
        vision = generation.checks["vision"]
        assert vision["score"] == pytest.approx(90 * .2 + 80 * .15 + 70 * .2 + 60 * .3 + 100 * .15, abs=0.05)
        assert generation.score == pytest.approx(0.5 * vision["heuristic"] + 0.5 * vision["score"], abs=0.1)
        assert {f"vision_{name}" for name in CRITERIA} <= set(generation.score_breakdown)
        assert vision["comment"] == "Strong product focus."
        assert generation.checks["must_include"] == [{"item": "watch worn on a wrist", "ok": False}]
        assert generation.checks["avoid"] == [{"item": "technical spec sheets", "ok": True}]
    assert len(scoring.requests) == 5


def test_chat_costs_are_recorded_per_call_and_added_to_the_brief(three_roles):
    analysis, prompts, _ = three_roles
    analysis.answer_json(ANALYSIS)
    prompts.answer_json(PROMPTS)

    brief = submit_brief(images_per_prompt=1)

    calls = LLMCall.objects.filter(brief=brief)
    assert sorted(calls.values_list("role", flat=True)) == ["analysis", "prompts"] + ["scoring"] * 5
    assert all(c.cost_cents > 0 and c.input_tokens > 0 for c in calls)
    llm_cost = sum(c.cost_cents for c in calls)
    progress = pipeline.brief_progress(brief=brief)
    assert progress["llm_cost"] == llm_cost
    assert progress["cost"] == progress["image_cost"] + llm_cost
    assert pipeline.briefs_progress(briefs=[brief])[brief.id]["cost"] == progress["cost"]
    # An image call to the vision model carries the image: it costs more input than the text-only roles.
    vision = calls.filter(role="scoring").first()
    assert vision.input_tokens > calls.get(role="analysis").input_tokens
    assert vision.generation_id is not None


def test_every_role_failing_still_finishes_the_brief_and_says_why(three_roles):
    analysis, prompts, scoring = three_roles
    analysis.overloaded(times=3)
    prompts.server_error(500, times=3)
    scoring.rate_limit(retry_delay="30s", times=5)

    brief = submit_brief(images_per_prompt=1)

    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING
    assert brief.analysis_source == "rules"
    assert brief.analysis_note.startswith("fallback from anthropic:claude-sonnet-4-5: overloaded: HTTP 529")
    assert set(brief.prompts.values_list("source", flat=True)) == {"rules"}
    generations = Generation.objects.filter(prompt__brief=brief)
    assert set(generations.values_list("status", flat=True)) == {GenerationStatus.SCORED}
    for generation in generations:
        assert generation.checks["vision"]["used"] is False
        assert generation.score == pytest.approx(generation.checks["vision"]["heuristic"], abs=0.05)
    notes = brief_judgment(brief=brief)
    assert notes["analysis"].startswith("rules (fallback from anthropic:")
    assert notes["prompts"].startswith("templates (fallback from openai:gpt-4o-mini: provider_error: HTTP 500")
    assert "5 by heuristics only; last fallback from gemini:gemini-2.5-flash: rate_limited" in notes["scoring"]
    assert LLMCall.objects.filter(brief=brief, outcome=LLMOutcome.FAILED).count() == 7
    card = render_to_string("reviews/_judgment.html", {"generation": generations.first()})
    assert "Scored by heuristics only: fallback from gemini:gemini-2.5-flash: rate_limited" in card
    note = render_to_string("reviews/_brief_judgment.html", {"judgment": notes})
    assert "Analysis: rules (fallback from anthropic:claude-sonnet-4-5: overloaded" in note


def test_without_models_configured_nothing_is_called_and_notes_say_rules(judge):
    brief = submit_brief(images_per_prompt=1)

    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING and brief.analysis_source == "rules"
    assert not LLMCall.objects.exists()
    notes = brief_judgment(brief=brief)
    assert (notes["analysis"], notes["prompts"], notes["scoring"]) == ("rules", "templates", "heuristics")
    assert "vision" not in Generation.objects.filter(prompt__brief=brief).first().checks


def png(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=80)
    return buffer.getvalue()


def poster(background, accent, box) -> Image.Image:
    image = Image.new("RGB", (1024, 1024), background)
    ImageDraw.Draw(image).ellipse(box, fill=accent)
    return image


def stored_generation(brief, model, image_bytes: bytes, style: str = "minimalist") -> Generation:
    from django.core.files.base import ContentFile

    from creative.models import Prompt

    prompt = Prompt.objects.create(brief=brief, style=style, text=style)
    generation = Generation.objects.create(prompt=prompt, image_model=model, status=GenerationStatus.SUCCEEDED)
    generation.image.save("image.png", ContentFile(image_bytes))
    return generation


def test_near_identical_images_are_grouped_and_shown_once(judge):
    from tests.factories import make_brief

    brief = make_brief(status=BriefStatus.SCORING, requirements={"colours": ["blue"]})
    model = local_model()
    first = poster((20, 40, 160), (230, 230, 230), (300, 300, 700, 700))
    # The same picture a second model returned, a little smaller and recompressed: a near-duplicate.
    same = first.resize((900, 900)).convert("RGB")
    other = poster((200, 40, 40), (20, 20, 20), (100, 500, 400, 900))
    generations = [stored_generation(brief, model, png(first), "lifestyle"),
                   stored_generation(brief, model, png(same, "JPEG"), "lifestyle"),
                   stored_generation(brief, model, png(other), "3d_render")]
    for generation in generations:
        pipeline.generation_score(generation_id=generation.id)

    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING  # scoring the last image selected the candidates
    a, b, c = (Generation.objects.get(id=g.id) for g in generations)
    assert len(a.phash) == len(b.phash) == 16
    best, duplicate = (a, b) if a.score >= b.score else (b, a)
    assert duplicate.duplicate_of_id == best.id and best.duplicate_of_id is None and c.duplicate_of_id is None
    assert best.checks["duplicates"] == 1
    assert not duplicate.candidate  # a reviewer never gets the second copy
    card = render_to_string("reviews/_judgment.html", {"generation": duplicate})
    assert f"Repeats image #{best.id}" in card
    assert "1 near-duplicate of this image" in render_to_string("reviews/_judgment.html", {"generation": best})


def test_palette_badges_say_which_requested_colours_the_image_has(judge):
    from tests.factories import make_brief

    brief = make_brief(status=BriefStatus.SCORING, requirements={"colours": ["blue", "gold"]})
    generation = stored_generation(brief, local_model(), png(poster((20, 40, 200), (240, 240, 240), (0, 0, 10, 10))))

    pipeline.generation_score(generation_id=generation.id)

    generation.refresh_from_db()
    colours = {c["name"]: c["ok"] for c in generation.checks["palette"]["colours"]}
    assert colours == {"blue": True, "gold": False} and generation.checks["palette"]["ok"] is False
    card = render_to_string("reviews/_judgment.html", {"generation": generation})
    assert "✓ blue" in card and "✗ gold" in card


def test_the_shortlist_trades_a_little_score_for_another_style(judge):
    from creative.models import Prompt
    from creative.scoring.similarity import hamming
    from tests.factories import make_brief

    brief = make_brief(status=BriefStatus.SCORING)
    model = local_model()
    hashes = [(i * 0x9E3779B97F4A7C15) & (2**64 - 1) for i in range(1, 11)]
    assert min(hamming(x, y) for x in hashes for y in hashes if x != y) > 10  # no near-duplicates here
    rows = [("lifestyle", 90 - i) for i in range(8)] + [("minimalist", 80), ("minimalist", 79)]
    ids = {}
    for (style, score), phash in zip(rows, hashes):
        prompt = Prompt.objects.create(brief=brief, style=style, text=style)
        generation = Generation.objects.create(prompt=prompt, image_model=model, status=GenerationStatus.SCORED,
                                               score=score, phash=f"{phash:016x}")
        ids[style, score] = generation.id

    assert pipeline.brief_advance(brief_id=brief.id)

    chosen = Generation.objects.filter(candidate=True)
    # Top scores alone would pick two lifestyle images (90, 89); a reviewer is better served by two styles.
    assert ids["lifestyle", 90] in {g.id for g in chosen}
    assert sorted(g.prompt.style for g in chosen) == ["lifestyle", "minimalist"]


@pytest.mark.parametrize("copy", ["mirrored", "cropped", "mirrored and cropped"])
def test_a_mirrored_or_cropped_copy_of_a_stored_image_is_grouped_with_it(judge, copy):
    from PIL import ImageOps

    from tests.factories import make_brief

    brief = make_brief(status=BriefStatus.SCORING)
    model = local_model()
    source = Image.new("RGB", (1024, 1024), (30, 60, 150))
    draw = ImageDraw.Draw(source)
    draw.ellipse((120, 200, 520, 600), fill=(240, 200, 40))
    draw.rectangle((620, 540, 940, 900), fill=(200, 40, 60))
    cropped = source.crop((40, 30, 1024 - 50, 1024 - 60)) if "cropped" in copy else source
    twin = ImageOps.mirror(cropped) if "mirrored" in copy else cropped
    other = poster((200, 40, 40), (20, 20, 20), (100, 500, 400, 900))
    generations = [stored_generation(brief, model, png(source), "lifestyle"),
                   stored_generation(brief, model, png(twin), "3d_render"),
                   stored_generation(brief, model, png(other), "minimalist")]
    for generation in generations:
        pipeline.generation_score(generation_id=generation.id)

    a, b, c = (Generation.objects.get(id=g.id) for g in generations)
    assert len(a.phash_crops) == 18
    assert {a.duplicate_of_id, b.duplicate_of_id} - {None} in ({a.id}, {b.id})
    assert c.duplicate_of_id is None
    assert not (a.candidate and b.candidate)  # one picture never takes two places
