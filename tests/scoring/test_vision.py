import base64
import io

import pytest
from PIL import Image

from creative.models import LLMCall, LLMOutcome
from creative.scoring.facts import image_for_model
from creative.scoring.vision import CRITERIA, blend, vision_judge
from tests.judgment_fixtures import *  # noqa: F403
from tests.judgment_fixtures import FAULTS, PROVIDERS, inject_fault

pytestmark = pytest.mark.django_db

REQUIREMENTS = {
    "product": "smartwatch", "audience": "urban professionals", "selling_points": ["health monitoring"],
    "tone": ["tech"], "scenarios": ["office"], "colours": ["blue", "silver"],
    "must_include": ["watch worn on a wrist"], "avoid": ["technical spec sheets"], "language": "en",
}
VERDICT = {
    "composition": 80, "colour": 70, "clarity": 90, "match": 60, "brand_safety": 100,
    "comment": "Clean hero shot; the wrist is cropped too tight.",
    "must_include": [{"item": "Watch worn on a wrist", "present": True}],
    "avoid": [{"item": "technical spec sheets", "present": False}, {"item": "a dog", "present": True}],
}


def picture() -> bytes:
    image = Image.new("RGB", (2048, 1024), (30, 60, 160))
    return image_for_model(image)


def sent_image(fake, provider: str) -> bytes:
    body = fake.requests[-1].json()
    if provider == "openai":
        url = body["messages"][-1]["content"][1]["image_url"]["url"]
        assert url.startswith("data:image/jpeg;base64,")
        return base64.b64decode(url.split(",", 1)[1])
    if provider == "anthropic":
        source = body["messages"][0]["content"][0]["source"]
        assert (source["type"], source["media_type"]) == ("base64", "image/jpeg")
        return base64.b64decode(source["data"])
    inline = body["contents"][0]["parts"][0]["inlineData"]
    assert inline["mimeType"] == "image/jpeg"
    return base64.b64decode(inline["data"])


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_image_goes_as_base64_and_the_verdict_comes_back(judge, provider):
    fake = judge("CREATIVE_SCORING_MODEL", provider)
    fake.answer_json(VERDICT)
    jpeg = picture()

    verdict = vision_judge(image_jpeg=jpeg, requirements=REQUIREMENTS)

    assert sent_image(fake, provider) == jpeg
    assert verdict.scores == {"composition": 80, "colour": 70, "clarity": 90, "match": 60, "brand_safety": 100}
    assert verdict.comment == "Clean hero shot; the wrist is cropped too tight."
    # Items are matched to the brief's own wording; an item the brief never asked about is dropped.
    assert verdict.must_include == {"watch worn on a wrist": True}
    assert verdict.avoid == {"technical spec sheets": False}
    assert verdict.total == pytest.approx(80 * .2 + 70 * .15 + 90 * .2 + 60 * .3 + 100 * .15)
    assert LLMCall.objects.get().outcome == LLMOutcome.SUCCEEDED


def test_the_copy_sent_is_a_small_jpeg():
    data = picture()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (768, 384))


def test_the_requirements_and_the_items_to_check_are_in_the_message(judge):
    fake = judge("CREATIVE_SCORING_MODEL", "anthropic")

    vision_judge(image_jpeg=picture(), requirements=REQUIREMENTS)

    text = fake.requests[-1].json()["messages"][0]["content"][-1]["text"]
    assert "smartwatch" in text and "Must include: watch worn on a wrist" in text
    assert "Avoid: technical spec sheets" in text


@pytest.mark.parametrize("kind", FAULTS[:6])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_failed_call_leaves_the_heuristic_score_alone_and_says_why(judge, settings, provider, kind):
    fake = judge("CREATIVE_SCORING_MODEL", provider)
    inject_fault(fake, kind, settings)

    verdict = vision_judge(image_jpeg=picture(), requirements=REQUIREMENTS)

    assert verdict.scores == {} and verdict.total is None
    assert verdict.note.startswith(f"fallback from {provider}:")
    assert blend(64.0, verdict, weight=0.5) == 64.0
    assert LLMCall.objects.get().outcome == LLMOutcome.FAILED


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cut_off_verdict_keeps_the_criteria_it_finished(judge, provider):
    fake = judge("CREATIVE_SCORING_MODEL", provider)
    fake.truncated_output(VERDICT)

    verdict = vision_judge(image_jpeg=picture(), requirements=REQUIREMENTS)

    assert len(verdict.scores) >= 3 and verdict.scores["composition"] == 80
    assert verdict.note.startswith("repaired") and "cut off" in verdict.note
    assert LLMCall.objects.get().outcome == LLMOutcome.REPAIRED


def test_an_answer_missing_some_criteria_is_used_and_noted(judge):
    fake = judge("CREATIVE_SCORING_MODEL", "gemini")
    fake.answer_json({k: v for k, v in VERDICT.items() if k not in ("colour", "brand_safety")})

    verdict = vision_judge(image_jpeg=picture(), requirements=REQUIREMENTS)

    assert set(verdict.scores) == {"composition", "clarity", "match"}
    assert verdict.total == pytest.approx((80 * .2 + 90 * .2 + 60 * .3) / .7)
    assert verdict.note.startswith("repaired: no colour, brand_safety")
    assert LLMCall.objects.get().outcome == LLMOutcome.REPAIRED


def test_scores_out_of_range_are_clamped_and_wrong_types_dropped(judge):
    fake = judge("CREATIVE_SCORING_MODEL", "gemini")
    fake.answer_json({**VERDICT, "composition": 140, "colour": -5, "clarity": "high", "brand_safety": True})

    verdict = vision_judge(image_jpeg=picture(), requirements=REQUIREMENTS)

    assert verdict.scores == {"composition": 100, "colour": 0, "match": 60}


def test_blend_moves_the_heuristic_score_by_the_weight():
    from creative.scoring.vision import VisionVerdict

    verdict = VisionVerdict(spec="x:y", scores={name: 20.0 for name in CRITERIA})
    assert blend(80.0, verdict, weight=0.25) == pytest.approx(65.0)
    assert blend(80.0, verdict, weight=0.0) == 80.0
    assert blend(80.0, None, weight=1.0) == 80.0
