"""One length limit per free-text field, the same for the web forms, the CLI and the domain functions.

Forms use these as `max_length` so a person sees the limit before posting; the domain functions refuse
too (`text_problem`), so every other way in (CLI, a future API) inherits the same limit. Every decision and
comment is pushed to every open gallery, which is why comments are short.
"""

import re

BRIEF_TEXT = 5_000
PROMPT_TEXT = 2_000  # a prompt as the designer edits it, and its negative prompt
COMMENT = 2_000
GUEST_NAME = 100

# Control characters other than tab and line breaks: what binary data pasted or piped in as text looks like.
# PostgreSQL refuses NUL in text columns, and none of these means anything in a brief, prompt or comment.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(text: str, *, limit: int, what: str) -> str:
    """Why `text` cannot be stored as `what` (too long, or holding binary data); "" when it can."""
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; the limit is {limit:,}."
    if found := _CONTROL.search(text):
        return (f"{what} contains the control character U+{ord(found.group()):04X} at position {found.start()}: "
                "binary data, not text.")
    return ""


def control_character_in(text: str) -> str:
    """The first control character in `text` as U+XXXX, or "" when there is none."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""
