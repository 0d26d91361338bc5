"""Products, must-include items and colours that real briefs state in prose rather than under a heading."""

import pytest

from creative.analysis.rules import analyse


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("This is an alcohol awareness campaign - to raise awareness of the effects of underage drinking.",
         "alcohol awareness campaign"),
        ("Bacardi are asking us to appeal more to men, to show that Bacardi is not a cheap drink.", "Bacardi"),
        ("Bayblue's latest project is a summer music festival to be situated around Balnarring.",
         "summer music festival"),
        ("I will be creating a set of three posters to promote the Metro newspaper.", "Metro newspaper"),
        ("I know that I am working for an energy drink company to design an advertisement to promote their product.",
         "energy drink"),
    ],
)
def test_a_sentence_naming_what_is_advertised_gives_the_product(text, product):
    assert analyse(text).product == product


def test_a_call_for_designs_is_not_the_product_but_the_title_is():
    text = "Norwich Beer Fest Logo Brief\n\nOrganisers are looking for innovative designs depicting a dragon."

    assert analyse(text).product == "Norwich Beer Fest"


def test_must_include_followed_by_a_comma_is_a_key():
    must_include = analyse("Audience: teens\n\nMust include, 'Why let drink decide?'").must_include

    assert [item.lower() for item in must_include] == ["why let drink decide"]


def test_lines_after_things_such_as_in_a_must_sentence_are_must_include_items():
    text = ("The can has to include some things for legal reasons. Things such as\nIngredients and flavourings\n"
            "Warnings (allergies)\nCaffeine amount")

    assert {"ingredients", "flavourings", "caffeine amount"} <= set(analyse(text).must_include)


def test_a_thing_that_has_to_be_shown_is_a_must_include_item():
    text = "So mostly image and a catchy memorable strapline will have to be shown as it is looked at quickly."

    assert "catchy memorable strapline" in analyse(text).must_include


def test_a_new_clause_does_not_continue_a_list():
    text = "They must include a dragon in some form, the entrants can choose a setting or background of their choice."

    assert analyse(text).must_include == ["dragon in some form"]


@pytest.mark.parametrize(
    "text",
    [
        "A maximum of five colours (four is preferable) can be used, including any black or white parts of the design.",
        "Le logo doit :\nÊtre décliné en version noir et blanc et en couleur\nUtiliser 4 couleurs maximum pour réaliser le logo",
    ],
)
def test_black_and_white_in_a_printing_constraint_is_no_brand_colour(text):
    assert analyse(text).colours == []


def test_this_is_a_competition_brief_names_no_product():
    assert analyse("This is a competition brief from D&AD where I will create posters.").product != "competition"


def test_room_for_text_is_not_the_product():
    assert analyse("Norwich Beer Fest Logo Brief\n\n- Have room for text, the year and the title.").product == "Norwich Beer Fest"


def test_a_product_named_in_the_prose_under_a_heading_is_read_in_german():
    text = "Thema:\nGesucht wird ein Motiv, das die Atmosphäre des Auricher Stadtfestes widerspiegelt."

    assert analyse(text).product == "Auricher Stadtfest"


@pytest.mark.parametrize(
    "text",
    [
        "It is a laundry detergent to clean clothes and get bright fabrics.",
        "What is the single message? This should be a simple sentence.",
        "The posters need to be able to stand out.",
    ],
)
def test_tone_words_about_something_other_than_the_work_are_no_tone(text):
    assert analyse(text).tone == []


def test_tone_words_about_the_work_are_still_tones():
    assert analyse("We want a clean, modern look and a simple layout. It should be fun.").tone == ["minimal", "modern", "fun"]


def test_a_capitalised_name_before_product_is_the_product_not_the_packaging():
    text = "Brief 1: Create packaging for Quaker's new 'Chilled Creamy Oats' product for young women."

    assert analyse(text).product == "Chilled Creamy Oats"


def test_promote_the_name_before_a_capital_i():
    text = "I will create three posters to promote the Metro newspaper I need to create a set of posters that stand out."

    assert analyse(text).product == "Metro newspaper"


def test_we_sell_these_cards_every_year_names_the_cards():
    assert analyse("We sell these holiday cards every year to raise money.").product == "holiday cards"


def test_people_doing_something_are_an_audience():
    assert analyse("It will be a trendy product for people travelling for pleasure and business.").audience == (
        "people travelling"
    )


def test_a_passive_after_shouldnt_is_nothing_to_avoid():
    assert analyse("The campaign will not be held to bars, so shouldn't be tied down to this.").avoid == []


def test_a_relative_clause_still_continues_the_list():
    avoid = analyse("Avoid clichés, anything that could look cheap.").avoid

    assert avoid[0] == "clichés" and avoid[1].endswith("could look cheap")


def test_what_the_product_does_is_a_selling_point():
    requirements = analyse("Promote our steel bottle to hikers. It keeps drinks cold for 24 hours and it is light.")

    assert requirements.selling_points == ["keeps drinks cold for 24 hours"]
    assert requirements.audience == "hikers" and requirements.scenarios == []


def test_not_too_bright_is_avoided_not_a_tone():
    requirements = analyse("Promote our lamp. The colours should not be too bright.")

    assert requirements.avoid == ["too bright"] and requirements.tone == []
