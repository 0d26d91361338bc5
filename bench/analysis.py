"""Analysis benchmark: the rule-based analyzer against careful human readings of real, published briefs.

Run from the repository root, without Django:  python bench/analysis.py [--show SLUG]
The corpus is tests/analysis/briefs/: each brief is SLUG.txt (the text as published) and SLUG.json (its
source address, language, and the eight fields a careful reader extracts, empty where the brief is silent).

How a field is judged (the matcher):
- Text is normalised: case-folded, accents kept, punctuation and the words in FILLER dropped.
- Two phrases match when their token-overlap F1 is at least 0.5 ("Gain laundry detergent" ~ "Gain").
- product and audience: right when both are empty, or both are stated and match.
- selling_points, scenarios, must_include, avoid: items are paired one to one (best F1 first); the field
  is right when both lists are empty, or when at least half of the expected items are found (recall) and
  at least half of the returned items are expected (precision).
- tone and colours: as the lists above, but items match only when equal after mapping synonyms to one
  word through the analyzer's vocabularies ("contemporary" -> "modern", "gray" -> "grey", "celeste" ->
  "light blue"), so a set comparison.
"Stated" fields are those the human reading fills in; "empty" ones, those it leaves empty. Prints tables,
then one line holding a JSON object with the headline numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import json
import re
import time
import unicodedata
from dataclasses import dataclass

from bench._common import table
from creative.analysis import rules
from creative.analysis.vocabulary import canonical_colour, canonical_tone

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "analysis" / "briefs"
FIELDS = ("product", "audience", "selling_points", "tone", "scenarios", "colours", "must_include", "avoid")
SET_FIELDS = {"tone": canonical_tone, "colours": canonical_colour}
FILLER = {"a", "an", "the", "our", "their", "its", "of", "and", "or", "to", "for", "with", "in", "on", "le", "la",
          "les", "de", "des", "du", "el", "los", "las", "der", "die", "das", "und", "y", "et"}
TIMING_RUNS = 5
WORST = 8


@dataclass
class Verdict:
    slug: str
    field: str
    stated: bool
    right: bool
    expected: object
    got: object


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print one brief's expected and analysed fields side by side")
    args = parser.parse_args()
    briefs = _corpus()
    if args.show:
        _show(next(b for b in briefs if b[0] == args.show))
        return

    verdicts: list[Verdict] = []
    for slug, text, expected in briefs:
        got = rules.analyse(text).to_dict()
        verdicts += [_judge(slug, name, expected[name], got[name]) for name in FIELDS]
    ms = _ms_per_brief([text for _, text, _ in briefs])

    print(f"{len(briefs)} real briefs, {len(verdicts)} fields\n")
    rows = []
    for name in FIELDS:
        mine = [v for v in verdicts if v.field == name]
        rows.append((name, *_rates(mine)))
    rows.append(("all fields", *_rates(verdicts)))
    table(("field", "right", "stated right", "empty right"), rows)

    print(f"\nworst briefs (fields wrong of {len(FIELDS)})")
    by_brief = {}
    for v in verdicts:
        by_brief.setdefault(v.slug, []).append(v)
    worst = sorted(by_brief.items(), key=lambda pair: -sum(not v.right for v in pair[1]))[:WORST]
    for slug, mine in worst:
        wrong = [v for v in mine if not v.right]
        if not wrong:
            continue
        print(f"  {slug}: {len(wrong)} wrong")
        for v in wrong:
            print(f"    {v.field}: expected {v.expected!r}, got {v.got!r}")
    missed = [v.slug for v in verdicts if v.field == "product" and v.stated and not v.got]
    print(f"\nproduct missed where a reader names one: {len(missed)} {missed or ''}")
    print(f"analysis time: {ms:.2f} ms per brief (median of {TIMING_RUNS} passes)\n")

    stated = [v for v in verdicts if v.stated]
    empty = [v for v in verdicts if not v.stated]
    print(json.dumps({
        "briefs": len(briefs),
        "fields_right": round(sum(v.right for v in verdicts) / len(verdicts), 3),
        "stated_right": round(sum(v.right for v in stated) / max(len(stated), 1), 3),
        "empty_right": round(sum(v.right for v in empty) / max(len(empty), 1), 3),
        "products_missed": len(missed),
        "ms_per_brief": round(ms, 2),
    }))


def _corpus() -> list[tuple[str, str, dict]]:
    briefs = []
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text())
        briefs.append((path.stem, path.with_suffix(".txt").read_text(), data["expected"]))
    return briefs


def _judge(slug: str, name: str, expected, got) -> Verdict:
    stated = bool(expected)
    if name in ("product", "audience"):
        right = (not expected and not got) or (bool(expected) and bool(got) and _f1(expected, got) >= 0.5)
    else:
        right = _lists_match(expected, got, canon=SET_FIELDS.get(name))
    return Verdict(slug, name, stated, right, expected, got)


def _lists_match(expected: list[str], got: list[str], canon=None) -> bool:
    if not expected or not got:
        return not expected and not got
    if canon:
        want = {canon(item) for item in expected}
        have = {canon(item) for item in got}
        found = len(want & have)
        return found / len(want) >= 0.5 and found / len(have) >= 0.5
    pairs = sorted(((_f1(e, g), i, j) for i, e in enumerate(expected) for j, g in enumerate(got)), reverse=True)
    used_e, used_g = set(), set()
    for score, i, j in pairs:
        if score >= 0.5 and i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
    return len(used_e) / len(expected) >= 0.5 and len(used_g) / len(got) >= 0.5


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold()
    return [word for word in re.findall(r"\w+", text) if word not in FILLER] or re.findall(r"\w+", text)


def _f1(a: str, b: str) -> float:
    left, right = _tokens(a), _tokens(b)
    common = sum(min(left.count(word), right.count(word)) for word in set(left))
    if not common:
        return 0.0
    precision, recall = common / len(right), common / len(left)
    return 2 * precision * recall / (precision + recall)


def _rates(verdicts: list[Verdict]) -> tuple[str, str, str]:
    def rate(group: list[Verdict]) -> str:
        return f"{sum(v.right for v in group)}/{len(group)} {sum(v.right for v in group) / len(group):.0%}" if group else "-"

    return rate(verdicts), rate([v for v in verdicts if v.stated]), rate([v for v in verdicts if not v.stated])


def _ms_per_brief(texts: list[str]) -> float:
    passes = []
    for _ in range(TIMING_RUNS):
        start = time.perf_counter()
        for text in texts:
            rules.analyse(text)
        passes.append((time.perf_counter() - start) * 1000 / len(texts))
    return sorted(passes)[len(passes) // 2]


def _show(brief: tuple[str, str, dict]) -> None:
    slug, text, expected = brief
    got = rules.analyse(text).to_dict()
    print(text)
    for name in FIELDS:
        verdict = _judge(slug, name, expected[name], got[name])
        print(f"{'ok ' if verdict.right else 'BAD'} {name}: expected {expected[name]!r}\n    got {got[name]!r}")
    print(f"language: {got.get('language')}")


if __name__ == "__main__":
    main()
