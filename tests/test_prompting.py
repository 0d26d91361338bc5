from typing import NamedTuple

from creative.analysis.schema import Requirements
from creative.prompt_writer import render, template_parts
from creative.prompting import STYLE_KEYS, STYLES_BY_KEY


class TemplatePrompt(NamedTuple):
    style: str
    text: str
    negative_text: str


def template_prompts(requirements: Requirements, styles: tuple[str, ...] = STYLE_KEYS) -> list[TemplatePrompt]:
    """The template prompts as prompt_writer words them for the plain target when no model writes them."""
    return [
        TemplatePrompt(key, *render(template_parts(requirements, STYLES_BY_KEY[key]), requirements, target="",
                                    size=(1024, 1024)))
        for key in styles
    ]

REQUIREMENTS = Requirements(
    product="smartwatch", audience="25-35 year old urban professionals",
    selling_points=["health monitoring", "long battery life"], tone=["tech", "warm"],
    scenarios=["sports", "office"], colours=["blue", "silver"], must_include=["watch wearing effect"],
    avoid=["overly complex technical parameter displays"],
)


def test_one_prompt_per_style_in_five_styles():
    drafts = template_prompts(REQUIREMENTS)
    assert [d.style for d in drafts] == list(STYLE_KEYS)
    assert set(STYLE_KEYS) == {"product_photography", "lifestyle", "3d_render", "flat_illustration", "minimalist"}
    assert len({d.text for d in drafts}) == 5


def test_prompts_carry_the_requirements():
    for draft in template_prompts(REQUIREMENTS):
        for phrase in ("smartwatch", "health monitoring", "long battery life", "blue", "silver",
                       "watch wearing effect", "sports"):
            assert phrase in draft.text, (draft.style, phrase)


def test_negative_prompt_carries_the_avoid_items():
    for draft in template_prompts(REQUIREMENTS):
        assert draft.negative_text.startswith("overly complex technical parameter displays")
        assert "overly complex" not in draft.text


def test_prompt_without_optional_fields_still_reads_well():
    (draft,) = template_prompts(Requirements(product="coffee"), styles=("minimalist",))
    assert draft.text.startswith("Minimalist advertising image of coffee,")
    assert "  " not in draft.text and ", ," not in draft.text
