"""Regular-expression building blocks shared by the rule-based readers."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Between two words of one list: "navy and gold", "warm, friendly", "blue/silver".
SEP = r"(?:\s*,\s*|\s+(?:and|or|but|yet|with)\s+|\s*[&/]\s*|\s+)"


def alternation(words: Iterable[str]) -> str:
    # Longest first, so "high-tech" wins over "tech" and "black and white" over "black".
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def words_re(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.I)
