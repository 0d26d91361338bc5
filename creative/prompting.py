"""The five styles a brief is drawn in, and the template wording of each (what prompt_writer falls back to)."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from creative.analysis.schema import Requirements


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    template: str
    light: str
    composition: str


STYLES: tuple[Style, ...] = (
    Style(
        "product_photography", "Product photography",
        "Professional product photograph of {subject}{scenario_clause}",
        "soft studio lighting with a crisp key light and gentle reflections",
        "hero shot, product centred, clean backdrop, shallow depth of field",
    ),
    Style(
        "lifestyle", "Lifestyle",
        "Lifestyle advertising photo of {audience_clause}using {subject}{scenario_clause}",
        "natural warm daylight, candid atmosphere",
        "rule-of-thirds framing, product clearly visible in context, background softly blurred",
    ),
    Style(
        "3d_render", "3D render",
        "Polished 3D render of {subject}{scenario_clause}",
        "glossy materials, global illumination, soft contact shadows",
        "three-quarter view on a sculpted pedestal, isometric depth",
    ),
    Style(
        "flat_illustration", "Flat illustration",
        "Flat vector illustration advertising {subject}{scenario_clause}",
        "flat even colour fields, no gradients",
        "bold simple shapes, clear silhouette, generous margins for a headline",
    ),
    Style(
        "minimalist", "Minimalist",
        "Minimalist advertising image of {subject}{scenario_clause}",
        "soft diffuse light, muted tones",
        "single subject, lots of negative space, calm balanced layout",
    ),
)
STYLE_KEYS = tuple(s.key for s in STYLES)
STYLES_BY_KEY = {s.key: s for s in STYLES}

# Failure modes every ad image should steer clear of, whatever the brief says.
BASE_NEGATIVE = ("blurry", "distorted text", "watermark", "low quality", "deformed hands")


def _join(items: list[str], word: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def template_wording(requirements: Requirements, style: Style) -> tuple[str, str, str, str]:
    """A template prompt's parts: subject, light and colour, composition, detail (prompt_writer fills the
    same parts from a language model, and falls back to these)."""
    subject = requirements.product or "the product"
    scenarios = requirements.scenarios
    scenario_clause = f" in {_join(scenarios, 'or')} settings" if scenarios else ""
    audience_clause = f"{requirements.audience} " if requirements.audience else ""
    clauses = [style.template.format(subject=subject, scenario_clause=scenario_clause, audience_clause=audience_clause)]
    if requirements.selling_points:
        clauses.append(f"conveying {_join(requirements.selling_points)}")
    if requirements.must_include:
        clauses.append(f"showing {_join(requirements.must_include)}")
    if requirements.tone:
        clauses.append(f"{_join(requirements.tone)} mood")
    colour_phrase = f"colour palette of {_join(requirements.colours)}" if requirements.colours else ""
    light_and_colour = _join([style.light, colour_phrase], "with a")
    return ", ".join(clauses), light_and_colour, style.composition, "high detail, advertising quality"


# Hue (degrees) up to which each name holds; image models follow "amber" far better than "#d9a21b".
_HUE_NAMES = ((12, "red"), (35, "orange"), (50, "amber"), (70, "yellow"), (160, "green"), (195, "teal"),
              (255, "blue"), (290, "purple"), (340, "pink"), (360, "red"))


def colour_name(hex_colour: str) -> str:
    """A plain name for a #rrggbb colour ("dark green", "light pink", "white"), for prompts."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.15 or lightness > 0.95 or lightness < 0.08:
        if lightness > 0.9:
            return "white"
        if lightness < 0.12:
            return "black"
        return "light grey" if lightness > 0.65 else "dark grey" if lightness < 0.35 else "grey"
    name = next(name for limit, name in _HUE_NAMES if hue * 360 <= limit)
    if lightness < 0.3:
        return f"dark {name}"
    if lightness > 0.75:
        return f"light {name}"
    return name


def brand_colour_phrase(colours) -> str:
    """The brand kit's colours as a prompt phrase, each named with its exact hex; "" without any."""
    named = [f"{colour_name(colour)} ({colour.lower()})" for colour in colours]
    return f"brand colours {_join(named)}" if named else ""
