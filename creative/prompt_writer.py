"""Prompts written by a chat model, in parts, then worded for each family of image model (issue 5).

The model (or, without one, the templates of `prompting.py`) writes each style's prompt as five parts:
subject, look, light and colour, composition, detail, plus what to avoid. Code then words the parts
for each target family the brief uses, because image models read prompts differently: Midjourney takes
its parameters in the text, Stability a separate negative prompt, and OpenAI, Gemini and FLUX read
whole sentences (OpenAI's gpt-image models rewrite them again). Wording in code keeps one model call
per brief, whatever the number of image models.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from creative import judgment
from creative.analysis.schema import Requirements
from creative.llm.base import ChatRequest
from creative.models import LLMOutcome, LLMRole
from creative.prompting import (
    BASE_NEGATIVE,
    STYLE_KEYS,
    STYLES,
    STYLES_BY_KEY,
    Style,
    brand_colour_phrase,
    template_wording,
)
from creative.providers.base import closest_aspect_ratio
from creative.providers.midjourney import ASPECT_RATIOS
from creative.providers.registry import PROMPT_FAMILIES, PROVIDERS

PART_NAMES = ("subject", "look", "light_and_colour", "composition", "detail")
MAX_PART_CHARS = 300
# Midjourney's raw style keeps a product as photographed instead of beautified; not for drawn styles.
RAW_STYLES = {"product_photography", "lifestyle"}
# What Stable Diffusion models get wrong unless told; the other families do not read negatives this way.
STABILITY_NEGATIVE = ("lowres", "jpeg artifacts", "oversaturated", "extra fingers")


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    providers: tuple[str, ...]
    note: str


def _target(key: str, note: str, *, label: str = "") -> Target:
    """A wording family, serving the providers whose class names it (`ImageProvider.prompt_family`)."""
    providers = tuple(name for name, family in PROMPT_FAMILIES.items() if family == key) if key else ()
    return Target(key, label or ", ".join(PROVIDERS[name].label for name in providers), providers, note)


TARGETS = (
    _target("", "Comma-separated parts; models that take a negative prompt get it as a field.", label="Any model"),
    _target("midjourney", "Midjourney reads parameters from the text: --ar (aspect ratio), --style raw (less "
            "stylised, for photographs) and --no (what to leave out)."),
    _target("stability", "Stability models take the negative prompt as a field of its own, with the usual defect "
            "terms."),
    _target("natural", "Whole sentences, as these models follow instructions. OpenAI's gpt-image models rewrite "
            "the prompt themselves (each image keeps its revised prompt); OpenAI and Gemini read the negative as "
            "an \"Avoid:\" line, FLUX ignores it."),
)
TARGETS_BY_KEY = {t.key: t for t in TARGETS}

_PART_SCHEMA = {"type": "string"}
SCHEMA = {
    "type": "object",
    "properties": {
        "prompts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "style": {"type": "string", "enum": list(STYLE_KEYS)},
                    **{name: _PART_SCHEMA for name in PART_NAMES},
                    "avoid": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["style", *PART_NAMES, "avoid"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["prompts"],
    "additionalProperties": False,
}

SYSTEM = """You write prompts for image-generation models that make advertising images.
For each requested style write one prompt as parts, each a comma-separated phrase under 30 words:
- subject: the product, what happens, who is there, where (from the audience and scenarios);
- look: the medium and technique (camera and lens, render engine, illustration style);
- light_and_colour: lighting, mood and the requested colours;
- composition: framing, angle, and space left for a headline;
- detail: detail level and finish.
Each style must look clearly different from the others. Show every must-include item and convey the selling \
points visually. Never name an avoid item in the parts, since image models draw what they read: put it, and \
defects typical of the style, in avoid. No text or logos in the image unless the brief asks for them. English, whatever the requirements' language."""


@dataclass(frozen=True)
class PromptParts:
    style: str
    subject: str
    look: str = ""
    light_and_colour: str = ""
    composition: str = ""
    detail: str = ""
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetedDraft:
    """One Prompt row to be: a style worded for one target family."""

    style: str
    target: str
    text: str
    negative_text: str
    source: str  # "llm" or "rules"


@dataclass
class PromptSet:
    drafts: list[TargetedDraft]
    source: str  # "templates" or the "provider:model" that wrote the parts
    note: str = ""


def target_for(provider: str) -> str:
    """The target family whose wording a provider's models get ("" for the plain wording)."""
    return PROMPT_FAMILIES.get(provider, "")


def prompts_write(
    *, requirements: Requirements, targets: dict[str, tuple[int, int]], brief_id: int | None = None,
    brand_colours: tuple[str, ...] = (),
) -> PromptSet:
    """One draft per style and target (target key -> image size), from the prompt model or templates; the
    workspace's brand colours (#rrggbb) are in every one."""
    written, source, note = _parts_from_model(requirements, brief_id, brand_colours)
    by_style = {parts.style: parts for parts in written}
    drafts = []
    for target in sorted(targets):
        for key in STYLE_KEYS:
            parts = by_style.get(key)
            origin = "llm" if parts else "rules"
            parts = brand_parts(parts or template_parts(requirements, STYLES_BY_KEY[key]), brand_colours)
            text, negative = render(parts, requirements, target=target, size=targets[target])
            drafts.append(TargetedDraft(style=key, target=target, text=text, negative_text=negative,
                                        source=origin))
    return PromptSet(drafts=drafts, source=source, note=note)


def _parts_from_model(
    requirements: Requirements, brief_id: int | None, brand_colours: tuple[str, ...] = ()
) -> tuple[list[PromptParts], str, str]:
    request = prompt_request(requirements, brand_colours=brand_colours)
    outcome = judgment.judgment_chat(role=LLMRole.PROMPTS, request=request, brief_id=brief_id)
    if outcome is None:
        return [], "templates", ""
    written = validated_parts(outcome.answer)
    reason = outcome.reason
    if not written:
        note = f"fallback from {outcome.spec}: {reason or 'the answer has no usable prompt'}"
        judgment.call_settle(outcome.call, outcome=LLMOutcome.FAILED, fallback=note)
        return [], "templates", note
    missing = [key for key in STYLE_KEYS if key not in {p.style for p in written}]
    if not missing and not reason:
        judgment.call_settle(outcome.call, outcome=LLMOutcome.SUCCEEDED)
        return written, outcome.spec, ""
    note = "repaired" + (f": templates for {', '.join(missing)}" if missing else "")
    note += f" ({reason})" if reason else ""
    judgment.call_settle(outcome.call, outcome=LLMOutcome.REPAIRED, fallback=note)
    return written, outcome.spec, note


def prompt_request(requirements: Requirements, *, brand_colours: tuple[str, ...] = ()) -> ChatRequest:
    styles = "\n".join(f"- {s.key}: {s.label}; e.g. {s.light}; {s.composition}" for s in STYLES)
    brand = f"The brand's own colours, to use in every style: {brand_colour_phrase(brand_colours)}.\n\n" \
        if brand_colours else ""
    user = (f"Requirements:\n{json.dumps(requirements.to_dict(), ensure_ascii=False)}\n\n{brand}"
            f"Write one prompt per style, in this order:\n{styles}")
    # About 90 output tokens per style; the margin keeps a verbose model from being cut off.
    return ChatRequest(system=SYSTEM, user=user, json_schema=SCHEMA, schema_name="prompts",
                       max_tokens=2000, temperature=0.7)


def validated_parts(answer: dict) -> list[PromptParts]:
    """The well-formed prompts of an answer, the first one per known style, in style order."""
    items = answer.get("prompts")
    items = items if isinstance(items, list) else []
    found: dict[str, PromptParts] = {}
    for item in items:
        if not isinstance(item, dict) or item.get("style") not in STYLE_KEYS or item["style"] in found:
            continue
        parts = {name: _tidy(item[name]) for name in PART_NAMES if isinstance(item.get(name), str)}
        if not parts.get("subject"):
            continue
        avoid_items = item.get("avoid")
        avoid_items = avoid_items if isinstance(avoid_items, list) else []
        avoid = tuple(_tidy(a) for a in avoid_items if isinstance(a, str) and a.strip())
        found[item["style"]] = PromptParts(style=item["style"], **parts, avoid=avoid)
    return [found[key] for key in STYLE_KEYS if key in found]


def template_parts(requirements: Requirements, style: Style) -> PromptParts:
    """A style's template wording (`prompting.template_wording`) as parts, for when no model writes them."""
    subject, light_and_colour, composition, detail = template_wording(requirements, style)
    return PromptParts(style=style.key, subject=subject, light_and_colour=light_and_colour,
                       composition=composition, detail=detail)


def brand_parts(parts: PromptParts, brand_colours: tuple[str, ...]) -> PromptParts:
    """The parts with the brand colours in light and colour (once, whoever wrote the parts)."""
    phrase = brand_colour_phrase(brand_colours)
    if not phrase or phrase in parts.light_and_colour:
        return parts
    light_and_colour = f"{parts.light_and_colour}, {phrase}" if parts.light_and_colour else phrase
    return dataclasses.replace(parts, light_and_colour=light_and_colour)


def render(
    parts: PromptParts, requirements: Requirements, *, target: str, size: tuple[int, int]
) -> tuple[str, str]:
    """(text, negative text) of the parts worded for a target family."""
    values = [getattr(parts, name) for name in PART_NAMES if getattr(parts, name)]
    negative = _unique([*requirements.avoid, *parts.avoid, *BASE_NEGATIVE])
    if target == "midjourney":
        # Parameters in the text, as Midjourney users write them; an empty negative stops the relay
        # adapter from appending a second --no.
        text = ", ".join(values) + f" --ar {closest_aspect_ratio(size[0], size[1], ASPECT_RATIOS)}"
        if parts.style in RAW_STYLES:
            text += " --style raw"
        if negative:
            text += " --no " + ", ".join(item.replace("--", " ") for item in negative)
        return text, ""
    if target == "stability":
        return ", ".join(values), ", ".join(_unique([*negative, *STABILITY_NEGATIVE]))
    if target == "natural":
        labels = {"light_and_colour": "Light and colour: ", "composition": "Composition: "}
        sentences = [labels[name] + getattr(parts, name) if name in labels else _capitalised(getattr(parts, name))
                     for name in PART_NAMES if getattr(parts, name)]
        return " ".join(s.rstrip(".") + "." for s in sentences), ", ".join(negative)
    return ", ".join(values), ", ".join(negative)


def _tidy(text: str) -> str:
    return " ".join(text.split())[:MAX_PART_CHARS]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unique(items: list[str]) -> list[str]:
    """The non-empty items, first spelling of each kept, case-insensitively."""
    seen: set[str] = set()
    unique = []
    for item in items:
        if item and item.lower() not in seen:
            seen.add(item.lower())
            unique.append(item)
    return unique
