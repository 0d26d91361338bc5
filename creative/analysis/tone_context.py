"""Whether a tone word met in plain prose describes the work or something else.

"A clean, modern look", "fun and bold" and "make it playful" describe the ad; "clean clothes", "caring for
their family" and "a simple sentence" do not. Outside a tone cue or heading, a tone word counts only when
the next word is another tone word, a connector, a word for the work itself (look, design, poster, ...) or
nothing (the end of the phrase).
"""

from __future__ import annotations

import re

from creative.analysis import vocabulary as vocab
from creative.analysis.patterns import words_re

_WORK_NOUNS = {
    "design", "designs", "layout", "type", "typography", "font", "fonts", "illustration", "illustrations",
    "graphics", "imagery", "photography", "packaging", "label", "logo", "colours", "colors", "palette",
    "approach", "idea", "ideas", "concept", "concepts", "execution", "finish", "message", "copy", "way",
    "manner", "visual", "visuals", "brand", "branding", "identity", "campaign", "art", "artwork",
}
_FITTING = (
    {word.lower() for word in vocab.TONE_WORDS} | set(vocab.TONE_NOUNS) | set(vocab.CONNECTORS)
    | set(vocab.MEDIUM_WORDS) | set(vocab.AD_WORDS) | _WORK_NOUNS | {"but", "not", "yet", "enough", "too"}
)
# Words after "needs to be" that say what the work can do, not how it feels: "be able to stand out".
NOT_TONES = {"able", "sure", "possible", "ready", "willing", "likely", "used", "seen", "shown", "aware",
             "available", "visible", "suitable", "careful", "done", "made", "printed", "submitted", "sent"}
_TONE_WORD_RE = words_re(vocab.TONE_WORDS)
_NEXT_WORD_RE = re.compile(r"\s+([a-z][\w'-]*)")


def tones_about_the_work(text: str) -> str:
    """Text with the tone words that describe something other than the work blanked out."""

    def keep(match: re.Match[str]) -> str:
        following = _NEXT_WORD_RE.match(text, match.end())
        if following and following.group(1) not in _FITTING:
            return " " * len(match.group(0))
        return match.group(0)

    return _TONE_WORD_RE.sub(keep, text)
