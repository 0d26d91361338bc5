"""The colours an image is made of, and whether they include the colours a brief asks for.

Colour words resolve through colour.py, as in the heuristic scorer (CSS names, brief words such
as "gold" and "rose gold", modifiers such as "pastel"), and distances are CIEDE2000 with the same
lightness tolerance the scorer uses, so an image the scorer rewards for its colours also passes
this check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image

from creative.scoring.colour import FAR_DELTA_E, colour_lab, delta_e_2000, srgb_to_lab
from creative.scoring.heuristic import working_copy

RGB = tuple[int, int, int]

# Median cut splits colour space where the pixels are, so each of a few colours stands for a real
# part of the picture; it is slow on many pixels, and 64 px on the long side is plenty for five colours.
DOMINANT_SIDE = 64
# The check needs a finer palette (a gradient of one hue spreads over several entries) and a fast
# one: the octree splits colour space evenly. The same 128 px and 64 colours the scorer measures.
CHECK_SIDE = 128
CHECK_PALETTE_SIZE = 64
# A requested colour is present when this share of the image is close to it: a logo or an accent
# counts, a few stray pixels do not.
MIN_SHARE = 0.05
# Lightness counts half (kl=2), as in the scorer: "blue" names a light and a dark blue alike.
LIGHTNESS_TOLERANCE = 2.0


@dataclass(frozen=True)
class PaletteCheck:
    """How an image's colours meet the requested ones.

    matches and distances are keyed by each checkable colour word: distance is the smallest CIEDE2000
    radius around the colour that holds MIN_SHARE of the image. coverage is the share of the image
    within max_delta_e of any requested colour; ok says every checkable colour matched (also when
    none was checkable: see unknown, the words no colour table knows).
    """

    matches: dict[str, bool]
    distances: dict[str, float]
    coverage: float
    ok: bool
    unknown: list[str] = field(default_factory=list)


def dominant_colours(image: Image.Image, *, count: int = 5) -> list[tuple[RGB, float]]:
    """Up to `count` colours that make up the image, with their shares (summing to 1), largest first."""
    if not 1 <= count <= 256:
        raise ValueError(f"count must be between 1 and 256, not {count}")
    return _colour_shares(image, side=DOMINANT_SIDE, colours=count, method=Image.Quantize.MEDIANCUT)


def palette_check(
    image: Image.Image, *, colours: Sequence[str], max_delta_e: float = FAR_DELTA_E
) -> PaletteCheck:
    """Check each requested colour word is present on at least MIN_SHARE of the image."""
    targets: dict[str, tuple[float, float, float]] = {}
    unknown: list[str] = []
    for word in colours:
        lab = colour_lab(word)
        if lab is not None:
            targets[word] = lab
        elif word not in unknown:
            unknown.append(word)
    if not targets:
        return PaletteCheck(matches={}, distances={}, coverage=0.0, ok=True, unknown=unknown)

    shares = _colour_shares(
        image, side=CHECK_SIDE, colours=CHECK_PALETTE_SIZE, method=Image.Quantize.FASTOCTREE
    )
    labs = [srgb_to_lab(rgb) for rgb, _ in shares]
    distances: dict[str, float] = {}
    near_any = [False] * len(shares)
    for word, target in targets.items():
        by_distance = sorted(
            (delta_e_2000(lab, target, kl=LIGHTNESS_TOLERANCE), index) for index, lab in enumerate(labs)
        )
        gathered = 0.0
        for distance, index in by_distance:
            gathered += shares[index][1]
            if gathered >= MIN_SHARE:
                distances[word] = distance
                break
        for distance, index in by_distance:
            if distance > max_delta_e:
                break
            near_any[index] = True

    matches = {word: distance <= max_delta_e for word, distance in distances.items()}
    coverage = sum((share for (_, share), near in zip(shares, near_any) if near), 0.0)
    return PaletteCheck(
        matches=matches,
        distances={word: round(distance, 2) for word, distance in distances.items()},
        coverage=round(coverage, 4),
        ok=all(matches.values()),
        unknown=unknown,
    )


def _colour_shares(
    image: Image.Image, *, side: int, colours: int, method: Image.Quantize
) -> list[tuple[RGB, float]]:
    """The image shrunk to `side` and reduced to `colours` colours: each used colour and its share."""
    small = working_copy(image, max(side, CHECK_SIDE))
    if side < CHECK_SIDE:
        # In two steps: Pillow's reduce() by 32 takes twice as long as by 16 and then by 2.
        small = working_copy(small, side)
    quantized = small.quantize(colours, method=method)
    flat = quantized.getpalette() or []
    counts = quantized.histogram()
    # Palettes can repeat an entry; one colour, one share.
    totals: dict[RGB, int] = {}
    for index in range(len(flat) // 3):
        if counts[index]:
            rgb = (flat[3 * index], flat[3 * index + 1], flat[3 * index + 2])
            totals[rgb] = totals.get(rgb, 0) + counts[index]
    pixels = small.width * small.height
    shares = [(rgb, count / pixels) for rgb, count in totals.items()]
    return sorted(shares, key=lambda entry: (-entry[1], entry[0]))
