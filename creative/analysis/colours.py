"""Colour words in context: hues with their modifiers ("dark gray"), colour phrases ("navy and gold tones") and
palettes ("warm colours"), for the rule-based English reader."""

from __future__ import annotations

import re

from creative.analysis import vocabulary as vocab
from creative.analysis.patterns import SEP, alternation

# Any plain hue narrows another ("mustard yellow"), so hues count as modifiers too.
_HUES = [name for name in vocab.BASE_COLOURS if " " not in name and name not in vocab.NOT_HUES]
_MODIFIER = alternation([*vocab.COLOUR_MODIFIERS, *_HUES])
_COLOUR = rf"(?:(?:{_MODIFIER})[\s-]+)?(?:{alternation(vocab.BASE_COLOURS)})"
COLOUR_RE = re.compile(rf"(?<![\w-])({_COLOUR})(?![\w-])", re.I)
COLOUR_PHRASE_RE = re.compile(
    rf"(?<![\w-])(?:(?:in|with|using)\s+)?(?:(?:an?|the)\s+)?{_COLOUR}(?:{SEP}{_COLOUR})*"
    r"\s+(?:colou?rs?|tones|hues|shades|palette|colou?r\s+scheme|scheme|accents?)(?![\w-])",
    re.I,
)
PALETTE_RE = re.compile(
    rf"\b({alternation(vocab.PALETTES)})\s+(?:colou?rs?|tones|hues|shades|palette|colou?r\s+scheme)\b", re.I
)
PALETTE_PHRASE_RE = re.compile(  # not when hues follow: "warm colours like amber" names its hues
    rf"(?:\b(?:in|with|using)\s+)?{PALETTE_RE.pattern}(?!\s*(?:like|such\s+as|including|:|of))", re.I
)

# Black and white as a way of printing ("a version in black and white", "any black or white parts"), in the
# languages the rules read: a constraint on the artwork, not a brand colour.
_MONOCHROME = (r"black\s*(?:and|or|&|/)\s*white|noir\s+(?:et|ou)\s+blanc|blanco\s+(?:y|o)\s+negro"
               r"|negro\s+(?:y|o)\s+blanco|schwarz[-\s/]*(?:und\s+|oder\s+)?wei(?:ß|ss)")
MONOCHROME_RE = re.compile(
    rf"\b(?:versions?|versión|fassung|print(?:ed|ing)?|impression|imprimir|druck)\s+(?:(?:en|in|a|auf)\s+)?"
    rf"(?:{_MONOCHROME})\b|\b(?:{_MONOCHROME})\s+(?:parts?|versions?|print(?:s|ing)?|cop(?:y|ies)|elements?)\b",
    re.I,
)


def colours_in(text: str) -> list[str]:
    """The colours a text names, in English and spelled as the vocabulary does; names such as "the Navy" skipped."""
    colours = []
    text = MONOCHROME_RE.sub(lambda match: " " * len(match.group(0)), text)
    for match in COLOUR_RE.finditer(text):
        if match.group(0)[0].isupper() and re.search(r"\bthe\s+$", text[: match.start()], re.I):
            continue  # "the Navy", "the Red Cross": a name, not a colour
        name = " ".join(match.group(0).lower().split())
        if name not in vocab.BASE_COLOURS:  # a modifier and a hue: "dark gray" -> "dark grey"
            *modifier, hue = re.split(r"[\s-]+", name)
            name = " ".join([*modifier, vocab.BASE_COLOURS[hue]])
        colours.append(vocab.BASE_COLOURS.get(name, name))
    return colours
