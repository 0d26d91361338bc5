"""Tone words in a phrase of a brief, in order, with negations turned into what they ask for ("not too
corporate" -> friendly) and "away from X" dropped; the tone phrases ("a playful feel") lifted from prose."""

from __future__ import annotations

import re

from creative.analysis import negation, tone_context
from creative.analysis import vocabulary as vocab
from creative.analysis.patterns import SEP, alternation, words_re
from creative.analysis.phrases import clean

TONE_WORD = alternation(vocab.TONE_WORDS)
TONE_WORD_RE = words_re(vocab.TONE_WORDS)
TONE_NOUN_RE = words_re(vocab.TONE_NOUNS)
_NEGATED_TONE = alternation(vocab.TONE_NEGATIONS)
NEGATION_RE = re.compile(
    r"(?<![\w-])(?:(?:but|and|yet)\s+)?(?:not|never|nothing|without\s+being|isn'?t|aren'?t"
    r"|shouldn'?t\s+be|mustn'?t\s+be)\s+(?:(?:too|overly|very|so|that|remotely|at\s+all|looking|feeling)\s+)?"
    rf"({_NEGATED_TONE})(?:\s+(?:or|nor|and)\s+(?:too\s+)?({_NEGATED_TONE}))?(?![\w-])",
    re.I,
)
TONE_PHRASE_RE = re.compile(
    rf"(?<![\w-])(?:(?:with|in|having|giving)\s+)?(?:(?:an?|the)\s+)?"
    rf"(?:{TONE_WORD})(?:{SEP}(?:{TONE_WORD}))*\s+(?:{alternation(vocab.TONE_NOUNS)})(?![\w-])",
    re.I,
)
_TONE_PART_RE = re.compile(r"(?:(?!\b(?:and|or|but|yet)\b)[^,;&/])+", re.I)
_NEGATED_RE = re.compile(r"(?<![\w-])(?:not|no|never|without)(?![\w-])[^,;]*", re.I)
_INTENSIFIER_RE = words_re(vocab.INTENSIFIERS)


def tones_in(text: str, keep_unknown: bool = False) -> list[str]:
    """Tone descriptors in the order the brief gives them, negations turned into what they ask for."""
    found = [
        (match.start(), vocab.TONE_NEGATIONS[word.lower()])
        for match in NEGATION_RE.finditer(text)
        for word in match.groups()
        if word
    ]
    rest = negation.without_away_from(NEGATION_RE.sub(lambda match: " " * len(match.group(0)), text))
    found += [(match.start(), vocab.TONE_WORDS[match[0].lower()]) for match in TONE_WORD_RE.finditer(rest)]
    if keep_unknown:
        # An explicit tone ("Tone: irreverent") is worth keeping even when the vocabulary lacks it.
        rest = _NEGATED_RE.sub(lambda match: " " * len(match.group(0)), rest)
        for match in _TONE_PART_RE.finditer(rest):
            word = bare_tone(match.group(0))
            if (re.fullmatch(r"[a-z][a-z-]{2,}", word) and not TONE_WORD_RE.fullmatch(word)
                    and word not in tone_context.NOT_TONES):
                found.append((match.start(), word))
    return [tone for _, tone in sorted(found, key=lambda pair: pair[0])]


def bare_tone(phrase: str) -> str:
    """Reduce a phrase such as "a cold, clinical look" to the words that carry its tone."""
    phrase = _INTENSIFIER_RE.sub(" ", TONE_NOUN_RE.sub(" ", clean(phrase).lower()))
    return " ".join(phrase.split())
