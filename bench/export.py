"""Export benchmark: the eight seed sizes of one image, ours against naive Pillow and sharp; then 200 images.

Run from the repository root, without Django:  python bench/export.py [--images 200] [--runs 7]
Everything is measured in this one run on the same source and encoder settings (WebP quality 85,
default effort), the paths taking turns so changes in machine load hit them alike. sharp
(libvips), which the launch article uses, is installed with npm into a temporary folder when Node
is here; it is never a project dependency. The 200-image export runs once whole, in a child
process that reports its peak RSS, then ours and naive alternate over chunks of the same images
for the throughput ratio. Prints tables, then one JSON line.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402

from PIL import Image  # noqa: E402
from render import _photo_like  # noqa: E402  (bench/render.py: the same photo-like source)

from bench._common import table  # noqa: E402
from creative.export.crop import cover_box  # noqa: E402
from creative.export.package import PackageItem, PackageOptions, package_write  # noqa: E402
from creative.export.presets import SEED_PRESETS  # noqa: E402
from creative.export.provenance import Provenance  # noqa: E402
from creative.export.render import naive_render_sizes, render_sizes  # noqa: E402

FOCAL = (0.55, 0.4)
QUALITY = 85
SOURCES = 8  # distinct 2048 px pictures the 200 items cycle through, decoded from PNG each time
SHARP_SCRIPT = r"""
// Waits for "run" lines on stdin, so its runs interleave with the Python ones under the same load.
const sharp = require(process.argv[2]);
const fs = require("fs");
const job = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const raw = fs.readFileSync(job.raw);
const input = {raw: {width: job.width, height: job.height, channels: 3}};
function once() {
  return Promise.all(job.presets.map(p =>
    sharp(raw, input)
      .extract({left: p.box[0], top: p.box[1], width: p.box[2] - p.box[0], height: p.box[3] - p.box[1]})
      .resize(p.width, p.height, {kernel: "lanczos3"}).webp({quality: job.quality}).toBuffer()));
}
const lines = require("readline").createInterface({input: process.stdin});
lines.on("line", async (line) => {
  if (line !== "run") { lines.close(); return; }
  const cpu = process.cpuUsage(), start = process.hrtime.bigint();
  const outputs = await once();
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({
    ms: Number(process.hrtime.bigint() - start) / 1e6, cpu_ms: (used.user + used.system) / 1000,
    bytes: outputs.reduce((sum, b) => sum + b.length, 0), versions: sharp.versions,
  }));
});
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-sharp", action="store_true")
    parser.add_argument("--chunks", type=int, default=8, help="Alternating chunks for the throughput ratio.")
    parser.add_argument("--child", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--sources", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, images=args.images, sources=Path(args.sources))
        return

    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f} before starting\n")
    source = _photo_like(2048)
    with _sharp(source, enabled=not args.no_sharp) as sharp:
        eight = _bench_eight_sizes(source, runs=args.runs, sharp=sharp)
    _print_eight(eight)
    package = _bench_package(images=args.images, chunks=args.chunks)
    _print_package(package, images=args.images)

    has_sharp = "sharp" in eight["paths"]
    ours, naive = eight["paths"]["ours"], eight["paths"]["naive"]
    summary = {
        "eight_sizes_ms": round(ours["ms"], 1),
        "speedup_vs_naive": round(naive["ms"] / ours["ms"], 3),
        "ratio_vs_sharp": round(ours["ms"] / eight["paths"]["sharp"]["ms"], 3) if has_sharp else None,
        "export_200_s": round(package["whole"]["seconds"], 2),
        "export_200_speedup_vs_naive": round(package["naive"]["seconds"] / package["ours"]["seconds"], 3),
        "export_200_peak_rss_mb": package["whole"]["peak_rss_mb"],
        "images": args.images,
        "naive_eight_sizes_ms": round(naive["ms"], 1),
        "sharp_eight_sizes_ms": round(eight["paths"]["sharp"]["ms"], 1) if has_sharp else None,
        "eight_sizes_cpu_ms": round(ours["cpu_ms"], 1),
        "sharp_eight_sizes_cpu_ms": round(eight["paths"]["sharp"]["cpu_ms"], 1) if has_sharp else None,
        "bytes_ratio_vs_naive": round(ours["bytes"] / naive["bytes"], 4),
        "export_200_naive_s": round(package["naive"]["seconds"], 2),
        "export_200_cpu_s": round(package["whole"]["cpu_seconds"], 1),
        "export_200_chunked_s": round(package["ours"]["seconds"], 2),
        "export_200_naive_cpu_s": round(package["naive"]["cpu_seconds"], 1),
        "export_200_naive_peak_rss_mb": package["naive"]["peak_rss_mb"],
        "export_200_bytes_ratio_vs_naive": round(package["whole"]["bytes"] / package["naive"]["bytes"], 4),
        "load_average_1m": round(load, 2),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(summary))


def _bench_eight_sizes(source: Image.Image, *, runs: int, sharp) -> dict:
    """Every path once per round, in turn, so drift in machine load hits them alike; medians of the rounds."""
    ours = render_sizes(source, presets=SEED_PRESETS, focal=FOCAL, quality=QUALITY)  # also starts the pool
    naive = naive_render_sizes(source, presets=SEED_PRESETS, focal=FOCAL, quality=QUALITY)
    paths = {
        "ours": lambda: _timed(
            lambda: render_sizes(source, presets=SEED_PRESETS, focal=FOCAL, quality=QUALITY)
        ),
        "naive": lambda: _timed(
            lambda: naive_render_sizes(source, presets=SEED_PRESETS, focal=FOCAL, quality=QUALITY)
        ),
    }
    if sharp is not None:
        paths["sharp"] = sharp
        sharp()  # warm up, as the Python paths were above
    samples: dict[str, list[dict]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, run in paths.items():
            samples[name].append(run())
    summary = {
        name: {
            "ms": statistics.median(s["ms"] for s in runs_),
            "best_ms": min(s["ms"] for s in runs_),
            "cpu_ms": statistics.median(s["cpu_ms"] for s in runs_),
            "bytes": runs_[-1].get("bytes", 0),
        }
        for name, runs_ in samples.items()
    }
    summary["ours"]["bytes"] = sum(len(r.data) for r in ours)
    summary["naive"]["bytes"] = sum(len(r.data) for r in naive)
    if sharp is not None:
        summary["sharp"]["label"] = sharp.label
    return {
        "paths": summary,
        "per_preset": [
            (a.preset.name, f"{a.width}x{a.height}", len(a.data), len(b.data)) for a, b in zip(ours, naive)
        ],
    }


def _timed(call) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()  # process time: every thread's CPU
    call()
    return {"ms": (time.perf_counter() - wall) * 1000, "cpu_ms": (time.process_time() - cpu) * 1000}


class _SharpRunner:
    """sharp in a Node process that renders the eight sizes each time it is asked, for rounds in turn."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.label = ""

    def __call__(self) -> dict:
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        result = json.loads(self.process.stdout.readline())
        versions = result.pop("versions")
        self.label = f"sharp {versions.get('sharp', '?')} (libvips {versions.get('vips', '?')})"
        return result


@contextlib.contextmanager
def _sharp(source: Image.Image, *, enabled: bool):
    """A _SharpRunner when Node can install sharp into a temporary folder; None (and why) otherwise."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not enabled or not node or not npm:
        print(
            "sharp: skipped"
            + ("" if enabled else " (--no-sharp)")
            + (", Node is not installed" if enabled else "")
        )
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-sharp-"))
    process = None
    try:
        installed = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error", "sharp"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if installed.returncode != 0:
            print(f"sharp: skipped, npm install failed: {installed.stderr.strip()[-300:]}\n")
            yield None
            return
        raw = folder / "source.rgb"
        raw.write_bytes(source.convert("RGB").tobytes())
        boxes = [
            {
                "width": p.width,
                "height": p.height,
                "box": cover_box(src_size=source.size, dst_size=p.size, focal=FOCAL),
            }
            for p in SEED_PRESETS
        ]
        job = folder / "job.json"
        job.write_text(
            json.dumps(
                {
                    "raw": str(raw),
                    "width": source.width,
                    "height": source.height,
                    "presets": boxes,
                    "quality": QUALITY,
                }
            )
        )
        script = folder / "bench.js"
        script.write_text(SHARP_SCRIPT)
        process = subprocess.Popen(
            [node, str(script), str(folder / "node_modules" / "sharp"), str(job)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        yield _SharpRunner(process)
    finally:
        if process is not None:
            process.stdin.close()
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _print_eight(eight: dict) -> None:
    paths = eight["paths"]
    ours, naive = paths["ours"], paths["naive"]
    print(
        f"one 2048x2048 photo-like image into the {len(SEED_PRESETS)} seed sizes, WebP q{QUALITY}, "
        f"focal {FOCAL}"
    )
    rows = [(name, size, f"{a:,}", f"{b:,}", f"{a / b:.3f}") for name, size, a, b in eight["per_preset"]]
    rows.append(
        ("all", "", f"{ours['bytes']:,}", f"{naive['bytes']:,}", f"{ours['bytes'] / naive['bytes']:.3f}")
    )
    table(("preset", "size", "ours bytes", "naive bytes", "ratio"), rows)
    print()
    labels = {
        "ours": "ours (box reduce, Hamming/LANCZOS, 2 threads)",
        "naive": "naive Pillow (LANCZOS from full, sequential)",
        "sharp": paths.get("sharp", {}).get("label", ""),
    }
    rows = [
        (
            labels[name],
            f"{p['ms']:.0f}",
            f"{p['best_ms']:.0f}",
            f"{p['cpu_ms']:.0f}",
            f"{p['ms'] / ours['ms']:.2f}",
            f"{p['bytes']:,}",
        )
        for name, p in paths.items()
    ]
    table(("eight sizes", "median ms", "best ms", "CPU ms", "x ours time", "bytes"), rows)
    if "sharp" in paths:
        print(f"ours / sharp = {ours['ms'] / paths['sharp']['ms']:.2f} (at most 1.00: no slower than sharp)")
    print()


def _bench_package(*, images: int, chunks: int) -> dict:
    """The export as one process (its time and peak RSS), then both paths over the same images in
    alternating chunks, so a change in machine load mid-benchmark does not decide the ratio."""
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        for index in range(SOURCES):
            _photo_like(2048, seed=index + 1).save(folder / f"source-{index}.png", compress_level=6)
        results = {"whole": _run_child("ours", images=images, sources=folder)}
        size = max(1, images // chunks)
        totals = {
            path: {"seconds": 0.0, "cpu_seconds": 0.0, "bytes": 0, "peak_rss_mb": 0}
            for path in ("ours", "naive")
        }
        done = 0
        while done < images:
            count = min(size, images - done)
            for path in ("naive", "ours"):
                part = _run_child(path, images=count, sources=folder)
                for key in ("seconds", "cpu_seconds", "bytes"):
                    totals[path][key] += part[key]
                totals[path]["peak_rss_mb"] = max(totals[path]["peak_rss_mb"], part["peak_rss_mb"])
            done += count
        return {**results, **totals}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_child(path: str, *, images: int, sources: Path) -> dict:
    command = [sys.executable, __file__, "--child", path, "--images", str(images), "--sources", str(sources)]
    child = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def _print_package(package: dict, *, images: int) -> None:
    whole, ours, naive = package["whole"], package["ours"], package["naive"]
    print(
        f"{images} approved images x {len(SEED_PRESETS)} sizes, WebP q{QUALITY}: decode each PNG source, "
        "render, write every file and a zip"
    )
    rows = [
        (
            "ours, one export",
            f"{whole['seconds']:.1f}",
            f"{images / whole['seconds']:.2f}",
            "",
            str(whole["peak_rss_mb"]),
            f"{whole['cpu_seconds']:.1f}",
            f"{whole['bytes']:,}",
        ),
        (
            "ours, alternating chunks",
            f"{ours['seconds']:.1f}",
            f"{images / ours['seconds']:.2f}",
            f"{naive['seconds'] / ours['seconds']:.2f}",
            str(ours["peak_rss_mb"]),
            f"{ours['cpu_seconds']:.1f}",
            f"{ours['bytes']:,}",
        ),
        (
            "naive Pillow, sequential, same chunks",
            f"{naive['seconds']:.1f}",
            f"{images / naive['seconds']:.2f}",
            "1.00",
            str(naive["peak_rss_mb"]),
            f"{naive['cpu_seconds']:.1f}",
            f"{naive['bytes']:,}",
        ),
    ]
    table(("export", "wall s", "images/s", "x naive", "peak RSS MB", "CPU s", "bytes"), rows)
    print()


def _child(path: str, *, images: int, sources: Path) -> None:
    """One export of `images` items in this process; prints seconds, peak RSS and bytes written as JSON."""
    files = sorted(sources.glob("source-*.png"))
    out = Path(tempfile.mkdtemp(prefix=f"bench-{path}-"))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        if path == "ours":
            written = _ours(files, images=images, out=out)
        else:
            written = _naive(files, images=images, out=out)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    finally:
        shutil.rmtree(out, ignore_errors=True)
    # This process's own peak: ru_maxrss would carry the parent's over exec (the bench holding its sources).
    status = Path("/proc/self/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mb": peak, "bytes": written}))


def _open(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image.convert("RGB") if image.mode != "RGB" else image.copy()


def _ours(files: list[Path], *, images: int, out: Path) -> int:
    def store(item, name, rendition):  # as the pipeline saves each rendition to storage
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rendition.data)

    items = (
        PackageItem(
            folder=f"{index:03d}",
            load=lambda index=index: _open(files[index % len(files)]),
            focal=FOCAL,
            provenance=Provenance(model="bench"),
        )
        for index in range(images)
    )
    with open(out / "export.zip", "wb") as archive:
        result = package_write(
            items,
            options=PackageOptions(presets=SEED_PRESETS, quality=QUALITY),
            archive=archive,
            on_rendition=store,
        )
    return sum(row["bytes"] for row in result.manifest)


def _naive(files: list[Path], *, images: int, out: Path) -> int:
    written = 0
    with zipfile.ZipFile(out / "export.zip", "w", compression=zipfile.ZIP_STORED) as archive:
        for index in range(images):
            source = _open(files[index % len(files)])
            for rendition in naive_render_sizes(source, presets=SEED_PRESETS, focal=FOCAL, quality=QUALITY):
                name = f"{index:03d}/{rendition.preset.name}.webp"
                archive.writestr(name, rendition.data)
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(rendition.data)
                written += len(rendition.data)
    return written


if __name__ == "__main__":
    main()
