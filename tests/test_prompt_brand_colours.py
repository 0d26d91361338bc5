"""Brand colours feed the prompts: named as an image model reads them, with the exact hex beside the name."""

from creative.analysis.schema import Requirements
from creative.prompt_writer import brand_parts, prompt_request, render, template_parts
from creative.prompting import STYLES_BY_KEY, brand_colour_phrase, colour_name

REQUIREMENTS = Requirements(product="hot sauce", audience="home cooks", colours=["red"])


def test_colours_are_named_as_people_name_them():
    assert colour_name("#3a5bd9") == "blue"
    assert colour_name("#d9a21b") == "amber"
    assert colour_name("#0b3d1f") == "dark green"
    assert colour_name("#ffffff") == "white"
    assert colour_name("#f4c2d7") == "light pink"


def test_the_brand_phrase_names_each_colour_with_its_hex():
    assert brand_colour_phrase(("#3a5bd9", "#d9a21b")) == "brand colours blue (#3a5bd9) and amber (#d9a21b)"
    assert brand_colour_phrase(()) == ""


def test_template_prompts_carry_the_brand_colours_beside_the_brief_colours():
    parts = brand_parts(template_parts(REQUIREMENTS, STYLES_BY_KEY["minimalist"]), ("#3a5bd9", "#d9a21b"))

    for target in ("", "natural", "stability", "midjourney"):
        text, _ = render(parts, REQUIREMENTS, target=target, size=(1024, 1024))
        assert "red" in text and "brand colours blue (#3a5bd9) and amber (#d9a21b)" in text


def test_without_a_brand_kit_the_prompt_is_unchanged():
    parts = template_parts(REQUIREMENTS, STYLES_BY_KEY["minimalist"])

    assert brand_parts(parts, ()) == parts


def test_the_prompt_model_is_told_the_brand_colours():
    request = prompt_request(REQUIREMENTS, brand_colours=("#3a5bd9",))

    assert "blue (#3a5bd9)" in request.user
