"""What to draw for a job: product, setting, palette, light, and the layout every style shares."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image

from ..base import ImageJob
from .colour import Palette, palette_for
from .paint import Stage
from .placed import PLACEHOLDER_ASPECT, cutout_image
from .products import PRODUCTS, product_in_text, product_kind
from .scenes import SCENARIO_WORDS, VARIANT_WORDS

STYLES = ("product_photography", "lifestyle", "3d_render", "flat_illustration", "minimalist")

# Drawing cost grows with pixels; past this the image is drawn smaller and scaled up, which the
# soft, gradient-heavy drafts survive well.
WORK_PIXELS = 1024 * 1024
MIN_WORK_SIDE = 160  # below this, shapes collapse to a few pixels; draw bigger and scale down

# A lifestyle shot needs a setting; when the brief names none, the product suggests one.
SETTING_FOR_PRODUCT = {"burger": "kitchen", "pizza": "kitchen", "car": "city", "house": "outdoor",
                       "apartment": "city", "laptop": "office", "shoe": "sports", "bottle": "outdoor"}


def _match(table: Iterable[tuple[str, str]], *texts: str) -> str:
    for text in texts:
        for key, pattern in table:
            if text and re.search(pattern, text, re.IGNORECASE):
                return key
    return ""


@dataclass(frozen=True)
class Plan:
    """What to draw, decided from the job before any pixel is touched."""

    style: str
    kind: str
    scenario: str
    variant: str
    pal: Palette
    light_x: float
    cutout: Image.Image | None = None  # the advertiser's product (RGBA), drawn instead of any known product
    label: str = ""  # the brief's product phrase, written on the placeholder
    scale: float = 1.0  # this seed's product size, relative to the style's usual one

    @property
    def aspect(self) -> float:
        if self.cutout is not None:
            return self.cutout.width / self.cutout.height
        if self.kind == "placeholder":
            return PLACEHOLDER_ASPECT
        return PRODUCTS[self.kind][1]

    @property
    def floats(self) -> bool:
        return self.cutout is None and self.kind in PRODUCTS and PRODUCTS[self.kind][2]


def plan_for(job: ImageJob, rng: random.Random) -> Plan:
    """Product shape, setting, palette and light for a job; the brief's fields first, then its prompt."""
    style = job.style if job.style in STYLES else "product_photography"
    cutout = _product_cutout(job)
    if cutout is not None:
        kind = "reference"
    else:  # the brief's product phrase, strictly; a prompt only for a job with no brief behind it
        kind = (product_kind(job.subject) if job.subject.strip() else product_in_text(job.prompt)) or "placeholder"
    # A scenario the brief names but no setting matches means a studio, not whatever the prompt mentions.
    scenario = _match(SCENARIO_WORDS, job.scenario if job.scenario else job.prompt)
    if not scenario and style == "lifestyle":
        scenario = SETTING_FOR_PRODUCT.get(kind, "home")
    variant = ""
    if scenario in VARIANT_WORDS:
        name, pattern = VARIANT_WORDS[scenario]
        if re.search(pattern, f"{job.scenario} {job.prompt}", re.IGNORECASE):
            variant = name
    light_x = rng.choice((0.22, 0.78)) + rng.uniform(-0.1, 0.1)
    pal = palette_for(style, job.colours, job.tone)
    scale = rng.uniform(0.72, 1.18)  # one of the things a seed changes, with placement, light and props
    return Plan(style, kind, scenario or "studio", variant, pal, light_x, cutout, job.subject.strip(), scale)


def _product_cutout(job: ImageJob) -> Image.Image | None:
    """The first product reference's cutout (or, without one, its photo), decoded once per process."""
    product = next((r for r in job.references if r.kind == "product"), None)
    return None if product is None else cutout_image(product.cutout or product.data)


# --- composition ----------------------------------------------------------------------------------


def _fit(aspect: float, max_w: float, max_h: float) -> tuple[int, int]:
    """The product's size: as tall as allowed unless that makes it too wide."""
    w, h = max_h * aspect, max_h
    if w > max_w:
        w, h = max_w, max_w / aspect
    return max(4, round(w)), max(4, round(h))


def stage_for(plan: Plan, w: int, h: int, horizon: float, product_x: float, rng: random.Random) -> Stage:
    return Stage(w, h, round(h * horizon), round(w * rng.uniform(0.35, 0.65)), plan.light_x, round(product_x),
                 plan.variant)


def horizon_y(w: int, h: int, square: float) -> float:
    """Where the floor starts: lower on wide canvases, whose height is all the room there is."""
    aspect = w / h
    if aspect > 3:
        return square + 0.12
    if aspect > 1.5:
        return square + 0.06
    return square - 0.04 if aspect < 0.7 else square


def side_x(w: int, h: int, rng: random.Random, offset: float, product_w: int) -> float:
    """Off-centre on wide canvases (room for a headline), near the middle on tall ones; never cut off."""
    side = rng.choice((-1, 1))
    if w / h > 1.4:
        x = w * (0.5 + side * min(0.25, offset + 0.1))
    elif w / h < 0.75:
        x = w * (0.5 + side * offset * 0.3)
    else:  # square: anywhere from the left third to the right third, so a prompt's seeds differ in layout
        x = w * (0.5 + side * offset + rng.uniform(-0.22, 0.22))
    margin = product_w / 2 + w * 0.03
    return min(max(x, margin), w - margin) if margin < w / 2 else w / 2


def product_size(plan: Plan, w: int, h: int, width: float, height: float) -> tuple[int, int]:
    """Fractions of the canvas a product may fill; a banner's product grows to fill its short side."""
    if w / h > 3:
        height = min(0.8, height * 1.6)
    height = min(0.86, height * plan.scale)
    return _fit(plan.aspect, w * min(0.9, width * plan.scale), h * height)


def low_res(w: int, h: int) -> float:
    """The scale for soft backdrop layers: a quarter, but never so small that bokeh turns into polygons."""
    return min(1.0, max(0.25, 200 / min(w, h)))


def lean_of(plan: Plan, amount: float) -> float:
    return -amount if plan.light_x > 0.5 else amount


