"""A brief stops for the designer's requirements when asked or when no product is found, then runs on them."""

import pytest

from creative import pipeline
from creative.analysis.schema import Requirements
from creative.models import Brief, BriefStatus, Generation
from tests.factories import LAUNCH_BRIEF, submit_brief
from tests.judgment_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db(transaction=True)

NO_PRODUCT = "We want something fresh and playful for young families, in warm colours. Avoid clutter."
ITALIAN = ("Vogliamo un'immagine pubblicitaria per il nostro nuovo gelato artigianale, pensata per le famiglie "
           "giovani, con colori caldi e un tono allegro.")


def test_a_brief_without_a_product_stops_in_confirming_instead_of_failing():
    brief = submit_brief(text=NO_PRODUCT, review_requirements=True)
    brief.refresh_from_db()
    assert brief.status == BriefStatus.CONFIRMING
    assert brief.requirements["product"] == ""
    assert brief.requirements["audience"] == "young families"
    assert brief.requirements_sources["audience"] == "rules"
    assert not brief.prompts.exists() and not Generation.objects.exists()


def test_asking_to_check_the_requirements_stops_before_any_prompt():
    brief = submit_brief(review_requirements=True)
    brief.refresh_from_db()
    assert brief.status == BriefStatus.CONFIRMING
    assert brief.requirements["product"] == "smartwatch"
    assert not brief.prompts.exists()


def test_confirmed_requirements_write_the_prompts_and_fan_out():
    brief = submit_brief(text=NO_PRODUCT, review_requirements=True, images_per_prompt=1)
    brief.refresh_from_db()
    found = Requirements.from_dict(brief.requirements)
    found.product, found.colours = "oat milk", ["teal"]

    changed = pipeline.brief_requirements_confirm(brief_id=brief.id, requirements=found)

    assert changed == ["product", "colours"]
    brief.refresh_from_db()
    assert brief.status in (BriefStatus.GENERATING, BriefStatus.SCORING, BriefStatus.REVIEWING)
    assert brief.requirements["product"] == "oat milk" and brief.requirements["colours"] == ["teal"]
    assert brief.requirements_sources["product"] == "edited" and brief.requirements_sources["audience"] == "rules"
    prompts = list(brief.prompts.all())
    assert prompts and all("oat milk" in p.text and "teal" in p.text for p in prompts)


def test_confirming_twice_is_refused():
    brief = submit_brief(review_requirements=True)
    found = Requirements.from_dict(Brief.objects.get(id=brief.id).requirements)
    pipeline.brief_requirements_confirm(brief_id=brief.id, requirements=found)
    with pytest.raises(pipeline.BriefError, match="not waiting"):
        pipeline.brief_requirements_confirm(brief_id=brief.id, requirements=found)


def test_requirements_without_a_product_are_refused():
    brief = submit_brief(text=NO_PRODUCT, review_requirements=True)
    with pytest.raises(pipeline.BriefError, match="product"):
        pipeline.brief_requirements_confirm(brief_id=brief.id, requirements=Requirements(colours=["red"]))
    assert Brief.objects.get(id=brief.id).status == BriefStatus.CONFIRMING


def test_a_language_the_rules_cannot_read_is_refused_with_the_supported_ones_and_the_setting():
    with pytest.raises(pipeline.BriefError) as raised:
        pipeline.requirements_analyse(text=ITALIAN)
    message = str(raised.value)
    assert "Italian" in message and "English, German, Spanish and French" in message
    assert "CREATIVE_ANALYSIS_MODEL" in message


def test_a_language_the_rules_cannot_read_stops_for_the_designer_with_that_message():
    brief = submit_brief(text=ITALIAN, review_requirements=True)
    brief.refresh_from_db()
    assert brief.status == BriefStatus.CONFIRMING
    assert brief.requirements["language"] == "it"
    assert "CREATIVE_ANALYSIS_MODEL" in brief.analysis_note


def test_with_a_model_any_language_goes_to_it_and_keeps_its_words(judge):
    fake = judge("CREATIVE_ANALYSIS_MODEL", "openai")
    fake.answer_json({"product": "gelato artigianale", "audience": "famiglie giovani", "selling_points": [],
                      "tone": ["cheerful"], "scenarios": [], "colours": ["orange"], "must_include": [],
                      "avoid": [], "language": "it"})
    assert pipeline.requirements_analyse(text=ITALIAN).language == "it"  # no refusal before the model

    brief = submit_brief(text=ITALIAN, review_requirements=True)
    brief.refresh_from_db()
    assert brief.requirements["product"] == "gelato artigianale"
    assert brief.requirements_sources["product"] == "llm"
    assert "brief's own language" in fake.requests[0].json()["messages"][0]["content"]


def test_given_requirements_replace_the_analysis():
    given = Requirements(product="trail shoe", colours=["orange"])
    brief = submit_brief(text="make it pop", requirements=given, images_per_prompt=1)
    brief.refresh_from_db()
    assert brief.requirements["product"] == "trail shoe"
    assert brief.requirements_sources["product"] == "file" and brief.analysis_source == "file"
    assert all("trail shoe" in p.text for p in brief.prompts.all())


def test_the_launch_brief_without_the_check_runs_straight_through():
    brief = submit_brief(text=LAUNCH_BRIEF, images_per_prompt=1)
    brief.refresh_from_db()
    assert brief.status != BriefStatus.CONFIRMING and brief.prompts.exists()
