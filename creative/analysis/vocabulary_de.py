"""German words the rule-based analyzer reads: headings, colours, tones and the cues of prose."""

FIELD_KEYS = {
    "produkt": "product", "produktname": "product", "angebot": "product", "marke": "brand",
    "zielgruppe": "audience", "zielgruppen": "audience", "publikum": "audience",
    "kernbotschaft": "selling", "botschaft": "selling", "nutzen": "selling", "vorteile": "selling",
    "usp": "selling", "argumente": "selling", "thema": "selling",
    "tonalität": "tone", "tonalitaet": "tone", "stil": "tone", "stimmung": "tone", "anmutung": "tone",
    "szenarien": "scenario", "szenen": "scenario", "umgebung": "scenario",
    "farben": "colour", "farbe": "colour", "farbwelt": "colour", "farbpalette": "colour",
    "pflichtangaben": "must", "muss enthalten": "must", "pflichtelemente": "must", "mandatories": "must",
    "vermeiden": "avoid", "no-gos": "avoid", "tabus": "avoid", "nicht erwünscht": "avoid",
}

COLOURS = {
    "rot": "red", "orange": "orange", "gelb": "yellow", "grün": "green", "blau": "blue", "lila": "purple",
    "violett": "violet", "rosa": "pink", "pink": "pink", "braun": "brown", "schwarz": "black", "weiß": "white",
    "weiss": "white", "grau": "grey", "silber": "silver", "gold": "gold", "beige": "beige", "türkis": "turquoise",
    "hellblau": "light blue", "dunkelblau": "dark blue", "marineblau": "navy", "dunkelgrün": "dark green",
}
COLOUR_NOUNS = r"farben?|farbwelt|farbpalette|farbtöne?|töne"

TONE_WORDS = {
    "fröhlich": "cheerful", "fröhliche": "cheerful", "lebendig": "energetic", "lebendige": "energetic",
    "modern": "modern", "moderne": "modern", "edel": "premium", "hochwertig": "premium", "verspielt": "playful",
    "ruhig": "calm", "warm": "warm", "freundlich": "friendly", "frisch": "fresh", "natürlich": "natural",
    "elegant": "elegant", "minimalistisch": "minimal", "schlicht": "minimal", "mutig": "bold",
    "professionell": "professional", "festlich": "festive",
}

# (kind, pattern): the named group x holds what the cue names.
CUES = [
    ("avoid", r"nicht\s+(?:aufs|auf\s+das|ins)\s+\w+\s+gehören\s+(?P<x>[^.]+)"),
    ("avoid", r"(?:vermeiden\s+sie|bitte\s+keine|keine)\s+(?P<x>[^.]+)"),
    ("must", r"muss\s+(?P<x>[^.]+?)\s+(?:enthalten|zeigen)"),
    ("selling", r"(?:steht\s+für|bedeutet,?)\s+(?P<x>[^.]+)"),
    ("product", r"(?i:plakat|logo|motiv|anzeige|kampagne|werbung)\s+(?i:für|des|der)\s+(?i:das\s+|den\s+|die\s+|unser\w*\s+)?"
                r"(?P<x>[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*)"),
    ("product", r"(?i:das|der|die)\s+(?P<x>[A-ZÄÖÜ]\w+er\s+[A-ZÄÖÜ]\w+)\s+(?:steht|bedeutet|ist|findet)"),
    ("product", r"(?i:atmosphäre|motiv)\s+des\s+(?P<x>[A-ZÄÖÜ]\w+er\s+[A-ZÄÖÜ]\w+?)(?:e?s)?\b"),
]
LIST_SPLIT = r"\s*(?:,|;|\bund\b|\boder\b|\bauch\s+keine\b|\bsowie\b)\s*"
LEADING_FILLER = ("die", "der", "das", "den", "ein", "eine", "auch", "keine", "zu")
