"""Rule-based requirement analyzer: reads an English brief with no model and no key.

"Key: value" lines and the bullets under a bare "Key:" heading name their field outright. Other
text is cut into sentences, sentences at commas into chunks, and chunks at cue words ("targeting",
"avoid", "prefer", see vocabulary.CUES) into segments. A chunk without a cue continues the list its
sentence was building ("emphasizing X, Y and Z"). Tone and colour phrases ("a tech feel", "navy and
gold tones") are lifted out of a sentence before it is cut, because their cue word comes last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from creative.analysis import colours, negation, phrases, statements, structure, tone_context, tones
from creative.analysis import vocabulary as vocab
from creative.analysis.foreign import VOCABULARIES, analyse_foreign
from creative.analysis.language import language_detect
from creative.analysis.patterns import alternation, words_re
from creative.analysis.schema import LIST_FIELDS, Requirements

# How sure a product cue is; the lowest rank found wins, then the earliest mention.
_KEYED, _STRONG, _FOR_CUE, _BRAND, _WEAK = range(5)


def _cue_re(cues: Iterable[tuple[int, tuple[str, str, bool]]]) -> re.Pattern[str]:
    return re.compile(
        "|".join(rf"(?P<c{i}>(?<![\w'-])(?:{pattern})(?![\w'-]))" for i, (_, pattern, _) in cues), re.I
    )


_CUE = _cue_re(enumerate(vocab.CUES))
_AVOID_CUE = _cue_re((i, cue) for i, cue in enumerate(vocab.CUES) if cue[0] == "avoid")
_MUST_CUE = _cue_re((i, cue) for i, cue in enumerate(vocab.CUES) if cue[0] == "must")
# "... has to include for legal reasons. Things such as": the lines that follow are the items.
_LIST_OPENS_RE = re.compile(r"(?:such\s+as|including|the\s+following)\s*:?\s*$", re.I)
# A chunk with its own subject and modal verb starts a new clause: "..., the entrants can choose ...";
# "anything that could look cheap" is still one more item of the list.
_PASSIVE_RE = re.compile(r"(?:be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.I)
_NEW_CLAUSE_RE = re.compile(
    r"^(?:(?!(?:that|which|who|anything|something|nothing|everything)\b)[\w'-]+\s+){0,3}?"
    r"(?:can|could|will|would|should|may|might|shall|must)(?:\s+(?:also|not|be))*\s+[\w'-]+", re.I
)
_NO_SPLIT = {"selling", "must", "avoid", "scenario", "colour", "prefer", "audience"}
_CONTINUABLE = _NO_SPLIT | {"tone"}

_MEDIUM_RE = words_re(vocab.MEDIUM_WORDS)
_SCENARIO_TAIL_RE = re.compile(rf"\s+(?:{alternation(vocab.SCENARIO_NOUNS)})\s*$", re.I)
_AGE_RE = re.compile(
    r"\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b|\b\d0s\b|\b\d{1,2}\+|\byear[- ]olds?\b|-somethings?\b"
    r"|\bgen(?:eration)?[ -]?[xyz]\b|\bmillennials?\b|\bboomers?\b",
    re.I,
)

_CONNECTORS_RE = re.compile(rf"{words_re(vocab.CONNECTORS).pattern}|[,&/]", re.I)
_SENTENCE_RE = re.compile(r"(?<!\d)[.!?;]+|[.!?;]+(?!\d)|\n+")  # "2.5" is a number, "over 50." ends
_CHUNK_RE = re.compile(r",(?!\d)|[()]|\s[-–—]\s")
_KEYED_RE = re.compile(r"^\s*(?:[-*•+>]\s*|\d+[.)]\s*)?([A-Za-z][A-Za-z '/&-]{0,40}?)\s*(?::|\s[-–—])\s*(.*)")
_BULLET_RE = re.compile(r"^\s*(?:[-*•+>]|\d+[.)])\s+(.*)$")
_OPENING_TONE_RE = re.compile(rf"^(?:\s*(?:{tones.TONE_WORD}|an?|the|and|,)(?![\w-]))+", re.I)
_OPENING_RE = re.compile(r"^[\s.:]*(?:(?:and|but|also|please|then|plus|so|or)\s+)*", re.I)
_LIFTED = {"tone": "\x00tone\x00", "colour": "\x00colour\x00"}  # marks where a phrase was lifted out
_AUDIENCE_SENTENCE_RES = [
    re.compile(r"\b(?:target\s+)?(?:audience|market|demographic)\b(?:\s+(?:for|of|at|in|that|who)\s+[\w\s]+?)?\s+"
               r"(?:is|are|consists\s+of|comprises|will\s+be|includes?)\s+(?P<x>.+)", re.I),
    re.compile(r"^(?P<x>.+?)\s+(?:is|are)\s+(?:the|our)\s+(?:[\w-]+\s+)?target\s+(?:audience|market)", re.I),
]
# Where the noun phrase naming people ends and a clause about them starts.
_CLAUSE_CUT_RE = re.compile(r"(?:,\s*(?:they|who|which|that|people|he|she|it|these|those)\b|\s+who\b).*$", re.I)
_TITLE_RE = re.compile(
    rf"^(?P<x>[^\n]+?)\s+(?:(?:{alternation(vocab.GENERIC_TITLE_WORDS)})\s+)*briefs?\b", re.I
)
_DETERMINER_RE = re.compile(r"(?:our|the|a|an|my|their|this|its|your|his|her)\b", re.I)
_NAMED_PRODUCT_RE = re.compile(r"\b(?:this|our|the)\s+product\s+(?P<x>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)")


def analyse(text: str) -> Requirements:
    """Extract what a brief asks for; anything not found stays empty, and so does every field of a brief
    in a language the rules do not read (its language is still given)."""
    text = _normalise(text)
    language = language_detect(text=text)
    if language in VOCABULARIES:
        return analyse_foreign(text, language=language)
    if language != "en":
        return Requirements(language=language)
    found = _Found()
    title = _TITLE_RE.match(text.strip())
    if title and set(title.group("x").lower().split()) - set(vocab.GENERIC_TITLE_WORDS):
        found.product(_BRAND, phrases.product_phrase(title.group("x")))
    free_lines = _read_keyed_lines(found, text)
    for sentence in _SENTENCE_RE.split("\n".join(free_lines)):
        if match := _NAMED_PRODUCT_RE.search(sentence):
            found.product(_STRONG, match.group("x"))
        found.product(_STRONG, phrases.clean(statements.product_statement(sentence), lead=phrases.PRODUCT_LEAD_RE))
        found.product(_BRAND, statements.asking_brand(sentence, text=text))
        for subject in statements.passive_musts(sentence):
            found.add("must_include", phrases.items(subject))
        if does := statements.selling_statement(sentence):
            found.add("selling_points", [does])
            # its words are the benefit, not an audience or a scenario ("cold for 24 hours")
            sentence = " ".join(sentence.split()).replace(does, " ")
        if phrase := _audience_phrase(sentence):
            found.audience(_KEYED, phrase)
            sentence = ""
        _read_sentence(found, sentence)
    for content, bare in found.deferred:
        _resolve_for(found, content, bare=bare)
    if not found.lists["colours"] and (palette := colours.PALETTE_RE.search(text)):
        # "warm colours" with no hue named: the hues of that palette
        found.add("colours", list(vocab.PALETTES[palette.group(1).lower()]))
    return found.requirements()


@dataclass
class _Found:
    products: list[tuple[int, str]] = field(default_factory=list)
    audiences: list[tuple[int, str]] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LIST_FIELDS})
    deferred: list[tuple[str, bool]] = field(default_factory=list)  # "for X" waits until the product is known
    language: str = "en"

    def product(self, rank: int, text: str) -> None:
        if text and (rank == _KEYED or _is_phrase(text)):
            self.products.append((rank, text))

    def audience(self, rank: int, text: str) -> None:
        if text and (rank == _KEYED or _is_phrase(text)):
            self.audiences.append((rank, text))

    def best_product_rank(self) -> int:
        return min((rank for rank, _ in self.products), default=_WEAK + 1)

    def add(self, name: str, items: list[str]) -> None:
        known = {item.lower() for item in self.lists[name]}
        for item in items:
            if item and item.lower() not in known:
                known.add(item.lower())
                self.lists[name].append(item)

    def requirements(self) -> Requirements:
        def best(candidates: list[tuple[int, str]]) -> str:
            return min(candidates, key=lambda pair: pair[0])[1] if candidates else ""

        return Requirements(
            product=best(self.products), audience=best(self.audiences), language=self.language, **self.lists
        )


def _normalise(text: str) -> str:
    # A quoted question is a slogan ("Must include 'Why let drink decide?'"), not a template question.
    text = re.sub(r"(?<!\w)(['‘“\"])([^'’”\"\n]+?)\?(['’”\"])(?!\w)", r"\1\2\3", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", "").replace("”", "").replace('"', "")
    text = re.sub(r"(?<!\w)'([^'\n]+)'(?!\w)", r"\1", text)  # 'Zesty' is a name; kids' keeps its apostrophe
    text = re.sub(r"\b(?:e\.g\.|i\.e\.|for example|for instance)", " such as ", text, flags=re.I)
    text = re.sub(r"\betc\.", "etc", text, flags=re.I)
    text = re.sub(r"^(\s*must[- ](?:include|show|feature|have))\s*,", r"\1:", text, flags=re.I | re.M)
    return re.sub(r"\bw/o\b", "without", text, flags=re.I)


def _read_keyed_lines(found: _Found, text: str) -> list[str]:
    """Apply "Key: value" lines and bullets under a bare "Key:" heading; return the other lines."""
    free, section, headed = [], None, False
    for record in structure.lines_read(text, field_for_key=_kind_for_key):
        if record.heading is not None:
            # A heading alone ("AUDIENCE", "Target audience: who are we talking to?") opens a section
            # that runs to the next heading; a heading of no field ends it.
            section, headed = record.heading or None, True
            continue
        line = record.text
        keyed = _KEYED_RE.match(line)
        kind = _kind_for_key(keyed.group(1)) if keyed else None
        if kind and keyed:
            value = keyed.group(2).strip()
            section, headed = (None if value else kind), False
            _apply(found, kind, value, keyed=True)
            continue
        bullet = _BULLET_RE.match(line)
        if section and bullet:
            _apply(found, section, bullet.group(1), keyed=True)
            continue
        if section and headed and line.strip():
            line = _read_section_prose(found, section, line)
        elif line.strip():
            section = None
        if _LIST_OPENS_RE.search(line) and _MUST_CUE.search(line):
            section, headed = "must", True
        free.append(bullet.group(1) if bullet else line)
    return free


def _read_section_prose(found: _Found, section: str, line: str) -> str:
    """Take a field from the prose under its heading; return what is left for the prose reader."""
    if section in ("product", "brand", "audience"):
        first, _, rest = line.strip().partition(". ")
        phrase = _audience_phrase(first) if section == "audience" else ""
        if not phrase and len(first.split()) <= 8 and not first.endswith("?"):
            phrase = first
        if phrase:
            _apply(found, section, phrase, keyed=True)
            # The sentence naming the audience may name the product too ("... to this product Gain").
            return line if section == "audience" else rest
        return line
    if len(line.split()) <= 8:  # a short line under a list heading is one item of it
        _apply(found, section, line, keyed=True)
        return ""
    return line


def _audience_phrase(sentence: str) -> str:
    """Who a sentence says the audience is: "The target audience is young women ..." -> "young women ..."."""
    for pattern in _AUDIENCE_SENTENCE_RES:
        if match := pattern.search(sentence):
            phrase = phrases.clean(_CLAUSE_CUT_RE.sub("", match.group("x")))
            if _is_phrase(phrase):
                return phrases.tidy_case(phrase)
    return ""


def _is_phrase(phrase: str) -> bool:
    """Whether a phrase can name a product or people: not a clause fragment ("organisers are looking",
    "of many religions", "make themselves appeal")."""
    words = phrase.lower().split()
    return bool(words) and words[0] not in vocab.NOT_PHRASE_OPENINGS and not set(words) & vocab.CLAUSE_WORDS


def _kind_for_key(key: str) -> str | None:
    key = " ".join(key.lower().replace("(s)", "s").strip(phrases.PUNCT).split())
    for prefix in ("", *vocab.KEY_PREFIXES):
        if key.startswith(prefix) and key.removeprefix(prefix) in vocab.FIELD_KEYS:
            return vocab.FIELD_KEYS[key.removeprefix(prefix)]
    return None


def _read_sentence(found: _Found, sentence: str) -> None:
    segments: list[list[str]] = []  # [kind, text]: a later cue-less chunk may extend the last one
    previous = None
    for position, chunk in enumerate(_CHUNK_RE.split(_lift_phrases(found, sentence))):
        lifted = [kind for kind, marker in _LIFTED.items() if marker in chunk]
        chunk = re.sub("\x00\\w+\x00", " ", chunk)
        parts = _cut(_OPENING_RE.sub("", chunk))
        parts = negation.benefit_parts(parts, chunk=chunk.strip(), previous=previous)
        head = parts[0][1].strip(phrases.PUNCT)
        if head:
            head = phrases.tidy_case(head) if position == 0 else head
            kind = _head_kind(head, previous, parts[1][0] if len(parts) > 1 else None)
            if kind == "continue" and segments:
                segments[-1][1] += ", " + head
            else:
                segments.append(["head" if kind == "continue" else kind, head])
        segments.extend(parts[1:])
        if len(parts) > 1 or head:
            previous = segments[-1][0]
        elif lifted:
            previous = lifted[-1]
    for index, (kind, text) in enumerate(segments):
        if (kind == "product" and segments[index + 1 : index + 2] and segments[index + 1][0] == "selling"
                and not _DETERMINER_RE.match(text.strip())):
            kind = "selling"  # "promote rapid washing, no harm to skin, ..." lists benefits, not a product
        _apply(found, kind, text)


def _lift_phrases(found: _Found, sentence: str) -> str:
    """Take out "<tone words> feel" and "<colours> tones" phrases unless their chunk is avoiding them."""

    def lift(match: re.Match[str], kind: str) -> str:
        chunk_start = max(sentence.rfind(",", 0, match.start()), 0)
        if _AVOID_CUE.search(sentence, chunk_start, match.start()):
            return match.group(0)
        if kind == "tone":
            found.add("tone", tones.tones_in(match.group(0)))
        else:
            found.add("colours", colours.colours_in(match.group(0)))
        return f" {_LIFTED[kind]} "

    sentence = tones.TONE_PHRASE_RE.sub(lambda match: lift(match, "tone"), sentence)
    sentence = colours.COLOUR_PHRASE_RE.sub(lambda match: lift(match, "colour"), sentence)
    # "in warm colours": its hues are added at the end, when the brief names no hue itself
    return colours.PALETTE_PHRASE_RE.sub(f" {_LIFTED['colour']} ", sentence)


def _cut(chunk: str) -> list[list[str]]:
    parts, start = [["head", ""]], 0
    for match in _CUE.finditer(chunk):
        assert match.lastgroup is not None  # every alternative of _CUE is a named group
        kind, _, weak = vocab.CUES[int(match.lastgroup[1:])]
        if kind == "for" and match.group(0).lower() == "for":
            kind = "for_bare"
        if weak and parts[-1][0] in _NO_SPLIT:
            continue
        parts[-1][1] = chunk[start : match.start()]
        parts.append([kind, ""])
        start = match.end()
    parts[-1][1] = chunk[start:]
    return parts


def _head_kind(head: str, previous: str | None, following: str | None) -> str:
    """Say what text before any cue is; "continue" extends the list the sentence was building."""
    if following == "medium" or head.split()[-1].lower() in vocab.AD_WORDS:
        return "lead"  # "Smartwatch ad for runners", "New protein bar ad"
    if _NEW_CLAUSE_RE.match(head):
        return "head"
    if previous == "avoid":
        return "continue"
    if _SCENARIO_TAIL_RE.search(head):
        return "scenario"
    if tones.TONE_NOUN_RE.search(head) or _only(head, tones.TONE_WORD_RE) or _only(head, tones.NEGATION_RE):
        return "tone"
    if _only(head, colours.COLOUR_RE):
        return "colour"
    if previous in _CONTINUABLE:
        return "continue"
    if following in ("for", "for_bare"):
        return "lead"  # "Smartwatch for runners", "Interior design for offices"
    return "head"


def _only(text: str, regex: re.Pattern[str]) -> bool:
    """Whether text holds what regex finds and nothing else but tone words and connectors."""
    if not regex.search(text):
        return False
    rest = _CONNECTORS_RE.sub(" ", tones.TONE_WORD_RE.sub(" ", tones.NEGATION_RE.sub(" ", regex.sub(" ", text))))
    return not rest.strip(phrases.PUNCT)


def _apply(found: _Found, kind: str, text: str, keyed: bool = False) -> None:
    if keyed:
        text = phrases.tidy_case(text.strip())
    if kind in ("product", "brand"):
        found.product(_BRAND if kind == "brand" else _KEYED if keyed else _STRONG, phrases.product_phrase(text))
    elif kind == "medium" and not _is_audience(text):
        found.product(_STRONG, phrases.product_phrase(text))
    elif kind in ("audience", "medium") or (kind == "to" and _is_audience(text)):
        found.audience(_KEYED if keyed else _STRONG, phrases.clean(text))
    elif kind in ("weak", "lead", "head", "to"):
        found.add("tone", tones.tones_in(tone_context.tones_about_the_work(text)))
        if kind in ("weak", "lead"):
            found.product(_FOR_CUE if kind == "lead" else _WEAK, _weak_product(text))
    elif kind == "selling":
        found.add("selling_points", phrases.items(text))
    elif kind == "tone":
        # "should be a simple sentence" names a thing; only a bare word after a tone cue is an unknown tone
        bare = keyed or not _DETERMINER_RE.match(text.strip())
        found.add("tone", tones.tones_in(text if keyed else tone_context.tones_about_the_work(text), keep_unknown=bare))
    elif kind == "scenario":
        found.add("scenarios", _scenarios(text))
    elif kind in ("colour", "prefer"):
        found.add("colours", colours.colours_in(text))
        if kind == "prefer":
            found.add("tone", tones.tones_in(text))
    elif kind == "must":
        found.add("must_include", phrases.items(text))
    elif kind == "avoid":
        # "shouldn't be tied down to this" says how to work, it names nothing to leave out
        items = [re.sub(r"^be\s+", "", item) for item in phrases.items(text) if not _PASSIVE_RE.match(item)]
        found.add("avoid", items)
        # Avoiding "a cold look" asks for warmth.
        found.add("tone", [vocab.TONE_NEGATIONS.get(tones.bare_tone(item), "") for item in items])
    elif kind in ("for", "for_bare"):
        found.deferred.append((text, kind == "for_bare"))
    elif kind == "language":
        found.language = vocab.LANGUAGES.get(text.strip(phrases.PUNCT).lower(), found.language)


def _resolve_for(found: _Found, content: str, *, bare: bool) -> None:
    """Decide what "for X" names, now that every other product cue in the brief is known."""
    if _SCENARIO_TAIL_RE.search(content.strip(phrases.PUNCT)):
        found.add("scenarios", _scenarios(content))
    elif _is_audience(content):
        found.audience(_STRONG, phrases.clean(content))
    elif found.best_product_rank() > _FOR_CUE and not statements.is_design_call(content):
        found.product(_FOR_CUE, phrases.product_phrase(content))
    elif not bare:  # "mainly for trail races"; a bare "for X" is too often something else ("caring for X")
        found.add("scenarios", _scenarios(content))


def _is_audience(text: str) -> bool:
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower())
    if not words:
        return False
    nouns = set(vocab.AUDIENCE_NOUNS) | {"family", "audience", "crowd", "generation"}
    if words[-1] in nouns or " ".join(words[-2:]) in nouns:
        return True
    if words[0] in nouns and len(words) > 1 and words[1].endswith("ing"):
        return True  # "people travelling for business", "parents juggling work"
    return bool(_AGE_RE.search(text)) and words[0] not in ("a", "an", "one")


def _weak_product(text: str) -> str:
    """A product named without a firm cue ("we want a playful smoothie ad"), or "" if unlikely."""
    if _only(text, colours.COLOUR_RE):
        return ""
    # Tone words open the phrase ("a playful smoothie ad"); inside it they may be a name ("Red Bull").
    text = _OPENING_TONE_RE.sub(" ", _MEDIUM_RE.sub(" ", text))
    product = phrases.product_phrase(text)
    words = product.lower().split()
    if not words or words[0] in vocab.PRONOUNS or len(words) > 5 or _is_audience(product):
        return ""
    return product


def _scenarios(text: str) -> list[str]:
    scenarios = []
    for item in phrases.items(_SCENARIO_TAIL_RE.sub("", text.strip(phrases.PUNCT))):
        item = re.sub(r"^(?:(?:at|in|during|for|while|when|around|inside|within)\s+)+", "", item, flags=re.I)
        if item := phrases.clean(_SCENARIO_TAIL_RE.sub("", item)):
            scenarios.append(item)
    return scenarios
