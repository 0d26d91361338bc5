"""French words the rule-based analyzer reads: headings, colours, tones and the cues of prose."""

FIELD_KEYS = {
    "produit": "product", "produits": "product", "offre": "product", "marque": "brand",
    "cible": "audience", "cibles": "audience", "public": "audience", "public cible": "audience",
    "message": "selling", "message clé": "selling", "bénéfices": "selling", "promesse": "selling",
    "ton": "tone", "tonalité": "tone", "style": "tone", "ambiance": "tone",
    "scénarios": "scenario", "décor": "scenario",
    "couleurs": "colour", "couleur": "colour", "palette": "colour",
    "mentions obligatoires": "must", "obligatoire": "must", "à inclure": "must",
    "à éviter": "avoid", "interdits": "avoid",
}

COLOURS = {
    "rouge": "red", "orange": "orange", "jaune": "yellow", "vert": "green", "bleu": "blue", "violet": "violet",
    "rose": "pink", "marron": "brown", "noir": "black", "blanc": "white", "gris": "grey", "argent": "silver",
    "doré": "gold", "or": "gold", "beige": "beige", "turquoise": "turquoise", "bleu marine": "navy",
}
COLOUR_NOUNS = r"couleurs?|palette|teintes?|tons"

TONE_WORDS = {
    "festif": "festive", "festive": "festive", "joyeux": "cheerful", "moderne": "modern", "élégant": "elegant",
    "ludique": "playful", "chaleureux": "warm", "calme": "calm", "frais": "fresh", "naturel": "natural",
    "haut de gamme": "premium", "professionnel": "professional", "minimaliste": "minimal", "audacieux": "bold",
    "symbolique": "symbolic", "évocateur": "evocative",
}

CUES = [
    ("avoid", r"ne\s+pas\s+(?P<x>[^.]+)"),
    ("avoid", r"(?:éviter|évitez|sans|aucun[e]?)\s+(?P<x>[^.]+)"),
    ("must", r"(?:doit|devra)\s+(?:comporter|inclure|contenir|faire\s+apparaître)\s+(?P<x>[^.]+)"),
    ("tone", r"(?:caractères?|caractère)\s+(?P<x>[^.]+)"),
    ("product", r"(?i:affiche|logo|visuel)\s+(?i:des|de\s+la|du|de\s+l'|pour\s+(?:la|le|les|notre))\s*"
                r"(?P<x>[\wÀ-ÿ'-]+(?:\s+(?:de|d'|du|la|le|[A-ZÀ-Ý][\wÀ-ÿ'-]*))*)"),
    ("product", r"(?:^|\.\s+)(?:la|le|l')\s*(?P<x>[\wÀ-ÿ]+\s+d'[A-ZÀ-Ý][\wÀ-ÿ-]+)"),
    ("product", r"(?i:l'|la\s+|le\s+)(?P<x>(?i:association)\s+(?:des|de|du)\s+[^()]+?)\s*\("),
]
LIST_SPLIT = r"\s*(?:,|;|\bet\b|\bou\b)\s*"
LEADING_FILLER = ("la", "le", "les", "l'", "un", "une", "des", "de", "du", "ses")
