"""Which language a brief is written in, from py3langid's bundled model (no download at run time)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SUPPORTED = ("en", "de", "es", "fr")  # the languages the rule-based analyzer reads
DEFAULT = "en"
MIN_WORDS = 4  # fewer words than this say too little: "Product: tea" is read as English
MIN_CONFIDENCE = 0.9


@cache
def _identifier() -> LanguageIdentifier:
    # Loaded once, on first use: it takes most of a second and many processes never analyse a brief.
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def language_detect(*, text: str) -> str:
    """The ISO 639-1 code of the brief's language; English when the text is too short or the model unsure."""
    if len(text.split()) < MIN_WORDS:
        return DEFAULT
    code, confidence = _identifier().classify(text)
    return code if confidence >= MIN_CONFIDENCE else DEFAULT


# Names for the message below; any other code is shown as it is.
NAMES = {
    "en": "English", "de": "German", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
    "cs": "Czech", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ja": "Japanese",
    "zh": "Chinese", "ko": "Korean", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi",
}


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def unsupported_message(*, language: str) -> str:
    """Why the rules cannot read a brief in `language`, and what to do about it."""
    supported = ", ".join(language_name(code) for code in SUPPORTED[:-1]) + f" and {language_name(SUPPORTED[-1])}"
    return (f"This brief is written in {language_name(language)}; without an analysis model the requirements are "
            f"read in {supported} only. Set CREATIVE_ANALYSIS_MODEL (e.g. openai:gpt-4o-mini) to read any "
            "language, or fill in the requirements yourself.")
