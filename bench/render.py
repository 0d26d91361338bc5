"""Render benchmark: the local renderer against its budget, scoring, and export against the naive loop.

Run from the repository root, without Django:  python bench/render.py
Prints readable tables, then one line holding a JSON object with the headline numbers. Export is
measured on the local renderer's image (when the renderer is there) and on a photo-like synthetic
image: smooth renders spend their time resizing, photographs spend it encoding.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import io
import json
import os
import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import django
from PIL import Image, ImageDraw, ImageFilter

# The renderer hands its pixels to the CPU pool (creative/cpu_pool.py), which reads the settings; with no
# pool processes it draws in this process, on one core, which is what the budget is for.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CREATIVE_CPU_PROCESSES"] = "0"
django.setup()

from bench._common import table  # noqa: E402
from creative.export.presets import SEED_PRESETS  # noqa: E402
from creative.export.render import Rendition, encode, naive_render_sizes, render_sizes  # noqa: E402
from creative.scoring.heuristic import score_image  # noqa: E402

RENDER_BUDGET_MS = 150.0
STYLES = ("product_photography", "lifestyle", "3d_render", "flat_illustration", "minimalist")
RENDERS_PER_STYLE = 15
COMPOSITES_PER_STYLE = 5
EXPORT_RUNS = 7
SCORE_RUNS = 15


@dataclass
class Timing:
    median_ms: float  # wall time
    best_ms: float  # wall time
    cpu_ms: float  # median CPU time of the whole process, every thread: the work done


def main() -> None:
    # Other processes slow the parallel path most, as it is the one using both cores: say how busy it was.
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f} before starting\n")
    summary: dict[str, object] = {"cpus": os.cpu_count(), "load_average_1m": round(load, 2)}

    renderer, missing = _local_renderer()
    if renderer is None:
        print(f"render: skipped, creative.providers.local is not importable ({missing})\n")
        summary["render_ms"] = None
    else:
        summary.update(_bench_render(renderer))
        summary.update(_bench_composite())
    sources = {"synthetic photo-like": _photo_like(2048)}
    if renderer is not None:
        sources = {"local renderer": _rendered(renderer, style="product_photography", size=2048), **sources}
    name, image = next(iter(sources.items()))
    summary.update(_bench_score(image, name=name))
    summary.update(_bench_export(sources))
    summary["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(summary))


def _bench_render(renderer) -> dict[str, float]:
    per_style = {style: _render_times(renderer, style=style) for style in STYLES}
    render_ms = statistics.median(ms for times in per_style.values() for ms in times)
    rows = [(style, statistics.median(times)) for style, times in per_style.items()]
    rows.append(("all styles", render_ms))
    print(f"local renderer, 1024x1024 PNG, median of {RENDERS_PER_STYLE} per style")
    table(
        ("style", "ms", f"x {RENDER_BUDGET_MS:.0f} ms budget"),
        [(name, f"{ms:.1f}", f"{ms / RENDER_BUDGET_MS:.2f}") for name, ms in rows],
    )
    print()
    return {"render_ms": round(render_ms, 1), "render_budget_ratio": round(render_ms / RENDER_BUDGET_MS, 3)}


def _bench_composite() -> dict[str, float]:
    """The renderer compositing an uploaded product photo (one core, in this process), and the fidelity check
    that finds the product again in each image."""
    from creative.providers.base import Reference
    from creative.providers.local.renderer import render_png
    from creative.references import cutout_make, reference_decode
    from creative.references.decode import png_bytes
    from creative.scoring.fidelity import product_fidelity
    from tests.product_photos import bottle_photo

    cut = cutout_make(reference_decode(bottle_photo())).image
    reference = Reference(data=b"", mime_type="image/png", kind="product", cutout=png_bytes(cut))
    jobs = [replace(_job(style=style, size=1024, seed=seed), subject="cold brew", references=(reference,))
            for style in STYLES for seed in range(COMPOSITES_PER_STYLE)]
    render_png(jobs[0])  # warm the cutout cache and fonts
    composite = [_elapsed_ms(lambda job=job: render_png(job)) for job in jobs]
    images = [Image.open(io.BytesIO(render_png(job).data)).convert("RGB") for job in jobs[::COMPOSITES_PER_STYLE]]
    scores, fidelity = [], []
    for image in images * 2:
        start = time.perf_counter()
        scores.append(product_fidelity(image, cut).score)
        fidelity.append((time.perf_counter() - start) * 1000)
    composite_ms, fidelity_ms = statistics.median(composite), statistics.median(fidelity)
    print(f"composite: the product photo placed in each style, 1024x1024 PNG, median of {len(jobs)} on one core")
    table(("measure", "ms", f"x {RENDER_BUDGET_MS:.0f} ms budget"),
          [("composite", f"{composite_ms:.1f}", f"{composite_ms / RENDER_BUDGET_MS:.2f}"),
           ("fidelity check", f"{fidelity_ms:.1f}", "")])
    print(f"fidelity of the composites: {min(scores):.1f} to {max(scores):.1f}\n")
    return {"composite_ms": round(composite_ms, 1), "fidelity_ms": round(fidelity_ms, 1),
            "composite_fidelity_min": min(scores)}


def _bench_score(image: Image.Image, *, name: str) -> dict[str, float]:
    score_ms = _median_ms(lambda: score_image(image, colours=["blue", "silver"]), runs=SCORE_RUNS)
    print(f"heuristic score of the 2048x2048 {name} image: {score_ms:.1f} ms (median of {SCORE_RUNS})")
    ceiling = _parallel_ceiling(image)
    print(f"two WebP encodes of it on two threads finish {ceiling:.2f}x faster than one after the other:")
    print("the most a thread pool can gain on this machine at the moment\n")
    return {"score_ms": round(score_ms, 1), "parallel_ceiling": round(ceiling, 2)}


def _bench_export(sources: dict[str, Image.Image]) -> dict[str, object]:
    results: dict[str, object] = {}
    rows = []
    for index, (name, source) in enumerate(sources.items()):
        focal = score_image(source).focal_point
        ours_time, naive_time, ours, naive = _export_times(source, focal=focal)
        bytes_ratio = _size(ours) / _size(naive)
        print(f"export of the {name} image, focal point {focal}, to the seed presets as WebP q85")
        sizes = [
            (a.preset.name, f"{a.width}x{a.height}", len(a.data), len(b.data))
            for a, b in zip(ours, naive)
        ]
        sizes.append(("all", "", _size(ours), _size(naive)))
        table(
            ("preset", "size", "ours bytes", "naive bytes", "ratio"),
            [(preset, size, f"{a:,}", f"{b:,}", f"{a / b:.3f}") for preset, size, a, b in sizes],
        )
        print()
        rows.append((
            name,
            f"{ours_time.median_ms:.0f}",
            f"{naive_time.median_ms:.0f}",
            f"{naive_time.median_ms / ours_time.median_ms:.2f}x",
            f"{ours_time.best_ms:.0f}",
            f"{naive_time.best_ms:.0f}",
            f"{naive_time.best_ms / ours_time.best_ms:.2f}x",
            f"{ours_time.cpu_ms:.0f}",
            f"{naive_time.cpu_ms:.0f}",
            f"{bytes_ratio:.3f}",
        ))
        prefix = "" if index == 0 else "photo_"
        results.update({
            f"{prefix}export_source": name,
            f"{prefix}export_ms": round(ours_time.median_ms, 1),
            f"{prefix}naive_export_ms": round(naive_time.median_ms, 1),
            f"{prefix}export_speedup_vs_naive": round(naive_time.median_ms / ours_time.median_ms, 3),
            f"{prefix}bytes_ratio_vs_naive": round(bytes_ratio, 4),
            f"{prefix}export_best_ms": round(ours_time.best_ms, 1),
            f"{prefix}naive_export_best_ms": round(naive_time.best_ms, 1),
            f"{prefix}export_cpu_ms": round(ours_time.cpu_ms, 1),
            f"{prefix}naive_export_cpu_ms": round(naive_time.cpu_ms, 1),
        })
    print(f"export of one 2048x2048 image to {len(SEED_PRESETS)} renditions, {EXPORT_RUNS} alternating runs:")
    print("wall ms (median, then best) and CPU ms of all threads (median): the work each path does")
    table(
        ("image", "ours", "naive", "speedup", "ours best", "naive best", "speedup", "ours CPU", "naive CPU",
         "bytes ratio"),
        rows,
    )
    print()
    return results


def _local_renderer():
    try:
        from creative.providers.local import LocalRenderer
    except ImportError as exc:
        return None, str(exc)
    return LocalRenderer(), ""


def _job(*, style: str, size: int, seed: int = 0):
    from creative.providers.base import ImageJob

    return ImageJob(
        model="local",
        prompt=f"A smartwatch, {style.replace('_', ' ')}",
        width=size,
        height=size,
        seed=seed,
        style=style,
        subject="smartwatch",
        colours=("blue", "silver"),
    )


def _render_times(renderer, *, style: str) -> list[float]:
    renderer.generate(_job(style=style, size=1024))  # warm fonts and caches
    return [
        _elapsed_ms(lambda seed=seed: renderer.generate(_job(style=style, size=1024, seed=seed)))
        for seed in range(RENDERS_PER_STYLE)
    ]


def _rendered(renderer, *, style: str, size: int) -> Image.Image:
    image = Image.open(io.BytesIO(renderer.generate(_job(style=style, size=size)).data))
    image.load()
    return image.convert("RGB")


def _photo_like(size: int, *, seed: int = 1) -> Image.Image:
    """Soft shapes, crisp small details and grain: compresses about like a photograph."""
    rng = random.Random(seed)

    def colour() -> tuple[int, int, int]:
        return (rng.randrange(256), rng.randrange(256), rng.randrange(256))

    shade = Image.linear_gradient("L").resize((size, size))
    image = Image.merge("RGB", (shade, shade.rotate(90), Image.new("L", (size, size), 130)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(size // 50, size // 4)
        draw.ellipse((x, y, x + extent, y + extent), fill=colour())
    image = image.filter(ImageFilter.GaussianBlur(size / 170))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, extent = rng.randrange(size), rng.randrange(size), rng.randrange(4, size // 35)
        draw.rectangle((x, y, x + extent, y + extent // 3), fill=colour())
    grain = Image.effect_noise((size, size), 12).convert("RGB")
    return Image.blend(image, grain, 0.08).filter(ImageFilter.GaussianBlur(0.6))


def _parallel_ceiling(image: Image.Image) -> float:
    """How much faster two equal encodes run on two threads than in a row, here and now."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        in_a_row = _median_ms(lambda: [encode(image, format="webp") for _ in range(2)], runs=5)
        side_by_side = _median_ms(
            lambda: list(pool.map(lambda same: encode(same, format="webp"), [image, image])), runs=5
        )
    return in_a_row / side_by_side


def _export_times(source: Image.Image, *, focal: tuple[float, float]):
    """Timings of both paths; runs alternate so drift in machine load hits both alike."""
    ours = render_sizes(source, presets=SEED_PRESETS, focal=focal)  # also starts the thread pool
    naive = naive_render_sizes(source, presets=SEED_PRESETS, focal=focal)
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "naive": []}
    for _ in range(EXPORT_RUNS):
        for name, path in (("ours", render_sizes), ("naive", naive_render_sizes)):
            wall, cpu = time.perf_counter(), time.process_time()
            path(source, presets=SEED_PRESETS, focal=focal)
            runs[name].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    ours_time, naive_time = (
        Timing(
            median_ms=statistics.median(wall for wall, _ in times),
            best_ms=min(wall for wall, _ in times),
            cpu_ms=statistics.median(cpu for _, cpu in times),
        )
        for times in runs.values()
    )
    return ours_time, naive_time, ours, naive


def _size(renditions: list[Rendition]) -> int:
    return sum(len(rendition.data) for rendition in renditions)


def _median_ms(call, *, runs: int) -> float:
    call()
    return statistics.median(_elapsed_ms(call) for _ in range(runs))


def _elapsed_ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
