import pytest

from creative.analysis.rules import analyse
from creative.analysis.schema import Requirements

LAUNCH_BRIEF = (
    "We need an ad image for a smartwatch, targeting 25-35 year old urban professionals, emphasizing "
    "health monitoring and long battery life, tech feel but not too cold, mainly for sports and office "
    "scenarios, prefer blue and silver, need to show watch wearing effect, avoid overly complex technical "
    "parameter displays."
)

# One brief per industry, each written in a different way: sentences, bullets, "Key: value" lines, mixed.
BRIEFS = {
    "food": (
        "We want a mouth-watering Instagram post for our new plant-based burger, aimed at flexitarian "
        "millennials. Highlight the smoky flavour and 20g of protein. The mood should be fun and energetic. "
        "Set it at backyard barbecues and picnics. Colours: orange, charcoal and cream. Avoid raw meat "
        "imagery and cartoon animals.",
        Requirements(
            product="plant-based burger",
            audience="flexitarian millennials",
            selling_points=["smoky flavour", "20g of protein"],
            tone=["fun", "energetic"],
            scenarios=["backyard barbecues", "picnics"],
            colours=["orange", "charcoal", "cream"],
            avoid=["raw meat imagery", "cartoon animals"],
        ),
    ),
    "fashion": (
        """- Product: Linen summer dress
        - Audience: Women 25-40 who shop sustainably
        - Key features: breathable organic linen, relaxed fit, made in Portugal
        - Tone: elegant, relaxed, natural
        - Setting: seaside town, rooftop brunch
        - Colours: sage green, ivory and terracotta
        - Must show: full-length outfit on a model
        - Avoid: heavy makeup, studio backdrops""",
        Requirements(
            product="linen summer dress",
            audience="women 25-40 who shop sustainably",
            selling_points=["breathable organic linen", "relaxed fit", "made in Portugal"],
            tone=["elegant", "calm", "natural"],
            scenarios=["seaside town", "rooftop brunch"],
            colours=["sage green", "ivory", "terracotta"],
            must_include=["full-length outfit on a model"],
            avoid=["heavy makeup", "studio backdrops"],
        ),
    ),
    "fintech app": (
        """Promote our budgeting app Pennywise to first-time earners and students. Key benefits are \
automatic savings goals, zero fees and bank-level security. It should feel trustworthy but not boring.
        Colors: navy, mint and white
        Must include: the app screen on a phone, the Pennywise logo
        Don't show piles of cash or credit cards.""",
        Requirements(
            product="budgeting app Pennywise",
            audience="first-time earners and students",
            selling_points=["automatic savings goals", "zero fees", "bank-level security"],
            tone=["trustworthy", "energetic"],
            colours=["navy", "mint", "white"],
            must_include=["app screen on a phone", "Pennywise logo"],
            avoid=["piles of cash", "credit cards"],
        ),
    ),
    "car": (
        "Launching the all-new Volta EV hatchback for young urban families. Focus on the 500 km range, "
        "fast charging and the spacious boot. The vibe: adventurous yet reassuring. Shown on coastal roads "
        "and city streets at dusk. Preferred colour palette: deep red and graphite grey. Avoid "
        "speedometers, racetracks and an aggressive look.",
        Requirements(
            product="Volta EV hatchback",
            audience="young urban families",
            selling_points=["500 km range", "fast charging", "spacious boot"],
            tone=["adventurous", "trustworthy", "calm"],
            scenarios=["coastal roads", "city streets at dusk"],
            colours=["deep red", "graphite grey"],
            avoid=["speedometers", "racetracks", "aggressive look"],
        ),
    ),
    "cosmetics": (
        """Product: Glow Serum with vitamin C
        Target audience: women in their 30s with dull skin
        USPs: brightens in 7 days; vegan; fragrance-free
        Mood: luxurious, fresh, not clinical
        Colour palette: blush pink, gold, white
        Include: the glass dropper bottle, dewy skin close-up
        Don't: medical claims, models under 25""",
        Requirements(
            product="Glow Serum",
            audience="women in their 30s with dull skin",
            selling_points=["brightens in 7 days", "vegan", "fragrance-free"],
            tone=["luxurious", "fresh", "warm"],
            colours=["blush pink", "gold", "white"],
            must_include=["glass dropper bottle", "dewy skin close-up"],
            avoid=["medical claims", "models under 25"],
        ),
    ),
    "travel": (
        "We're launching weekend rail breaks to the Alps for couples and solo travellers aged 30-55. "
        "Emphasise the scenic journey, no-flight sustainability and all-inclusive pricing. Tone: calm, "
        "adventurous, a little nostalgic. Scenes like mountain villages, dining cars and snowy peaks. Use "
        "a palette of forest green, cream and burgundy. Please avoid airports, crowds and stock-photo "
        "smiles.",
        Requirements(
            product="weekend rail breaks",
            audience="couples and solo travellers aged 30-55",
            selling_points=["scenic journey", "no-flight sustainability", "all-inclusive pricing"],
            tone=["calm", "adventurous", "nostalgic"],
            scenarios=["mountain villages", "dining cars", "snowy peaks"],
            colours=["forest green", "cream", "burgundy"],
            avoid=["airports", "crowds", "stock-photo smiles"],
        ),
    ),
    "b2b software": (
        """Brief: LedgerLoop, an invoicing platform for finance teams at mid-size companies.
        * Audience: CFOs and finance managers
        * Selling points: automated reconciliation / real-time cash dashboards / SOC 2 compliance
        * Look and feel: professional, modern, not too corporate
        Scenarios: open-plan office, remote work from home
        Colours: teal & charcoal
        Must show the dashboard on a laptop. No stock handshakes or people in suits.""",
        Requirements(
            product="invoicing platform",
            audience="CFOs and finance managers",
            selling_points=["automated reconciliation", "real-time cash dashboards", "SOC 2 compliance"],
            tone=["professional", "modern", "friendly"],
            scenarios=["open-plan office", "remote work from home"],
            colours=["teal", "charcoal"],
            must_include=["dashboard on a laptop"],
            avoid=["stock handshakes", "people in suits"],
        ),
    ),
    "charity": (
        "Create a poster for the Shelter Together winter appeal, aimed at donors over 50. We want to "
        "highlight warm meals, safe beds and year-round support. The feel should be hopeful, not "
        "guilt-tripping or grim. Show volunteers serving food. Soft, warm colours like amber and cream. "
        "Avoid showing faces of vulnerable people.",
        Requirements(
            product="Shelter Together winter appeal",
            audience="donors over 50",
            selling_points=["warm meals", "safe beds", "year-round support"],
            tone=["hopeful", "warm"],
            colours=["amber", "cream"],
            must_include=["volunteers serving food"],
            avoid=["faces of vulnerable people"],
        ),
    ),
    "game": (
        "We need a TikTok video ad for Gem Quest Legends, a mobile puzzle game, aimed at 18-24-year-olds. "
        "Key selling points: 500+ levels, play offline, weekly tournaments. Make it look bold, playful and "
        "colourful — neon purple and electric blue. Scenarios such as commuting, waiting rooms and lunch "
        "breaks. Must feature the main character, a fox wizard. Avoid violence & gore.",
        Requirements(
            product="Gem Quest Legends",
            audience="18-24-year-olds",
            selling_points=["500+ levels", "play offline", "weekly tournaments"],
            tone=["bold", "playful", "vibrant"],
            scenarios=["commuting", "waiting rooms", "lunch breaks"],
            colours=["neon purple", "electric blue"],
            must_include=["main character", "fox wizard"],
            avoid=["violence", "gore"],
        ),
    ),
    "real estate": (
        """Campaign for new-build apartments at Riverside Quay.
        Target: young professionals and first-time buyers
        Highlights:
        - riverside balconies
        - 10 minutes to the city centre
        - shared gym and co-working lounge
        Style: bright, airy, premium
        Show: the view from the balcony at sunset, a couple relaxing in the living room
        Colors: white, sand, soft grey
        Avoid: construction sites, cars""",
        Requirements(
            product="new-build apartments at Riverside Quay",
            audience="young professionals and first-time buyers",
            selling_points=[
                "riverside balconies", "10 minutes to the city centre", "shared gym", "co-working lounge"
            ],
            tone=["cheerful", "fresh", "premium"],
            colours=["white", "sand", "soft grey"],
            must_include=["view from the balcony at sunset", "couple relaxing in the living room"],
            avoid=["construction sites", "cars"],
        ),
    ),
    "beverage": (
        "Make a summer billboard for Zesty, a sparkling yuzu lemonade, targeting health-conscious Gen Z, "
        "showcasing zero sugar, real fruit juice and natural caffeine, refreshing and playful but not "
        "childish, used at festivals, beaches or rooftop parties, palette of lemon yellow, mint and white, "
        "must include the can with condensation, no plastic bottles or red.",
        Requirements(
            product="Zesty",
            audience="health-conscious Gen Z",
            selling_points=["zero sugar", "real fruit juice", "natural caffeine"],
            tone=["fresh", "playful", "mature"],
            scenarios=["festivals", "beaches", "rooftop parties"],
            colours=["lemon yellow", "mint", "white"],
            must_include=["can with condensation"],
            avoid=["plastic bottles", "red"],
        ),
    ),
    "sportswear": (
        "We're promoting our new trail running shoe, the Ridgeback 2, to weekend hikers and ultra runners. "
        "Key messages: grippy outsole, waterproof upper, lightweight. Energetic and adventurous, not too "
        "polished. Show the shoes mid-stride on a muddy trail. Mainly for trail races and weekend hikes. "
        "Color scheme: black, neon green and burnt orange. Exclude city streets and gym equipment.",
        Requirements(
            product="trail running shoe",
            audience="weekend hikers and ultra runners",
            selling_points=["grippy outsole", "waterproof upper", "lightweight"],
            tone=["energetic", "adventurous", "natural"],
            scenarios=["trail races", "weekend hikes"],
            colours=["black", "neon green", "burnt orange"],
            must_include=["shoes mid-stride on a muddy trail"],
            avoid=["city streets", "gym equipment"],
        ),
    ),
}


def test_launch_brief_gives_the_agreed_requirements():
    assert analyse(LAUNCH_BRIEF) == Requirements(
        product="smartwatch",
        audience="25-35 year old urban professionals",
        selling_points=["health monitoring", "long battery life"],
        tone=["tech", "warm"],
        scenarios=["sports", "office"],
        colours=["blue", "silver"],
        must_include=["watch wearing effect"],
        avoid=["overly complex technical parameter displays"],
        language="en",
    )


@pytest.mark.parametrize("text, expected", BRIEFS.values(), ids=BRIEFS.keys())
def test_brief_in_any_layout_gives_its_requirements(text, expected):
    assert analyse(text) == expected


@pytest.mark.parametrize("text", ["hello", "asdf qwerty", "", "   ", "make it pop", "Make it look premium."])
def test_brief_naming_nothing_to_advertise_is_not_usable(text):
    assert not analyse(text).is_usable()


@pytest.mark.parametrize(
    "text",
    [
        "We are launching an electric bike.",
        "Promote our new electric bike.",
        "We need an ad image for an electric bike.",
        "Create a poster for our electric bike.",
        "We want a bold electric bike ad.",
        "Our client makes an electric bike.",
        "The product is an electric bike.",
        "Electric bike ad for commuters.",
        "- Product: Electric bike",
    ],
)
def test_product_is_found_after_any_product_cue(text):
    assert analyse(text).product == "electric bike"


@pytest.mark.parametrize(
    "text",
    [
        "Promote our stroller, targeting young parents.",
        "Promote our stroller, aimed at young parents.",
        "Promote our stroller to young parents.",
        "Stroller ad for young parents.",
        "Promote our stroller. Target audience: young parents",
        "Product: stroller\n* Audience: young parents",
    ],
)
def test_audience_is_found_after_any_audience_cue(text):
    assert analyse(text).audience == "young parents"


@pytest.mark.parametrize(
    "text", ["Promote our juice for 18-24-year-olds.", "Promote our juice, aimed at 18-24-year-olds."]
)
def test_age_range_makes_an_audience(text):
    assert analyse(text).audience == "18-24-year-olds"


@pytest.mark.parametrize(
    "clause",
    [
        "emphasizing speed and comfort",
        "emphasising speed and comfort",
        "highlighting speed and comfort",
        "showcasing speed and comfort",
        "focus on speed and comfort",
        "key benefits are speed and comfort",
        "key benefits: speed and comfort",
    ],
)
def test_selling_points_follow_any_selling_cue(clause):
    assert analyse(f"Promote our scooter, {clause}.").selling_points == ["speed", "comfort"]


@pytest.mark.parametrize("separator", [", ", " and ", " & ", " or ", " / ", "/", "; "])
def test_keyed_list_splits_on_any_separator(separator):
    assert analyse(f"Key benefits: speed{separator}comfort").selling_points == ["speed", "comfort"]


def test_chunk_without_a_cue_continues_the_list_before_it():
    requirements = analyse("Promote our scooter, highlighting speed, comfort, safety and price.")

    assert requirements.selling_points == ["speed", "comfort", "safety", "price"]


def test_tone_after_a_list_does_not_join_that_list():
    requirements = analyse("Promote our scooter, highlighting speed and comfort, warm and friendly.")

    assert requirements.selling_points == ["speed", "comfort"]
    assert requirements.tone == ["warm", "friendly"]


@pytest.mark.parametrize(
    "clause",
    [
        "with a playful feel",
        "playful vibe",
        "the mood is playful",
        "tone: playful",
        "it should feel playful",
        "make it look playful",
    ],
)
def test_tone_follows_any_tone_cue(clause):
    assert analyse(f"Promote our lemonade, {clause}.").tone == ["playful"]


@pytest.mark.parametrize(
    "phrase, tone",
    [
        ("not too cold", "warm"),
        ("not boring", "energetic"),
        ("not cheap", "premium"),
        ("not too corporate", "friendly"),
        ("not cluttered", "minimal"),
    ],
)
def test_negated_tone_asks_for_its_opposite(phrase, tone):
    assert analyse(f"Promote our lemonade. Tone: {phrase}").tone == [tone]


def test_negated_tone_word_is_not_read_as_itself():
    requirements = analyse("Promote our lemonade. The tone should be playful, not too serious.")

    assert requirements.tone == ["playful"]


def test_avoided_look_asks_for_its_opposite_tone():
    requirements = analyse("Promote our lemonade. Avoid a cold, clinical look.")

    assert requirements.avoid == ["cold", "clinical look"]
    assert requirements.tone == ["warm"]


def test_explicit_tone_outside_the_vocabulary_is_kept():
    assert analyse("Product: tea\nTone: irreverent, warm").tone == ["irreverent", "warm"]


@pytest.mark.parametrize(
    "scenario_clause",
    [
        "for gym and office scenarios",
        "for gym and office settings",
        "used at the gym and in the office",
        "scenarios such as gym and office",
        "Scenarios: gym, office",
    ],
)
def test_scenarios_follow_any_scenario_cue(scenario_clause):
    assert analyse(f"Promote our bottle.\n{scenario_clause}").scenarios == ["gym", "office"]


@pytest.mark.parametrize(
    "text",
    [
        "Promote our tea, prefer navy and gold.",
        "Promote our tea in navy and gold tones.",
        "Promote our tea. Colours: navy, gold",
        "Promote our tea. Colors: navy & gold",
        "Promote our tea. Colour palette: navy/gold",
        "Promote our tea. Color scheme: navy or gold",
        "Promote our tea. Palette of navy and gold.",
    ],
)
def test_colours_are_read_in_british_and_american_spelling(text):
    assert analyse(text).colours == ["navy", "gold"]


def test_colour_names_keep_their_modifier_and_one_spelling():
    requirements = analyse("Colors: pastel pink, neon green, navy blue, off-white, dark gray")

    assert requirements.colours == ["pastel pink", "neon green", "navy blue", "off-white", "dark grey"]


def test_colours_to_avoid_go_to_avoid_not_colours():
    requirements = analyse("Promote our tea, prefer green and cream, avoid red and black.")

    assert requirements.colours == ["green", "cream"]
    assert requirements.avoid == ["red", "black"]


def test_colour_words_in_a_product_name_are_not_a_colour_preference():
    requirements = analyse("Promote our Black Forest gateau to chocolate lovers.")

    assert requirements.product == "Black Forest gateau"
    assert requirements.colours == []


@pytest.mark.parametrize(
    "text",
    [
        "Promote our tea. Must show a steaming cup.",
        "Promote our tea, need to show a steaming cup.",
        "Promote our tea. Include a steaming cup.",
        "Promote our tea. Feature a steaming cup.",
        "Promote our tea. It must include a steaming cup.",
        "Product: tea\nMust include: a steaming cup",
    ],
)
def test_must_include_follows_any_inclusion_cue(text):
    assert analyse(text).must_include == ["steaming cup"]


@pytest.mark.parametrize(
    "text",
    [
        "Promote our tea, avoid plastic cups.",
        "Promote our tea. No plastic cups.",
        "Promote our tea. Don't show plastic cups.",
        "Promote our tea. Do not include plastic cups.",
        "Promote our tea without plastic cups.",
        "Promote our tea. Exclude plastic cups.",
        "Promote our tea. Stay away from plastic cups.",
        "Product: tea\nAvoid: plastic cups",
    ],
)
def test_avoid_follows_any_avoid_cue(text):
    assert analyse(text).avoid == ["plastic cups"]


def test_bullets_under_a_bare_heading_belong_to_it():
    requirements = analyse("Product: tea\nAvoid:\n- clutter\n- small text\nTone: calm")

    assert requirements.avoid == ["clutter", "small text"]
    assert requirements.tone == ["calm"]


def test_capital_opening_a_line_is_lowered_but_a_name_keeps_its_capitals():
    assert analyse("Product: Oat milk").product == "oat milk"
    assert analyse("Promote Zesty lemonade.").product == "Zesty lemonade"
    assert analyse("Product: New York cheesecake").product == "New York cheesecake"


def test_decimal_point_does_not_end_a_sentence():
    requirements = analyse("Promote our drill, highlighting the 2.5 hour charge and 40 minute runtime.")

    assert requirements.selling_points == ["2.5 hour charge", "40 minute runtime"]


def test_language_is_english_unless_a_language_key_says_otherwise():
    assert analyse("Promote our tea.").language == "en"
    assert analyse("Product: tea\nLanguage: French").language == "fr"
