"""Cutting a piece of a brief down to the phrase a field holds: filler words off both ends, clauses off
the end of a product, lists split into items, the capital of a line opening lowered."""

from __future__ import annotations

import re

from creative.analysis import vocabulary as vocab
from creative.analysis.patterns import alternation

PUNCT = " \t.,;:!?\"'()[]{}*•–—-"
_LEAD_RE = re.compile(rf"^(?:(?:{alternation(vocab.LEADING_FILLER)})(?![\w'-])[\s,:]*)+", re.I)
PRODUCT_LEAD_RE = re.compile(  # "our new oat milk", but "New York cheesecake" keeps its capital "New"
    rf"^(?:(?:{alternation(vocab.LEADING_FILLER)}|(?-i:{alternation(vocab.PRODUCT_FILLER)}))"
    r"(?![\w'-])[\s,:]*)+",
    re.I,
)
_TRAIL_RE = re.compile(rf"(?:\s+(?:{alternation(vocab.TRAILING_FILLER)}))+$", re.I)
_PRODUCT_CUT_RE = re.compile(
    r"\s+(?:that|which|who|whose|with|where|so|because|featuring|during|before|by|in\s+order)\b.*$"
    r"|\s+(?:every|each|this|next|last)\s+(?:year|month|week|day|season|spring|summer|autumn|fall|winter)\b.*$"
    r"|\s*[(\[].*$",
    re.I,
)
_LIST_SPLIT_RE = re.compile(
    r"\s*(?:[,;&]|\band\b|\bor\b|\bplus\b|\bas well as\b|\s/\s|(?<=[a-z])/(?=[a-z]))\s*", re.I
)


def clean(phrase: str, lead: re.Pattern[str] = _LEAD_RE) -> str:
    phrase = " ".join(phrase.split()).strip(PUNCT)
    while (stripped := _TRAIL_RE.sub("", lead.sub("", phrase)).strip(PUNCT)) != phrase:
        phrase = stripped
    return phrase


def tidy_case(phrase: str) -> str:
    """Lower-case the capital opening a line unless a name runs on: "Oat milk", but "Gen Z" stays.

    A capital after a cue word marks a name ("for Zesty"), so only line and sentence openings are tidied.
    """
    words = phrase.split()
    if words and words[0][1:] == words[0][1:].lower() and not (len(words) > 1 and words[1][:1].isupper()):
        words[0] = words[0].lower()
    return " ".join(words)


def items(text: str) -> list[str]:
    return [item for part in _LIST_SPLIT_RE.split(text) if (item := clean(part))]


def product_phrase(text: str) -> str:
    text = _PRODUCT_CUT_RE.sub("", " ".join(text.split()))
    text = re.sub(rf"(?:\s+(?:{alternation(vocab.MEDIUM_WORDS)}))+\s*$", "", text, flags=re.I)
    return clean(text, lead=PRODUCT_LEAD_RE)
