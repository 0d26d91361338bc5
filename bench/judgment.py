"""Judgment benchmark: does the score fall when a real photograph is damaged, and are copies of one
picture grouped while different pictures stay apart?

Run from the repository root, without Django:  python bench/judgment.py [--photos DIR]
The photographs come from installed packages (PHOTO_SOURCES; nothing is downloaded); --photos takes
every PNG, JPEG, WebP and BMP in a folder instead. Each photograph is damaged in seven ways at three
levels; per damage the table gives the share of (original, damaged) pairs the score ranks the right way
round and Kendall's tau between damage level (0 for the original) and score, averaged over photographs.
The scorer committed at HEAD is measured in the same run, beside the working tree's. The duplicate part
hashes mirrored, cropped, resized, recompressed and brightened copies and groups them with the
distinct photographs. Prints tables, then one line holding a JSON object with the headline numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import importlib.util
import io
import json
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from itertools import combinations
from types import ModuleType

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter, ImageOps
from sklearn.metrics import roc_auc_score

from bench._common import table
from creative.scoring import diversity, heuristic, learned, similarity

ROOT = Path(__file__).resolve().parent.parent
# Folders of real colour photographs that an installed package ships with its licence, and how to get
# them: Debian's mate-backgrounds (twelve nature photographs, GPL-2+, see
# /usr/share/doc/mate-backgrounds/copyright).
PHOTO_SOURCES: tuple[tuple[Path, str], ...] = (
    (Path("/usr/share/backgrounds/mate/nature"), "apt-get install mate-backgrounds"),
)
# Photographs are shrunk to this long side on load: the size the app's models deliver, and fast.
PHOTO_SIDE = 1024
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")
TARGET_PAIRS_RIGHT = 0.95
TARGET_TAU = -0.8
TARGET_RECALL = 0.95
TARGET_LEARNED_GAIN = 0.1
# The simulated team: it favours one style and punishes one damage, each worth this many standard
# deviations of its reviewers' own noise, and decides on images drawn at random, one after another.
FAVOURED_STYLE, PUNISHED_DAMAGE = "3d_render", "desaturation"
TASTE_STRENGTH = 1.5
STYLES = ("lifestyle", "minimalist", "3d_render", "editorial", "flat_illustration")
MODELS = ("flux-pro", "imagen-4", "gpt-image-1")
DECISIONS = 400
# The headline team's seed, and how many teams (seeds 1..TEAMS) show the spread.
TEAM_SEED = 4
TEAMS = 12
SCORE_RUNS = 15


def _gamma_gain(image: Image.Image, stops: float) -> Image.Image:
    """Exposure changed by `stops` in linear light (sRGB approximated by gamma 2.2), clipped at white."""
    gain = 2.0**stops
    table_ = [min(255, round(255 * min(1.0, (level / 255) ** 2.2 * gain) ** (1 / 2.2))) for level in range(256)]
    return image.point(table_ * 3)


def _noise(image: Image.Image, sigma: float, *, seed: int) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    noisy = pixels + np.random.default_rng(seed).normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(noisy + 0.5, 0, 255).astype(np.uint8))


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _low_contrast(image: Image.Image, keep: float) -> Image.Image:
    grey = Image.new("RGB", image.size, (128, 128, 128))
    return Image.blend(grey, image, keep)


# Each damage at three levels, mildest first: a person would see each level as worse than the last.
DAMAGES: dict[str, tuple[Callable[[Image.Image, float], Image.Image], tuple[float, ...]]] = {
    "blur": (lambda image, radius: image.filter(ImageFilter.GaussianBlur(radius)), (1.0, 2.0, 4.0)),
    "noise": (lambda image, sigma: _noise(image, sigma, seed=round(sigma)), (6.0, 12.0, 24.0)),
    "jpeg": (lambda image, quality: _jpeg(image, int(quality)), (30, 15, 5)),
    "over_exposure": (_gamma_gain, (1.0, 2.0, 3.0)),
    "under_exposure": (lambda image, stops: _gamma_gain(image, -stops), (1.0, 2.0, 3.0)),
    "desaturation": (lambda image, keep: ImageEnhance.Color(image).enhance(keep), (0.6, 0.3, 0.0)),
    "low_contrast": (_low_contrast, (0.7, 0.5, 0.3)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, help="a folder of photographs to use instead of PHOTO_SOURCES")
    args = parser.parse_args()
    photos = _photos_from(args.photos) if args.photos else _installed_photos()
    print(f"{len(photos)} photographs: {', '.join(photos)}\n")
    summary: dict[str, object] = {"photos": len(photos)}

    committed = _committed_heuristic()
    scorers = {"new": heuristic.score_image}
    if committed is not None:
        scorers = {"old": committed.score_image, **scorers}
    damage = {name: _damage_results(photos, scorer) for name, scorer in scorers.items()}
    rows = []
    for kind in DAMAGES:
        row = [kind]
        for name in scorers:
            pairs_right, tau = damage[name][kind]
            row += [f"{pairs_right:.0%}", f"{tau:+.2f}"]
        rows.append(tuple(row))
    header = ["damage"]
    for name in scorers:
        header += [f"{name} pairs right", f"{name} tau"]
    print(f"damage at 3 levels, {len(photos)} photographs: share of (original, damaged) pairs the score ranks")
    print("right, and Kendall's tau between damage level and score (mean over photographs)")
    table(tuple(header), rows)
    print()
    for name in scorers:
        prefix = "" if name == "new" else "old_"
        summary[f"{prefix}worst_damage_pairs_right"] = round(min(p for p, _ in damage[name].values()), 3)
        summary[f"{prefix}worst_damage_tau"] = round(max(t for _, t in damage[name].values()), 3)

    summary.update(_duplicates(photos))
    summary.update(_learned_ranking(photos))
    sample = _fit_long_side(next(iter(photos.values())), 1024)
    score_ms = _median_ms(lambda: heuristic.score_image(sample, colours=["blue", "silver"]), runs=SCORE_RUNS)
    print(f"heuristic score of a {sample.width}x{sample.height} photograph: {score_ms:.1f} ms (median of {SCORE_RUNS})")
    summary["score_ms_1024"] = round(score_ms, 1)
    if committed is not None:
        old_ms = _median_ms(lambda: committed.score_image(sample, colours=["blue", "silver"]), runs=SCORE_RUNS)
        print(f"the committed scorer: {old_ms:.1f} ms")
        summary["old_score_ms_1024"] = round(old_ms, 1)
    summary["targets_met"] = bool(
        summary["worst_damage_pairs_right"] >= TARGET_PAIRS_RIGHT
        and summary["worst_damage_tau"] <= TARGET_TAU
        and summary["duplicate_recall"] >= TARGET_RECALL
        and summary["distinct_merged"] == 0
        and summary["learned_auc_gain"] >= TARGET_LEARNED_GAIN
        and summary["learned_auc_gain_10"] >= 0
    )
    print(json.dumps(summary))


# Photographs


def _installed_photos() -> dict[str, Image.Image]:
    photos = {}
    for folder, install in PHOTO_SOURCES:
        if not folder.is_dir():
            raise SystemExit(f"no photographs in {folder}: install them with `{install}` (as root), "
                             "or pass --photos DIR")
        photos.update(_photos_from(folder))
    return photos


def _photos_from(folder: Path) -> dict[str, Image.Image]:
    paths = sorted(path for path in folder.iterdir() if path.suffix.lower() in PHOTO_SUFFIXES)
    photos = {}
    for path in paths:
        with Image.open(path) as image:
            image.draft("RGB", (PHOTO_SIDE, PHOTO_SIDE))  # a JPEG decodes straight at a fraction of its size
            photos[path.stem] = _fit_long_side(image.convert("RGB"), PHOTO_SIDE)
    if not photos:
        raise SystemExit(f"no PNG, JPEG, WebP or BMP photographs in {folder}")
    return photos


def _fit_long_side(image: Image.Image, side: int) -> Image.Image:
    scale = side / max(image.size)
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)


# Damage


def _damage_results(photos: dict[str, Image.Image], score: Callable) -> dict[str, tuple[float, float]]:
    results = {}
    for kind, (damage, levels) in DAMAGES.items():
        right = pairs = 0
        taus = []
        for photo in photos.values():
            scores = [score(photo).total] + [score(damage(photo, level)).total for level in levels]
            right += sum(scores[0] > damaged for damaged in scores[1:])
            pairs += len(levels)
            taus.append(_kendall_tau(list(range(len(scores))), scores))
        results[kind] = (right / pairs, statistics.mean(taus))
    return results


def _kendall_tau(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b, exact over every pair (a handful of levels: no need for the O(n log n) form)."""
    concordant = discordant = ties_x = ties_y = 0
    for (x1, y1), (x2, y2) in combinations(zip(x, y), 2):
        dx, dy = x1 - x2, y1 - y2
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            ties_x += 1
        elif dy == 0:
            ties_y += 1
        elif (dx > 0) == (dy > 0):
            concordant += 1
        else:
            discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else 0.0


# Duplicates


def _copies(image: Image.Image, *, rng: random.Random) -> dict[str, Image.Image]:
    """The copies a person would call the same picture: each alone, as models and editors make them."""
    width, height = image.size

    def crop(share: float) -> Image.Image:
        cut_x, cut_y = round(width * share), round(height * share)
        left, top = rng.randint(0, cut_x), rng.randint(0, cut_y)
        return image.crop((left, top, left + width - cut_x, top + height - cut_y))

    return {
        "mirrored": ImageOps.mirror(image),
        "cropped 5%": crop(0.05),
        "cropped 10%": crop(0.10),
        "resized": image.resize((width * 2 // 3, height * 2 // 3), Image.Resampling.LANCZOS),
        "recompressed": _jpeg(image, 40),
        "brightened": ImageEnhance.Brightness(image).enhance(1.25),
        "mirrored and cropped": ImageOps.mirror(crop(0.05)),
    }


def _duplicates(photos: dict[str, Image.Image]) -> dict[str, object]:
    rng = random.Random(16)
    hashes: dict[int, int] = {}
    source_of: dict[int, str] = {}
    kind_of: dict[int, str] = {}
    next_id = 1
    for name, photo in photos.items():
        for kind, image in {"original": photo, **_copies(photo, rng=rng)}.items():
            hashes[next_id] = similarity.phashes(image)
            source_of[next_id], kind_of[next_id] = name, kind
            next_id += 1
    groups = similarity.group_duplicates(hashes, scores={})
    repeats = _shortlist_repeats(hashes, source_of, places=len(photos))
    found: dict[str, list[bool]] = {}
    for item_id, kind in kind_of.items():
        if kind != "original":
            original = next(i for i, k in kind_of.items() if k == "original" and source_of[i] == source_of[item_id])
            found.setdefault(kind, []).append(groups[item_id] == groups[original])
    merged = sum(
        1 for first, second in combinations([i for i, k in kind_of.items() if k == "original"], 2)
        if groups[first] == groups[second]
    )
    print(f"near-duplicate grouping, {len(photos)} photographs with {sum(map(len, found.values()))} copies")
    table(("copy", "grouped with its source"), [(kind, f"{sum(hits)}/{len(hits)}") for kind, hits in found.items()])
    everything = [hit for hits in found.values() for hit in hits]
    recall = sum(everything) / len(everything)
    print(f"recall {recall:.3f}; pairs of distinct photographs merged: {merged}")
    print(f"a shortlist of {len(photos)} from every photograph and copy, without grouping first, spends")
    print(f"{repeats} places on a picture it already shows\n")
    return {"duplicate_recall": round(recall, 3), "distinct_merged": merged, "shortlist_repeats": repeats}


def _shortlist_repeats(hashes: dict[int, tuple[int, ...]], source_of: dict[int, str], *, places: int) -> int:
    """Places a shortlist of the given length spends on a second copy of a picture; every item is in one
    style from one model with a score drawn at random, so only the hashes keep copies apart."""
    rng = random.Random(5)
    items = [
        diversity.Item(id=item_id, score=rng.uniform(60, 90), style="lifestyle", model="flux-pro",
                       phash=signature[0], crops=signature[1:])
        for item_id, signature in hashes.items()
    ]
    chosen = diversity.shortlist(items, share=places / len(items))
    return len(chosen) - len({source_of[item_id] for item_id in chosen})


# The learned ranking


def _learned_ranking(photos: dict[str, Image.Image]) -> dict[str, object]:
    """A simulated team decides on images one after another; after the first 10 and 100 decisions the
    learned model (fitted on those alone) and the plain score rank every later decision (ROC AUC).

    The headline is the team of seed TEAM_SEED. Since 100 noisy decisions are a small sample, the same is
    measured for TEAMS other teams (seeds 1..TEAMS) with the same taste, beside what a ranking that knew
    the taste exactly would gain: the ceiling any learner has on that team's decisions."""
    scored = []
    for photo in photos.values():
        variants = [("original", photo)] + [(kind, damage(photo, levels[1])) for kind, (damage, levels) in DAMAGES.items()]
        scored += [(kind, heuristic.score_image(image)) for kind, image in variants]
    gains, _ = _team_gains(scored, seed=TEAM_SEED)
    rows = [(seen, f"{plain:.3f}", f"{learned_auc:.3f}", f"{learned_auc - plain:+.3f}", "yes" if fitted else "no")
            for seen, (plain, learned_auc, fitted) in gains.items()]
    print(f"learned ranking: a simulated team favours {FAVOURED_STYLE} and punishes {PUNISHED_DAMAGE}; ROC AUC on")
    print(f"the later of {DECISIONS} decisions, fitted on the first N")
    table(("N", "plain AUC", "learned AUC", "gain", "model fitted"), rows)
    teams = [_team_gains(scored, seed=seed) for seed in range(1, TEAMS + 1)]
    team_gains = [team[0][100][1] - team[0][100][0] for team in teams]
    team_ceilings = [team[1] for team in teams]
    print(f"over {TEAMS} such teams, the gain after 100 decisions: mean {statistics.mean(team_gains):+.3f}, "
          f"from {min(team_gains):+.3f} to {max(team_gains):+.3f}; knowing the taste exactly would gain "
          f"{statistics.mean(team_ceilings):+.3f} (from {min(team_ceilings):+.3f} to {max(team_ceilings):+.3f})")
    print()
    return {
        "learned_auc_gain": round(gains[100][1] - gains[100][0], 3),
        "learned_auc_gain_10": round(gains[10][1] - gains[10][0], 3),
        "learned_auc_gain_teams_mean": round(statistics.mean(team_gains), 3),
        "learned_auc_gain_teams_min": round(min(team_gains), 3),
        "learned_auc_ceiling_teams_mean": round(statistics.mean(team_ceilings), 3),
    }


def _team_gains(scored: list[tuple[str, heuristic.Score]], *, seed: int
                ) -> tuple[dict[int, tuple[float, float, bool]], float]:
    """One simulated team: (plain AUC, learned AUC, model fitted?) after 10 and 100 decisions, and the
    gain of the team's own taste over the plain score after 100."""
    rng = random.Random(seed)
    pool = []
    for kind, score in scored:
        style, model = rng.choice(STYLES), rng.choice(MODELS)
        features = learned.features_of(breakdown=score.breakdown, style=style, model=model, palette_ok=None)
        taste = TASTE_STRENGTH * ((style == FAVOURED_STYLE) - (kind == PUNISHED_DAMAGE))
        pool.append((features, score.total, taste))
    decisions = []
    for _ in range(DECISIONS):
        features, plain, taste = rng.choice(pool)
        approved = taste + (plain - 70) / 10 + rng.gauss(0, 1) > 0.5
        decisions.append((features, plain, approved, taste))
    results = {}
    for seen in (10, 100):
        model = learned.model_fit(rows=[d[0] for d in decisions[:seen]], approved=[d[2] for d in decisions[:seen]])
        later = decisions[seen:]
        labels = [d[2] for d in later]
        plain_auc = roc_auc_score(labels, [d[1] for d in later])
        learned_auc = roc_auc_score(labels, [learned.blended_score(plain=d[1], model=model, features=d[0]) for d in later])
        results[seen] = (float(plain_auc), float(learned_auc), model is not None)
    later = decisions[100:]
    ceiling = roc_auc_score([d[2] for d in later], [d[1] / 10 + d[3] for d in later]) - results[100][0]
    return results, float(ceiling)


# The committed scorer, for the baseline


def _committed_heuristic() -> ModuleType | None:
    """creative/scoring/heuristic.py as committed at HEAD, imported under another name; None outside git."""
    try:
        source = subprocess.run(
            ["git", "show", "HEAD:creative/scoring/heuristic.py"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    folder = Path(tempfile.mkdtemp(prefix="judgment-"))
    path = folder / "committed_heuristic.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("committed_heuristic", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _median_ms(action: Callable[[], object], *, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
