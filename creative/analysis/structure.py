"""The layout of a brief before its prose: headings, questions, template guidance and examples.

Briefs are often filled-in templates: a heading ("AUDIENCE", "3) Target audience: who are we talking
to?") says which field the lines under it fill, and the template's own questions, guidance ("Define your
target audience as precisely as possible") and examples ("Example: ...") are never answers. This module
turns the lines of a brief into Line records: a heading (with the field it opens, or "" for a heading of
no field, which ends the section) or text to read; questions, guidance and examples are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NUMBERING_RE = re.compile(r"^\s*(?:\d+[.)]|[a-z][.)]|[ivx]+[.)]|#+|\*\*)\s*", re.IGNORECASE)
_QUESTION_RE = re.compile(r"\?\s*\**\s*$")
_EXAMPLE_RE = re.compile(
    r"^\s*(?:examples?|e\.g\.|for example|ejemplos?|beispiele?|z\.\s?b\.|exemples?|par exemple)\s*[:.]", re.IGNORECASE
)
_PLACEHOLDER_RE = re.compile(r"\[[^\]]*\]|_{3,}|…|\.\.\.\s*$|<[^>]+>")
# Openings of a template's instructions to whoever fills it in.
_GUIDANCE_RE = re.compile(
    r"^\s*(?:define|describe|state|list|explain|think|consider|provide|outline|identify|go beyond|be sure"
    r"|try|briefly|summari[sz]e|specify|insert|prioriti[sz]e|write|note|answer|fill|tell us|give|include all"
    r"|remember|keep it|use this|what|who|why|how|where|when|which|the more|if (?:it|you|there)"
    r"|beschreiben|definieren|geben sie|nennen sie|describ[ae]|defin[ae]|indiqu|décri|précise)\b",
    re.IGNORECASE,
)
_QUESTION_KINDS = (
    # Words in a template question that say which field its answer fills; the first that matches wins.
    ("audience", r"\b(?:who|whom|audience|target|market|demographic|customers?|zielgruppe|público|publico|cible)\b"),
    ("tone", r"\b(?:tone|feel|personality|style|mood|tonalität|tono|ton)\b"),
    ("must", r"\b(?:mandator\w*|must[- ]haves?|required)\b"),
    ("colour", r"\bcolou?rs?\b"),
    ("product", r"\b(?:product|service|brand|advertis\w*|selling|produkt|producto|produit)\b"),
    ("selling", r"\b(?:communicate|message|say|tell|benefits?|reasons?|believe|support)\b"),
)


@dataclass
class Line:
    text: str
    heading: str | None = None  # None: a line to read; a field kind, or "" for a heading of no field


def lines_read(text: str, *, field_for_key: Callable[[str], str | None]) -> list[Line]:
    """The lines of a brief, headings marked, template questions, guidance and examples left out."""
    raw = text.splitlines()
    template = sum(bool(_QUESTION_RE.search(line)) for line in raw) >= 2
    lines: list[Line] = []
    in_example = False
    for line in raw:
        stripped = line.strip()
        if not stripped:
            in_example = False
            lines.append(Line(""))
            continue
        bare = _NUMBERING_RE.sub("", stripped).strip()
        if _EXAMPLE_RE.match(bare):
            in_example = not _EXAMPLE_RE.sub("", bare).strip()  # "Example:" alone: the lines after it
            continue
        if in_example and field_for_key(bare.split(":")[0]) is None and not bare.isupper():
            continue
        in_example = False
        heading = _heading(bare, field_for_key)
        if heading is not None:
            lines.append(Line("", heading))
            continue
        if _PLACEHOLDER_RE.search(bare) or (template and _GUIDANCE_RE.match(bare)):
            continue
        lines.append(Line(line))
    return lines


def _heading(line: str, field_for_key: Callable[[str], str | None]) -> str | None:
    key, colon, value = line.partition(":")
    if colon and value.strip() and _QUESTION_RE.search(value):
        # "Target audience: who are we talking to?" heads a section; the question is not its answer.
        return field_for_key(key) or _question_kind(value)
    if _QUESTION_RE.search(line):
        return _question_kind(line)
    words = line.rstrip(":").split()
    if not words or len(words) > 6 or line[-1] in ".!,;":
        return None
    kind = field_for_key(line.rstrip(": "))
    if kind:
        return kind
    if line.endswith(":") or (line.isupper() and len(line) > 3):
        return ""  # a heading of something else ("BACKGROUND", "Client:") ends the section before it
    return None


def _question_kind(question: str) -> str:
    for kind, pattern in _QUESTION_KINDS:
        if re.search(pattern, question, re.IGNORECASE):
            return kind
    return ""
