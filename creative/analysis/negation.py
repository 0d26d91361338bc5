"""Negation that is not avoidance: "no harm to skin" sells a detergent, "away from minimalism" is no tone.

A chunk opening with "no" is something to avoid ("No plastic cups"), except where it names the absence
of something bad, which is a benefit ("no added sugar", "no harm to skin"), or where it continues a list
of benefits the sentence is giving ("rapid washing, no loss of fabrics"). "Away from X" and "moving on
from X" say what the tone is not.
"""

from __future__ import annotations

import re

_NO_RE = re.compile(r"^no\s+\w", re.IGNORECASE)
# Bad things whose absence is a selling point.
BAD_THINGS = (
    "harm", "damage", "loss", "fees", "fee", "hidden fees", "added sugar", "sugar", "side effects", "mess",
    "waste", "hassle", "compromise", "worries", "worry", "risk", "stains", "residue", "irritation",
    "artificial", "preservatives", "chemicals", "calories", "contracts", "commitment", "queues", "waiting",
    "plastic waste", "fading", "shrinking", "smell", "odour", "odor", "crash", "jitters",
)
_NEGATED_BENEFIT_RE = re.compile(
    rf"^no\s+(?:more\s+)?(?:{'|'.join(re.escape(w) for w in sorted(BAD_THINGS, key=len, reverse=True))})\b", re.IGNORECASE
)
AWAY_FROM_RE = re.compile(
    r"\b(?:(?:move[sd]?|moving|step(?:s|ping)?|break(?:s|ing)?|get(?:s|ting)?)\s+away|away|breaking)\s+from"
    r"\s+(?:the\s+|a\s+)?[\w-]+(?:\s+(?:and|or)\s+[\w-]+)?",
    re.IGNORECASE,
)


def benefit_parts(parts: list[list[str]], *, chunk: str, previous: str | None) -> list[list[str]]:
    """The cue parts of a chunk, with an opening "no X" read as a benefit where it is one."""
    opens_with_no = len(parts) > 1 and not parts[0][1].strip() and parts[1][0] == "avoid" and _NO_RE.match(chunk)
    if not opens_with_no:
        return parts
    if previous == "selling":
        return [["head", chunk]]  # continues the list of benefits the sentence is building
    if _NEGATED_BENEFIT_RE.match(chunk):
        return [["head", ""], ["selling", chunk]]
    return parts


def without_away_from(text: str) -> str:
    """Text with "away from X" blanked out, so that X is not read as a wanted tone."""
    return AWAY_FROM_RE.sub(lambda match: " " * len(match.group(0)), text)
