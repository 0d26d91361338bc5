"""Whole sentences of prose that say what is advertised or what must be shown, whatever their cue words.

Briefs retold in prose name their subject in a sentence of their own ("This is an alcohol awareness
campaign", "Bacardi are asking us to ...", "Bayblue's latest project is a summer music festival", "I am
working for an energy drink company") and their must-haves in the passive ("a catchy strapline will have
to be shown"). These readers return the phrase or nothing; the caller decides how sure it is.
"""

from __future__ import annotations

import re

# What a brief can be promoting when it says "This is a ...": an event or a campaign, not a document.
_SUBJECT_NOUNS = (
    r"campaign|festival|fest|event|fair|exhibition|concert|show|launch|app|service|website|product|brand"
    r"|competition|contest|conference|tournament|party|celebration|fundraiser|appeal"
)
_THIS_IS_RE = re.compile(
    rf"^\s*this\s+is\s+(?:an?|the|our)\s+(?P<x>(?:[\w'-]+\s+){{0,4}}?(?:{_SUBJECT_NOUNS}))"
    r"(?=\s*(?:[-–—,.;:(]|$)|\s+(?:to|for|that|which|in|on|at|from|and|with|by|run|held|organi[sz]ed)\b)", re.I
)
_PROJECT_IS_RE = re.compile(
    r"\b(?:latest|new|next|current|main)\s+(?:project|event|product|launch|venture|initiative)\s+is\s+"
    r"(?:an?|the)\s+(?P<x>[^,.;:()]+?)(?=\s+(?:to|in|on|at|around|for|that|which|with|where|and)\b|[,.;:()]|$)",
    re.I,
)
_WORKING_FOR_RE = re.compile(
    r"\b(?:working|work|designing|writing)\s+(?:for|with)\s+an?\s+(?P<x>(?:[\w'-]+\s+){1,3}?)"
    r"(?:company|firm|business|manufacturer|brand|start-?up|producer)\b",
    re.I,
)
_PROMOTE_RE = re.compile(
    r"\bpromote\s+(?:the|our|their|its)\s+(?P<x>[A-Z][\w'-]*(?:\s+[\w'-]+){0,2}?)(?=\s+(?i:i|we|and|to|in|on|at"
    r"|for|with|that|which)\b|[,.;:()]|$)"
)
# "Quaker's new Chilled Creamy Oats product": the capitalised name just before "product".
_NAMED_BEFORE_RE = re.compile(r"(?<![\w'-])(?P<x>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,4})\s+(?i:product|drink|snack|range)\b")
# "<Name> are asking us to ...": a capitalised subject that asks, wants or plans is the client brand.
_BRAND_ASKS_RE = re.compile(
    r"^\s*(?P<x>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})\s+(?:are|is|have\s+been|has\s+been)?\s*"
    r"(?:asking|asked|want(?:s|ing)?|would\s+like|plan(?:s|ning)?|looking\s+to|need(?:s|ing)?)\s+(?:us|you|a|an|to)\b"
)
_NOT_NAMES = {"we", "i", "you", "they", "he", "she", "it", "the", "this", "our", "their", "client", "clients",
              "a", "an", "new", "that", "these", "those", "your", "its", "any", "each", "every",
              "organisers", "organizers", "students", "people", "customers", "designers", "entrants"}
# What people ask for when they call for designs: never the thing being advertised.
_DESIGN_CALL_RE = re.compile(
    r"^(?:(?:an?|some|the|new|innovative|creative|original|fresh|bold|great)\s+)*"
    r"(?:designs?|entries|ideas|submissions|proposals|concepts|artworks?|logos?|posters?|illustrations?"
    r"|text|copy|titles?|headlines?|slogans?|straplines?|images?|photos?)\b",
    re.I,
)
_PASSIVE_MUST_RE = re.compile(
    r"(?P<x>[\w' -]{3,80}?)\s+(?:will\s+have\s+to|has\s+to|have\s+to|must|needs?\s+to|should|is\s+to)\s+be\s+"
    r"(?:clearly\s+|prominently\s+|also\s+)?(?:shown|included|featured|displayed|visible|used|incorporated)\b",
    re.I,
)
# Where the subject of the passive begins: after the last clause opener before it.
_CLAUSE_OPENER_RE = re.compile(r".*\b(?:so|that|which|because|as|but|then|while|if)\b\s+", re.I)
_GENERIC_SUBJECTS = {"it", "they", "this", "that", "these", "those", "product", "products", "brand", "logo",
                     "design", "poster", "posters", "image", "images", "text", "everything", "all"}

# "It keeps drinks cold for 24 hours": what the product does, said of "it" or "the <product>", sells it.
_DOES_RE = re.compile(
    r"^\s*(?:it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:also\s+|even\s+)?(?P<x>(?:keeps|lasts|protects|saves|cleans|removes"
    r"|charges|dries|folds|fits|helps|lets|holds|stays|washes|kills|blocks|absorbs|cools|heats|tracks|reduces"
    r"|prevents|repels|survives|runs)\b[^.,;:!?]*?)(?=\s*(?:\s+(?:and|but)\s+(?:it|is|was)\b|[.,;:!?]|$))",
    re.I,
)


def selling_statement(sentence: str) -> str:
    """What a sentence says the product does ("It keeps drinks cold for 24 hours" -> "keeps drinks cold for
    24 hours"), or ""."""
    match = _DOES_RE.match(sentence)
    return " ".join(match.group("x").split()) if match else ""


def product_statement(sentence: str) -> str:
    """What a sentence says is being advertised ("This is an X campaign", "latest project is a Y"), or ""."""
    for pattern in (_THIS_IS_RE, _PROJECT_IS_RE, _WORKING_FOR_RE, _PROMOTE_RE, _NAMED_BEFORE_RE):
        for match in pattern.finditer(sentence):
            phrase = match.group("x").strip()
            if phrase.lower() not in _GENERIC_SUBJECTS and phrase.split()[0].lower() not in _NOT_NAMES:
                return " ".join(phrase.split())
    return ""


def asking_brand(sentence: str, *, text: str) -> str:
    """The brand a sentence says is asking for the work ("Bacardi are asking us to ..."), or "".

    Any capitalised word opens a sentence, so the name must also be written with its capital elsewhere in
    the brief, not at a sentence start: "Organisers are looking ..." names nobody.
    """
    match = _BRAND_ASKS_RE.match(sentence)
    if not match or match.group("x").lower() in _NOT_NAMES:
        return ""
    name = match.group("x")
    elsewhere = re.search(rf"(?<=[\w,;:] ){re.escape(name)}\b", text)
    return name if elsewhere else ""


def is_design_call(phrase: str) -> bool:
    """Whether "for X" names what the brief asks designers to make or put in it ("looking for innovative
    designs", "room for text")."""
    return bool(_DESIGN_CALL_RE.match(phrase.strip()))


def passive_musts(sentence: str) -> list[str]:
    """Things a sentence says have to be shown: "a catchy strapline will have to be shown" -> the strapline."""
    found = []
    for match in _PASSIVE_MUST_RE.finditer(sentence):
        subject = _CLAUSE_OPENER_RE.sub("", match.group("x")).strip()
        if subject and subject.lower() not in _GENERIC_SUBJECTS and len(subject.split()) <= 8:
            found.append(subject)
    return found
