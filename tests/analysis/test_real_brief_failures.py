"""One test per way the rules misread real, published briefs (issue 15); the corpus is tests/analysis/briefs."""

import pytest

from creative.analysis.rules import analyse
from creative.analysis.schema import Requirements

TEMPLATE = """Sample Creative Brief
1) Background / Overview:
What's the big picture? What's going on in the market?
2) What is the objective, the purpose of the ad?
3) Target audience: who are we talking to?
Define your target audience as precisely as possible.
Example: This is a test
4) What's the single most important thing we want to say?"""


def test_template_questions_guidance_and_examples_are_never_answers():
    assert analyse(TEMPLATE) == Requirements()


def test_question_heading_gives_its_answer_not_itself():
    requirements = analyse(
        "1. Who is your target market?\nWives and mothers are the best-aligned target market to this product Gain. "
        "It is a laundry detergent.\n2. What colours?\nColours: yellow, green"
    )

    assert requirements.audience == "wives and mothers"
    assert requirements.product == "Gain"


@pytest.mark.parametrize(
    "text",
    [
        "I need to create a set of posters. They must stand out in coming months.",
        "Organisers are looking for innovative designs depicting a dragon.",
        "Bacardi are asking us to introduce their history to the men.",
    ],
)
def test_clause_fragments_are_not_products(text):
    assert analyse(text).product not in ("in coming months", "organisers are looking", "history")


def test_audience_is_the_noun_phrase_of_the_sentence_naming_it():
    requirements = analyse(
        "The target audience for this brief are males aged around 21, they need to be old enough to drink."
    )

    assert requirements.audience == "males aged around 21"


def test_absence_of_harm_is_a_selling_point_not_something_to_avoid():
    requirements = analyse(
        "The objective of this ad is to promote rapid washing, no harm to skin, wow whiteness, no loss of fabrics."
    )

    assert requirements.selling_points == ["rapid washing", "no harm to skin", "wow whiteness", "no loss of fabrics"]
    assert requirements.avoid == []


@pytest.mark.parametrize(
    "text",
    ["Promote our tea. No plastic cups.", "Promote our tea. Don't show plastic cups.",
     "Promote our tea. There will be no plastic cups used."],
)
def test_negated_things_to_show_are_avoided(text):
    assert analyse(text).avoid == ["plastic cups"]


def test_moving_away_from_a_style_does_not_ask_for_it():
    assert "minimal" not in analyse("Promote our sofa. The collection moves away from minimal design.").tone


def test_a_name_with_a_colour_word_is_not_a_colour():
    assert analyse("Promote our coffee to veterans of the Navy.").colours == []


def test_warm_colours_without_hues_give_the_warm_palette():
    assert analyse("Promote our tea in warm colours.").colours == ["red", "orange", "yellow"]


def test_tone_words_give_those_tones_and_no_other():
    assert analyse("Promote our shampoo. Calm and caring tone.").tone == ["calm", "caring"]


def test_capital_headings_open_their_sections():
    requirements = analyse("AUDIENCE\nYoung parents in cities\n\nBANNER REQUIREMENTS\nShow the stroller folded.")

    assert requirements.audience == "young parents in cities"
    assert requirements.must_include == ["stroller folded"]


def test_no_scenario_is_invented_from_what_a_product_is_for():
    requirements = analyse(
        "Wives and mothers are the target market for Gain, a detergent for caring for loved ones' clothing."
    )

    assert requirements.scenarios == []


def test_brief_without_a_product_gives_requirements_with_an_empty_product():
    requirements = analyse("Tone: playful\nColours: red and white\nAvoid: clutter")

    assert requirements.product == ""
    assert requirements.tone == ["playful"]


def test_german_brief_is_read_by_its_headings_and_cues():
    requirements = analyse(
        "Produkt: Hafermilch Barista\nZielgruppe: junge Berufstätige in Städten\nFarben: Blau und Weiß\n"
        "Nicht aufs Plakat gehören Flaschen, Markennamen oder Tiere."
    )

    assert requirements.language == "de"
    assert requirements.product == "Hafermilch Barista"
    assert requirements.audience == "junge Berufstätige in Städten"
    assert requirements.colours == ["blue", "white"]
    assert requirements.avoid == ["Flaschen", "Markennamen", "Tiere"]


def test_spanish_brief_is_read_by_its_headings_and_cues():
    requirements = analyse(
        "Producto: zapatillas de running Nube\nPúblico objetivo: corredores aficionados de 25 a 40 años\n"
        "Tono: alegre y moderno\nLos colores que se deberán utilizar son naranja y celeste."
    )

    assert requirements.language == "es"
    assert requirements.product == "zapatillas de running Nube"
    assert requirements.audience == "corredores aficionados de 25 a 40 años"
    assert requirements.tone == ["cheerful", "modern"]
    assert requirements.colours == ["orange", "light blue"]


def test_french_brief_is_read_by_its_headings_and_cues():
    requirements = analyse(
        "Produit : confiture de fraises bio\nCible : familles avec jeunes enfants\n"
        "Couleurs : rouge et blanc\nLe visuel ne doit pas montrer de sucre."
    )

    assert requirements.language == "fr"
    assert requirements.product == "confiture de fraises bio"
    assert requirements.audience == "familles avec jeunes enfants"
    assert requirements.colours == ["red", "white"]


def test_brief_in_another_language_gives_its_language_and_empty_fields():
    requirements = analyse("Prodotto: una nuova bevanda energetica per gli studenti universitari, colori rosso e nero.")

    assert requirements == Requirements(language="it")


def test_stored_requirements_without_a_language_read_as_english():
    assert Requirements.from_dict({"product": "tea"}).language == "en"
