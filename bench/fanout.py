"""Fan-out benchmark: one brief, 5 prompts x 6 models x 2 images, against provider fakes with real latencies.

Run from the repository root:  python bench/fanout.py [--scale 0.5] [--seeded-limits] [--workers N]

It builds a throwaway environment (a temporary folder with its own SQLite database, Huey queue and
media root), starts the provider fakes from tests/fakes in this process, points the environment at
them as a user would point it at the real providers, then runs `manage.py creative run` in a child
process: the embedded default (SQLite, SqliteHuey, worker threads inside the CLI).

Latencies are the launch article's (Imagen 5 s, OpenAI 8 s, SDXL 3 s, Midjourney 30 s, Flux 6 s with
polling) plus Gemini image at 5 s, all multiplied by --scale (default 0.5: Midjourney's 30 s becomes
15 s; at 0.1 the 60 images' storing and scoring, about 7 s of CPU, no longer fit on two cores inside
the 3 s slowest call, and the ratio measures the machine more than the pipeline). Sync fakes hold each
generation request that long; async fakes (Flux, the Midjourney relay) answer at once and report the job ready only after
that long, however often they are polled (Midjourney: grid 80 % of it, upscale U1 the other 20 %).

  ideal  the slowest single call, measured alone against the same fakes just before the run: for an
         async provider, from submit until the result is downloaded, polling every 10 ms.
  wall   from the brief's submit (its `created` time) until it is ready for review: every generation
         stored and scored, candidates selected (seen by polling the database every 10 ms). CLI start-up
         and the export that follows are shown apart and are not in it.
  overhead per generation  for each generation, the time from its row being planned to its thumbnail
         being written (scored), minus the provider's own time for that model (its single call alone);
         the mean over all generations. It holds queue waits, claims, poll lag, storing and scoring.

Prints readable tables, then one line holding a JSON object with the headline numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from bench._common import epoch, process_cpu, table  # noqa: E402
from tests.fakes.flux import FakeFlux  # noqa: E402
from tests.fakes.gemini_image import FakeGeminiImage  # noqa: E402
from tests.fakes.imagen import FakeImagen  # noqa: E402
from tests.fakes.midjourney import FakeMidjourney  # noqa: E402
from tests.fakes.openai_images import FakeOpenAIImages  # noqa: E402
from tests.fakes.stability import FakeStability  # noqa: E402

PROMPTS = 5
IMAGES_PER_PROMPT = 2
DB_POLL_SECONDS = 0.01
MIDJOURNEY_GRID_SHARE = 0.8  # of the 30 s: the grid; U1's upscale takes the rest
LEGEND = """\
requests: HTTP requests the fake received (submits, polls, downloads); at once: most it held at one time.
pickup: row planned -> claimed (queue wait, worker pickup, limits). call lag: claimed -> stored, minus
the call alone (poll schedule, download, store). store->scored: image stored -> thumbnail written
(score queue, scoring). last done: seconds after submit. Times: the median, then the max, in ms.
Overhead per generation: planned -> scored, minus its model's call alone; the mean of all."""


@dataclass
class Model:
    name: str
    provider: str
    fake_class: type
    seconds: float  # the launch article's figure, unscaled
    flow: str  # "sync" or "async"
    env: dict  # environment variable -> attribute of the fake's config


MODELS = [
    Model("imagen-4.0-generate-001", "imagen", FakeImagen, 5.0, "sync",
          {"VERTEX_ACCESS_TOKEN": "api_key", "VERTEX_BASE_URL": "base_url", "VERTEX_PROJECT": "extra.project",
           "VERTEX_LOCATION": "extra.location"}),
    Model("gemini-3.1-flash-image", "gemini", FakeGeminiImage, 5.0, "sync",
          {"GEMINI_API_KEY": "api_key", "GEMINI_BASE_URL": "base_url"}),
    Model("gpt-image-1.5", "openai", FakeOpenAIImages, 8.0, "sync",
          {"OPENAI_API_KEY": "api_key", "OPENAI_BASE_URL": "base_url"}),
    Model("stable-diffusion-xl-1024-v1-0", "stability", FakeStability, 3.0, "sync",
          {"STABILITY_API_KEY": "api_key", "STABILITY_BASE_URL": "base_url"}),
    Model("flux-pro-1.1", "flux", FakeFlux, 6.0, "async",
          {"BFL_API_KEY": "api_key", "BFL_BASE_URL": "base_url"}),
    Model("midjourney", "midjourney", FakeMidjourney, 30.0, "async",
          {"MIDJOURNEY_RELAY_SECRET": "api_key", "MIDJOURNEY_RELAY_URL": "base_url"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.5,
                        help="latency factor (default 0.5: 30 s becomes 15 s)")
    parser.add_argument("--seeded-limits", action="store_true",
                        help="keep the seeded per-model concurrency limits instead of raising them")
    parser.add_argument("--workers", type=int, default=None,
                        help="HUEY_WORKERS (default: the settings default)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f} before starting", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="creative-fanout-"))
    fakes = {model.provider: model.fake_class() for model in MODELS}
    try:
        env = _environment(folder, fakes, workers=args.workers)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        limits = _set_limits(seeded=args.seeded_limits)
        from django.db import connection

        connection.close()

        _apply_latencies(fakes, args.scale)
        ideal = _ideal_calls(fakes)
        for fake in fakes.values():
            fake.reset()
        _apply_latencies(fakes, args.scale)

        run = _run_brief(folder, env)
        summary = _report(run, ideal=ideal, limits=limits, fakes=fakes, scale=args.scale, load=load,
                          seeded=args.seeded_limits)
    finally:
        for fake in fakes.values():
            fake.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept {folder}")
    print(json.dumps(summary))


def _environment(folder: Path, fakes: dict, *, workers: int | None) -> dict[str, str]:
    """The throwaway environment: its own database, queue and media, and every provider aimed at its fake."""
    for name in ("REDIS_URL", "HUEY_WORKERS", "DATABASE_URL", "HUEY_SQLITE_PATH", "MEDIA_ROOT"):
        os.environ.pop(name, None)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    if workers is not None:
        env["HUEY_WORKERS"] = str(workers)
    for model in MODELS:
        config = fakes[model.provider].config()
        for variable, attribute in model.env.items():
            if attribute.startswith("extra."):
                env[variable] = config.extra[attribute[len("extra."):]]
            else:
                env[variable] = getattr(config, attribute)
    return env


def _set_limits(*, seeded: bool) -> list[tuple[str, int, int, int]]:
    """Raise each model's concurrency so its whole share of the brief can be in flight, as an admin would."""
    from creative.models import ImageModel

    rows = []
    share = PROMPTS * IMAGES_PER_PROMPT
    for model in MODELS:
        row = ImageModel.objects.get(name=model.name)
        before = row.max_concurrency
        if not seeded and row.max_concurrency < share:
            row.max_concurrency = share
            row.save(update_fields=["max_concurrency"])
        rows.append((model.name, before, row.max_concurrency, row.rpm))
    return rows


def _apply_latencies(fakes: dict, scale: float) -> None:
    for model in MODELS:
        fake = fakes[model.provider]
        seconds = model.seconds * scale
        if model.provider == "midjourney":
            fake.ready_after = seconds * MIDJOURNEY_GRID_SHARE
            fake.upscale_ready_after = seconds * (1 - MIDJOURNEY_GRID_SHARE)
        elif model.flow == "async":
            fake.ready_after = seconds
        else:
            fake.latency = seconds


def _ideal_calls(fakes: dict) -> dict[str, float]:
    """Each model's single call alone, straight through its adapter: the time no pipeline can beat."""
    from creative.providers import registry
    from creative.providers.base import ImageJob

    durations = {}
    for model in MODELS:
        config = fakes[model.provider].config()
        provider_cls = registry.PROVIDERS[model.provider]
        with registry.build_client(provider_cls, config, timeout=60) as client:
            provider = registry.get_provider(model.provider, config=config, client=client)
            job = ImageJob(model=model.name, prompt="A smartwatch on a wrist, blue and silver", width=1024,
                           height=1024, seed=7, idempotency_key="00000000-0000-4000-8000-000000000001")
            start = time.perf_counter()
            if provider.is_async:
                job_id = provider.submit(job)
                while True:
                    outcome = provider.poll(job_id)
                    if outcome.done:
                        break
                    job_id = outcome.job_id or job_id
                    time.sleep(0.01)
            else:
                provider.generate(job)
            durations[model.name] = time.perf_counter() - start
    return durations


@dataclass
class Run:
    submitted: float  # epoch seconds, the brief's `created`
    reviewing: float  # epoch seconds, when the brief was seen ready for review
    pipeline_cpu: float  # CPU seconds the `creative run` process used from the brief's row to review
    fakes_cpu: float  # CPU seconds this process (the fakes, mostly) used over the same span
    cli_seconds: float
    cli_output: str
    brief_id: int
    status: str


def _run_brief(folder: Path, env: dict) -> Run:
    """`manage.py creative run` in a child process, watching the database for the brief's progress."""
    from tests.factories import LAUNCH_BRIEF  # the brief the fan-out test runs

    models = ",".join(model.name for model in MODELS)
    # System checks import every view; they say nothing about the pipeline and only slow start-up.
    command = [sys.executable, "manage.py", "creative", "--skip-checks", "run", LAUNCH_BRIEF,
               "--models", models, "--images-per-prompt", str(IMAGES_PER_PROMPT),
               "--output", str(folder / "out"), "--timeout", "600"]
    output: list[str] = []
    start = time.time()
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    reader = threading.Thread(target=lambda: output.extend(child.stdout), daemon=True)
    reader.start()
    seen = None
    database = None
    cpu_at_submit = (0.0, 0.0)
    while child.poll() is None and seen is None:
        time.sleep(DB_POLL_SECONDS)
        if database is None:
            if not (folder / "db.sqlite3").exists():
                continue
            database = sqlite3.connect(f"file:{folder / 'db.sqlite3'}?mode=ro", uri=True, timeout=5)
        row = database.execute(
            "select id, status, created from creative_brief order by id desc limit 1"
        ).fetchone()
        if row is None:
            cpu_at_submit = (process_cpu(child.pid), time.process_time())
        elif row[1] in ("reviewing", "failed", "exported"):
            seen = (time.time(), row, process_cpu(child.pid) - cpu_at_submit[0],
                    time.process_time() - cpu_at_submit[1])
    child.wait()
    cli_seconds = time.time() - start
    reader.join(5)
    if database is not None:
        database.close()
    text = "".join(output)
    if seen is None:
        raise SystemExit(f"creative run failed (exit {child.returncode}):\n{text}")
    if child.returncode != 0:  # after the brief was ready: the export or the summary failed, not the fan-out
        last = text.strip().splitlines()[-1] if text.strip() else ""
        print(f"\nnote: creative run exited {child.returncode} after the brief was ready for review: {last}")
    reviewing, (brief_id, status, created), pipeline_cpu, fakes_cpu = seen
    return Run(submitted=epoch(created), reviewing=reviewing, pipeline_cpu=pipeline_cpu,
               fakes_cpu=fakes_cpu, cli_seconds=cli_seconds, cli_output=text, brief_id=brief_id,
               status=status)


def _report(run: Run, *, ideal: dict[str, float], limits, fakes: dict, scale: float, load: float,
            seeded: bool) -> dict:
    from django.conf import settings

    from creative.models import Generation

    generations = list(
        Generation.objects.filter(prompt__brief_id=run.brief_id).select_related("image_model")
    )
    media = Path(settings.MEDIA_ROOT)
    first_planned = min(g.created.timestamp() for g in generations)

    print(f"\nscale {scale:g}: the launch article's latencies x {scale:g}; workers {settings.HUEY_WORKERS}"
          f" (HUEY_WORKERS {'set by --workers' if os.getenv('HUEY_WORKERS') else 'default'}), "
          f"SQLite + SqliteHuey + embedded consumer threads")
    print(f"async polls: first after {_setting('creative.pipeline.generations', 'POLL_FIRST_DELAY')} s, "
          f"scheduler tick {_setting('config.huey', 'SCHEDULE_TICK', 1)} s")
    print("per-model concurrency: " + ("as seeded" if seeded else
          "raised in the throwaway database, as an admin would, so each model's 10 images can be in flight"))
    table(("model", "seeded concurrency", "bench concurrency", "rpm"),
          [(name, str(before), str(after), str(rpm)) for name, before, after, rpm in limits])

    print("\nsingle call alone (the ideal is the slowest), then the same model inside the fan-out")
    rows = []
    lifetimes = []
    profile: dict[str, list[float]] = {"pickup": [], "call_lag": [], "store_to_scored": []}
    for model in MODELS:
        mine = [g for g in generations if g.image_model.name == model.name]
        scored = [g for g in mine if g.status == "scored" and g.thumbnail]
        provider_seconds = ideal[model.name]
        pickup, call_lag, to_scored, finish = [], [], [], []
        for g in scored:
            scored_at = (media / g.thumbnail.name).stat().st_mtime
            planned = g.created.timestamp()
            requested = g.requested_at.timestamp()
            finished = g.finished_at.timestamp()
            pickup.append(requested - planned)
            call_lag.append(finished - requested - provider_seconds)
            to_scored.append(scored_at - finished)
            finish.append(scored_at - run.submitted)
            lifetimes.append(scored_at - planned - provider_seconds)
        profile["pickup"] += pickup
        profile["call_lag"] += call_lag
        profile["store_to_scored"] += to_scored
        fake = fakes[model.provider]
        rows.append((
            model.name, model.flow, f"{model.seconds * scale:.2f}", f"{provider_seconds:.3f}",
            f"{len(scored)}/{len(mine)}", str(len(fake.requests)), str(fake.max_concurrent),
            _ms(pickup), _ms(call_lag), _ms(to_scored), f"{max(finish):.2f}" if finish else "-",
        ))
    table(("model", "flow", "target s", "alone s", "scored", "requests", "at once", "pickup ms",
           "call lag ms", "store->scored ms", "last done s"), rows)
    print(LEGEND)

    ideal_model, ideal_seconds = max(ideal.items(), key=lambda item: item[1])
    wall = run.reviewing - run.submitted
    count = len(generations)
    scored_count = sum(1 for g in generations if g.status == "scored")
    overhead_ms = statistics.mean(lifetimes) * 1000 if lifetimes else None
    paid = _paid_requests(fakes)
    print(f"\nbrief {run.brief_id}: {scored_count} of {count} generations scored; "
          "paid requests per provider: " + ", ".join(f"{name} {n}" for name, n in paid.items()))
    print(f"analysis (submit -> rows planned): {(first_planned - run.submitted) * 1000:.0f} ms; "
          f"CLI total (start-up, run, export of candidates): {run.cli_seconds:.2f} s")
    print(f"CPU from submit to review: pipeline (CLI and scoring processes) {run.pipeline_cpu:.2f} s "
          f"({run.pipeline_cpu / wall:.2f} of {os.cpu_count()} CPUs), fakes {run.fakes_cpu:.2f} s; "
          f"1-minute load average now {os.getloadavg()[0]:.2f}")
    table(("measure", "value"), [
        ("ideal: slowest single call", f"{ideal_seconds:.3f} s ({ideal_model})"),
        ("wall: submit -> ready for review", f"{wall:.3f} s"),
        ("wall / ideal", f"{wall / ideal_seconds:.3f}"),
        ("wall - ideal", f"{(wall - ideal_seconds) * 1000:.0f} ms"),
        ("(wall - ideal) / generations", f"{(wall - ideal_seconds) * 1000 / count:.1f} ms"),
        ("overhead per generation (mean)", f"{overhead_ms:.0f} ms" if overhead_ms is not None else "-"),
    ])
    return {
        "wall_vs_ideal_ratio": round(wall / ideal_seconds, 3),
        "overhead_ms_per_generation": round(overhead_ms, 1) if overhead_ms is not None else None,
        "wall_s": round(wall, 3),
        "ideal_s": round(ideal_seconds, 3),
        "ideal_model": ideal_model,
        "wall_minus_ideal_ms_per_generation": round((wall - ideal_seconds) * 1000 / count, 1),
        "scale": scale,
        "generations": count,
        "scored": scored_count,
        "workers": settings.HUEY_WORKERS,
        "limits": "seeded" if seeded else "raised to 10 per model",
        "pickup_ms_median": _median_ms(profile["pickup"]),
        "call_lag_ms_median": _median_ms(profile["call_lag"]),
        "store_to_scored_ms_median": _median_ms(profile["store_to_scored"]),
        "analysis_ms": round((first_planned - run.submitted) * 1000, 1),
        "pipeline_cpu_s": round(run.pipeline_cpu, 2),
        "pipeline_cpu_ms_per_generation": round(run.pipeline_cpu * 1000 / count, 1),
        "fakes_cpu_s": round(run.fakes_cpu, 2),
        "cli_total_s": round(run.cli_seconds, 2),
        "paid_requests": paid,
        "cpus": os.cpu_count(),
        "load_average_1m": round(load, 2),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    }


def _setting(module: str, name: str, default="?"):
    """A constant of the code under test, as the child process sees it."""
    import importlib

    return getattr(importlib.import_module(module), name, default)


def _paid_requests(fakes: dict) -> dict[str, int]:
    """Generation requests each fake received: one per image means nothing was paid twice."""
    paths = {"imagen": ":predict", "gemini": ":generateContent", "openai": "/images/generations",
             "stability": "/generation/", "flux": "/v1/flux", "midjourney": "/mj/submit/imagine"}
    return {name: sum(1 for r in fake.requests if r.method == "POST" and paths[name] in r.path)
            for name, fake in fakes.items()}


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values) * 1000:.0f} / {max(values) * 1000:.0f}"


def _median_ms(values: list[float]) -> float | None:
    return round(statistics.median(values) * 1000, 1) if values else None


if __name__ == "__main__":
    main()
