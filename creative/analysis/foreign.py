"""The rule-based reading of German, Spanish and French briefs: headings first, then cue phrases.

The structure is read as for English (creative.analysis.structure); prose is read with each language's
cue phrases (vocabulary_<code>.CUES), colour words only where colours are being talked about, and tone
words only in a tone section or beside a tone cue. Phrases stay in the brief's language; tones and
colours are given as the English words the rest of the pipeline uses.
"""

from __future__ import annotations

import re
from types import ModuleType

from creative.analysis import colours, structure, vocabulary_de, vocabulary_es, vocabulary_fr
from creative.analysis.schema import Requirements

VOCABULARIES: dict[str, ModuleType] = {"de": vocabulary_de, "es": vocabulary_es, "fr": vocabulary_fr}
_PUNCT = " \t.,;:!?\"'()[]{}*•–—-«»"
_PRODUCT_WORDS = 10  # an organisation's full name runs long: "Association des Amis passés, présents et ..."
_LIST_FIELDS = {"selling": "selling_points", "tone": "tone", "scenario": "scenarios", "colour": "colours",
                "must": "must_include", "avoid": "avoid"}


def analyse_foreign(text: str, *, language: str) -> Requirements:
    vocab = VOCABULARIES[language]
    found = Requirements(language=language)

    def field_for_key(key: str) -> str | None:
        kind: str | None = vocab.FIELD_KEYS.get(" ".join(key.casefold().strip(_PUNCT).split()))
        return kind

    section, paragraphs, paragraph = None, [], []
    for line in structure.lines_read(text, field_for_key=field_for_key):
        if line.heading is not None:
            section = line.heading or None
            continue
        key, colon, value = line.text.partition(":")
        kind = field_for_key(key) if colon else None
        if kind and value.strip():
            _add(found, kind, value, vocab)
            continue
        if section and line.text.strip():
            _add(found, section, line.text, vocab)
            _read_products(found, line.text, vocab)  # "Thema: ... des Auricher Stadtfestes" still names it
            continue
        if line.text.strip():
            paragraph.append(line.text.strip())
        elif paragraph:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    paragraphs.append(" ".join(paragraph))
    for text_block in paragraphs:
        _read_prose(found, text_block, vocab)
    return found


def _read_products(found: Requirements, block: str, vocab: ModuleType) -> None:
    for kind, pattern in vocab.CUES:
        if kind == "product":
            for match in re.finditer(pattern, block):
                _add(found, kind, match.group("x"), vocab)


def _read_prose(found: Requirements, block: str, vocab: ModuleType) -> None:
    for kind, pattern in vocab.CUES:
        for match in re.finditer(pattern, block, re.IGNORECASE if kind != "product" else 0):
            _add(found, kind, match.group("x"), vocab)
    if re.search(rf"\b(?:{vocab.COLOUR_NOUNS})\b", block, re.IGNORECASE):
        found.colours += [c for c in _colours(block, vocab) if c not in found.colours]


def _add(found: Requirements, kind: str, text: str, vocab: ModuleType) -> None:
    text = " ".join(text.split()).strip(_PUNCT)
    if kind in ("product", "brand"):
        if not found.product and 0 < len(text.split()) <= _PRODUCT_WORDS:
            found.product = text
    elif kind == "audience":
        if not found.audience:
            found.audience = text
    elif kind == "colour":
        found.colours += [c for c in _colours(text, vocab) if c not in found.colours]
    elif kind == "tone":
        tones = [tone for word, tone in vocab.TONE_WORDS.items() if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]
        found.tone += [tone for tone in tones if tone not in found.tone]
    elif kind in _LIST_FIELDS:
        items = getattr(found, _LIST_FIELDS[kind])
        items += [item for item in _items(text, vocab) if item not in items]


def _items(text: str, vocab: ModuleType) -> list[str]:
    items = []
    for part in re.split(vocab.LIST_SPLIT, text, flags=re.IGNORECASE):
        words = part.strip(_PUNCT).split()
        while words and words[0].casefold() in vocab.LEADING_FILLER:
            words = words[1:]
        if words:
            items.append(" ".join(words))
    return items


def _colours(text: str, vocab: ModuleType) -> list[str]:
    text = colours.MONOCHROME_RE.sub(" ", text)
    names = sorted(vocab.COLOURS, key=len, reverse=True)
    pattern = rf"(?<![\w-])({'|'.join(map(re.escape, names))})(?![\w-])"
    return list(dict.fromkeys(vocab.COLOURS[match.casefold()] for match in re.findall(pattern, text, re.IGNORECASE)))
