"""Prompt writing by a chat model (issue 5): five styles in parts, worded per target family."""

import pytest

from creative.analysis.schema import Requirements
from creative.models import LLMCall, LLMOutcome
from creative.prompt_writer import prompts_write, target_for, validated_parts
from creative.prompting import STYLE_KEYS
from tests.judgment_fixtures import *  # noqa: F403
from tests.judgment_fixtures import FAULTS, PROVIDERS, inject_fault
from tests.test_prompting import template_prompts

pytestmark = pytest.mark.django_db

REQUIREMENTS = Requirements(
    product="smartwatch", audience="urban professionals", selling_points=["health monitoring"],
    tone=["tech"], scenarios=["office"], colours=["blue", "silver"], must_include=["watch on a wrist"],
    avoid=["spec sheets"],
)


def written(style: str, **overrides) -> dict:
    parts = {
        "style": style, "subject": f"a smartwatch on a runner's wrist ({style})", "look": "shot on 85mm",
        "light_and_colour": "cool blue rim light, silver highlights", "composition": "low angle, space above",
        "detail": "crisp detail", "avoid": ["cluttered background"],
    }
    return {**parts, **overrides}


ANSWER = {"prompts": [written(key) for key in STYLE_KEYS]}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_model_writes_five_styles_and_every_draft_uses_its_parts(judge, provider):
    fake = judge("CREATIVE_PROMPT_MODEL", provider)
    fake.answer_json(ANSWER)

    result = prompts_write(requirements=REQUIREMENTS, targets={"": (1024, 1024)})

    assert result.source.startswith(f"{provider}:") and result.note == ""
    assert [d.style for d in result.drafts] == list(STYLE_KEYS)
    assert {d.source for d in result.drafts} == {"llm"}
    draft = result.drafts[0]
    assert draft.text == ("a smartwatch on a runner's wrist (product_photography), shot on 85mm, cool blue rim light, "
                          "silver highlights, low angle, space above, crisp detail")
    # The brief's avoid items lead, then the model's, then the defects every ad avoids.
    assert draft.negative_text.startswith("spec sheets, cluttered background, blurry")
    assert LLMCall.objects.get().outcome == LLMOutcome.SUCCEEDED


def test_the_request_carries_the_requirements_and_the_styles(judge):
    fake = judge("CREATIVE_PROMPT_MODEL", "openai")
    fake.answer_json(ANSWER)

    prompts_write(requirements=REQUIREMENTS, targets={"": (1024, 1024)})

    body = fake.requests[-1].json()
    user = body["messages"][-1]["content"]
    assert '"product": "smartwatch"' in user
    assert all(key in user for key in STYLE_KEYS)
    items = body["response_format"]["json_schema"]["schema"]["properties"]["prompts"]["items"]
    assert items["properties"]["style"]["enum"] == list(STYLE_KEYS)


def test_missing_styles_are_filled_from_templates_and_noted(judge):
    fake = judge("CREATIVE_PROMPT_MODEL", "anthropic")
    fake.answer_json({"prompts": [written("lifestyle"), written("lifestyle", subject="again"), written("minimalist")]})

    result = prompts_write(requirements=REQUIREMENTS, targets={"": (1024, 1024)})

    by_style = {d.style: d for d in result.drafts}
    assert by_style["lifestyle"].source == "llm" and "(lifestyle)" in by_style["lifestyle"].text
    templated = template_prompts(REQUIREMENTS, ("3d_render",))[0]
    assert (by_style["3d_render"].source, by_style["3d_render"].text) == ("rules", templated.text)
    assert result.note == "repaired: templates for product_photography, 3d_render, flat_illustration"
    assert LLMCall.objects.get().outcome == LLMOutcome.REPAIRED


@pytest.mark.parametrize("kind", FAULTS[:6])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_failed_call_falls_back_to_the_templates(judge, settings, provider, kind):
    fake = judge("CREATIVE_PROMPT_MODEL", provider)
    inject_fault(fake, kind, settings)

    result = prompts_write(requirements=REQUIREMENTS, targets={"": (1024, 1024)})

    assert result.source == "templates" and result.note.startswith(f"fallback from {provider}:")
    assert [(d.text, d.negative_text) for d in result.drafts] == [
        (t.text, t.negative_text) for t in template_prompts(REQUIREMENTS)]
    assert LLMCall.objects.get().outcome == LLMOutcome.FAILED


@pytest.mark.parametrize("provider", ["openai", "gemini"])
def test_a_cut_off_answer_keeps_the_prompts_it_finished(judge, provider):
    fake = judge("CREATIVE_PROMPT_MODEL", provider)
    fake.truncated_output(ANSWER)  # JSON text cut in half: two or three prompts complete

    result = prompts_write(requirements=REQUIREMENTS, targets={"": (1024, 1024)})

    sources = [d.source for d in result.drafts]
    assert sources[0] == "llm" and sources[-1] == "rules"
    assert result.note.startswith("repaired: templates for") and "cut off" in result.note


def test_without_a_model_the_plain_wording_is_the_templates_exactly(judge):
    result = prompts_write(requirements=REQUIREMENTS, targets={"": (2048, 2048)})

    assert result.source == "templates" and not LLMCall.objects.exists()
    assert [(d.text, d.negative_text) for d in result.drafts] == [
        (t.text, t.negative_text) for t in template_prompts(REQUIREMENTS)]


def test_each_target_family_gets_its_own_wording(judge):
    result = prompts_write(requirements=REQUIREMENTS,
                           targets={"midjourney": (1536, 1024), "stability": (1024, 1024), "natural": (1024, 1024)})

    drafts = {(d.target, d.style): d for d in result.drafts}
    assert len(drafts) == 15
    midjourney = drafts["midjourney", "product_photography"]
    assert " --ar 3:2 --style raw --no spec sheets, blurry" in midjourney.text
    assert midjourney.negative_text == ""  # in the text: the relay adapter must not add a second --no
    assert "--style raw" not in drafts["midjourney", "flat_illustration"].text
    stability = drafts["stability", "minimalist"]
    assert "--" not in stability.text and stability.negative_text.endswith("oversaturated, extra fingers")
    natural = drafts["natural", "lifestyle"]
    assert ". Light and colour: natural warm daylight" in natural.text and natural.text.endswith(".")


def test_providers_map_to_their_families():
    assert [target_for(p) for p in ("midjourney", "stability", "openai", "gemini", "flux", "imagen", "local")] == [
        "midjourney", "stability", "natural", "natural", "natural", "", ""]


def test_malformed_items_are_skipped():
    answer = {"prompts": [written("lifestyle", subject=""), written("watercolour"), "not an object",
                          written("minimalist", look=7), written("3d_render")]}

    parts = validated_parts(answer)

    assert [p.style for p in parts] == ["3d_render", "minimalist"]
    assert parts[1].look == ""  # a wrong-typed part is left out; the others stand
