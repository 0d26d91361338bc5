"""Spanish words the rule-based analyzer reads: headings, colours, tones and the cues of prose."""

FIELD_KEYS = {
    "producto": "product", "productos": "product", "servicio": "product", "marca": "brand",
    "público": "audience", "publico": "audience", "público objetivo": "audience", "publico objetivo": "audience",
    "target": "audience", "audiencia": "audience", "mercado objetivo": "audience",
    "mensaje": "selling", "mensaje clave": "selling", "beneficios": "selling", "propuesta de valor": "selling",
    "tono": "tone", "tono de voz": "tone", "estilo": "tone",
    "escenarios": "scenario", "escenas": "scenario", "entorno": "scenario",
    "colores": "colour", "color": "colour", "paleta": "colour", "paleta de colores": "colour",
    "obligatorios": "must", "debe incluir": "must", "elementos obligatorios": "must",
    "evitar": "avoid", "restricciones": "avoid",
}

COLOURS = {
    "rojo": "red", "naranja": "orange", "naranjo": "orange", "amarillo": "yellow", "verde": "green",
    "azul": "blue", "celeste": "light blue", "morado": "purple", "violeta": "violet", "rosa": "pink",
    "marrón": "brown", "café": "brown", "negro": "black", "blanco": "white", "gris": "grey", "plata": "silver",
    "dorado": "gold", "oro": "gold", "beige": "beige", "turquesa": "turquoise", "azul marino": "navy",
}
COLOUR_NOUNS = r"colou?res|color|paleta|tonos"

TONE_WORDS = {
    "alegre": "cheerful", "festivo": "festive", "moderno": "modern", "elegante": "elegant", "divertido": "fun",
    "cálido": "warm", "tranquilo": "calm", "fresco": "fresh", "natural": "natural", "premium": "premium",
    "profesional": "professional", "minimalista": "minimal", "juvenil": "youthful", "audaz": "bold",
}

CUES = [
    ("must", r"(?:incluir|deberá\s+incluir|debe\s+incluir|deberá\s+aparecer)\s+(?:de\s+manera\s+[\w\s]+?\s+)?"
             r"(?:la\s+leyenda:?\s*|el\s+|la\s+|los\s+|las\s+)?(?P<x>[^.]+(?:\.\s*\d+\s+aniversario)?)"),
    ("must", r"que\s+incluya\s+(?:tanto\s+)?(?:la\s+|el\s+)?(?P<x>[^.]+)"),
    ("selling", r"deberá\s+(?:resaltar|destacar|evocar|reflejar)\s+(?:preferentemente\s+)?(?P<x>[^.]+)"),
    ("avoid", r"no\s+se\s+aceptarán\s+(?P<x>[^.]+)"),
    ("avoid", r"(?:evitar|evite|sin)\s+(?P<x>[^.]+)"),
    ("product", r"(?i:promocionar|anunciar|promover)\s+(?i:la|el|los|las|nuestr[oa]s?)\s+"
                r"(?P<x>[A-ZÁÉÍÓÚ][\w-]*(?:\s+(?:de|del|los|las|la|el|[A-ZÁÉÍÓÚ0-9][\w-]*))*)"),
    ("product", r"(?i:imagen|logotipo|cartel|logo)\s+(?i:del|de\s+la|de)\s+"
                r"(?P<x>[A-ZÁÉÍÓÚ][\w-]*(?:\s+(?:de|del|[A-ZÁÉÍÓÚ][\w-]*))*)"),
]
LIST_SPLIT = r"\s*(?:,|;|\by\b|\bo\b|\bni\b)\s*"
LEADING_FILLER = ("la", "el", "los", "las", "un", "una", "de", "del", "el tema de", "las", "tanto")
