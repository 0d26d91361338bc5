"""Scale-out benchmark: generations per second, embedded default against 1 and 2 worker processes on Redis.

Run from the repository root:  python bench/scale.py [--latency 0.2] [--threads 8] [--repeat 2]

One brief of 200 generations (5 prompts x 10 images x 4 models) against provider fakes from tests/fakes,
started in this process, that hold every generation request for a fixed latency. Each configuration
runs the brief through `manage.py creative run` on a throwaway database, queue and media folder:

  embedded   SQLite (WAL) + SqliteHuey, worker threads inside the CLI process: the single embedded
             worker, the baseline every ratio is against
  redis x1   PostgreSQL + Redis (PriorityRedisHuey), one `manage.py run_huey` worker process, the CLI with --no-worker
  redis x2   the same with two worker processes

Every worker process has the same number of threads (--threads), and per-model limits are raised so that
only the threads bound the work.

  gen/s      generations / (the brief's submit -> every generation scored and candidates chosen), seen by
             polling the database every 20 ms; the best of --repeat runs
  ratio      gen/s over the embedded default's gen/s, measured in the same run
  overhead   worker time per generation beyond the provider's latency: wall x worker threads / generations
             - latency. Claims, queue hops, storing, hashing and scoring; on 2 cores it grows with threads
             once the CPU, not the provider, is what they wait for.

Prints a table, then one line holding a JSON object of the figures.
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
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from bench._common import epoch, process_cpu, table  # noqa: E402
from tests.fakes.gemini_image import FakeGeminiImage  # noqa: E402
from tests.fakes.imagen import FakeImagen  # noqa: E402

POSTGRES_URL = os.getenv("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/creative")
REDIS_URL = os.getenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
MODELS = ("imagen-4.0-generate-001", "imagen-4.0-ultra-generate-001", "imagen-4.0-fast-generate-001",
          "gemini-2.5-flash-image")
IMAGES_PER_PROMPT = 10
GENERATIONS = len(MODELS) * 5 * IMAGES_PER_PROMPT
# The fan-out test's brief (tests/factories.py LAUNCH_BRIEF), here without importing Django.
BRIEF = ("We need an ad image for a smartwatch, targeting 25-35 year old urban professionals, emphasizing "
         "health monitoring and long battery life, tech feel but not too cold, mainly for sports and office "
         "scenarios, prefer blue and silver, need to show watch wearing effect, avoid overly complex "
         "technical parameter displays.")
WORKER_START_SECONDS = 4.0  # Django start-up of a run_huey process, so it is consuming before the submit


@dataclass
class Config:
    key: str
    label: str
    processes: int  # worker processes; 0: threads inside the CLI (the embedded default)


CONFIGS = (
    Config("embedded", "embedded: SQLite + SqliteHuey, threads in the CLI", 0),
    Config("redis_1", "redis x1: PostgreSQL + PriorityRedisHuey, 1 run_huey process", 1),
    Config("redis_2", "redis x2: PostgreSQL + PriorityRedisHuey, 2 run_huey processes", 2),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds each fake holds a request")
    parser.add_argument("--threads", type=int, default=8, help="worker threads per process")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the best counts")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f}; {GENERATIONS} generations, "
          f"latency {args.latency * 1000:.0f} ms, {args.threads} threads per worker process", flush=True)

    imagen, gemini = FakeImagen(), FakeGeminiImage()
    for fake in (imagen, gemini):
        fake.latency = args.latency
    providers = _provider_env(imagen, gemini)
    reachable = _scale_out_missing()
    results: dict[str, tuple[float, float] | None] = {}
    try:
        for config in CONFIGS:
            if config.processes and reachable:
                print(f"{config.label}: skipped, {reachable}", flush=True)
                results[config.key] = None
                continue
            runs = [_run(config, providers, threads=args.threads) for _ in range(args.repeat)]
            results[config.key] = min(runs)
            rates = ", ".join(f"{GENERATIONS / wall:.1f}" for wall, _ in runs)
            print(f"{config.label}: {rates} gen/s", flush=True)
    finally:
        imagen.stop()
        gemini.stop()
    print(json.dumps(_report(results, latency=args.latency, threads=args.threads, load=load)))


def _report(results: dict, *, latency: float, threads: int, load: float) -> dict:
    base = GENERATIONS / results["embedded"][0]
    summary = {"generations": GENERATIONS, "latency_ms": round(latency * 1000),
               "threads_per_process": threads, "cpus": os.cpu_count(), "load_average_1m": round(load, 2)}
    rows = []
    for config in CONFIGS:
        wall, cpu = results[config.key] or (None, None)
        slots = threads * max(1, config.processes)
        rate = GENERATIONS / wall if wall else None
        overhead = (wall * slots / GENERATIONS - latency) * 1000 if wall else None
        summary[f"{config.key}_gen_per_s"] = round(rate, 2) if rate else None
        summary[f"{config.key}_ratio"] = round(rate / base, 3) if rate else None
        summary[f"{config.key}_overhead_ms"] = round(overhead, 1) if overhead is not None else None
        summary[f"{config.key}_cpu_ms_per_generation"] = round(cpu * 1000 / GENERATIONS, 1) if wall else None
        rows.append((config.label, str(slots), f"{wall:.2f}" if wall else "-", f"{rate:.2f}" if rate else "-",
                     f"{rate / base:.2f}" if rate else "-",
                     f"{overhead:.0f}" if overhead is not None else "-",
                     f"{cpu * 1000 / GENERATIONS:.0f}" if wall else "-"))
    ideal = threads / latency
    print(f"\nideal for one process: {threads} threads / {latency:g} s = {ideal:.0f} gen/s, if nothing but "
          "the provider took time")
    header = ("configuration", "threads", "wall s", "gen/s", "ratio", "overhead ms/gen", "app CPU ms/gen")
    table(header, rows)
    print("app CPU: the CLI and worker processes and their scoring processes from submit to review "
          "(not PostgreSQL, Redis or the fakes)")
    return summary


def _run(config: Config, providers: dict, *, threads: int) -> tuple[float, float]:
    """One brief end to end in a throwaway environment: seconds from submit to review, and the CPU seconds
    the app's processes used meanwhile."""
    folder = Path(tempfile.mkdtemp(prefix=f"creative-scale-{config.key}-"))
    name = f"creative_bench_{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "HUEY_SQLITE_PATH", "MEDIA_ROOT", "HUEY_NAME")}
    env |= providers | {"DJANGO_SETTINGS_MODULE": "config.settings", "MEDIA_ROOT": str(folder / "media"),
                        "HUEY_WORKERS": str(threads), "CREATIVE_IMAGE_SIZE": "1024", "LOG_LEVEL": "WARNING"}
    if config.processes:
        import psycopg

        with psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env |= {"DATABASE_URL": POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, "REDIS_URL": REDIS_URL,
                "HUEY_NAME": name, "CHANNEL_LAYER_PREFIX": name}
    else:
        env |= {"DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
                "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3")}
    children: list[subprocess.Popen] = []
    try:
        _manage(env, "migrate", "--noinput")
        _execute(env, "UPDATE creative_imagemodel SET max_concurrency = 64, rpm = 100000, enabled = true")
        for index in range(config.processes):
            log = (folder / f"worker-{index}.log").open("w")
            children.append(subprocess.Popen(
                [sys.executable, "manage.py", "run_huey", "--workers", str(threads),
                 "--worker-type", "thread"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        if children:
            time.sleep(WORKER_START_SECONDS)
        command = [sys.executable, "manage.py", "creative", "--skip-checks", "run", BRIEF, "--models",
                   ",".join(MODELS), "--images-per-prompt", str(IMAGES_PER_PROMPT),
                   "--output", str(folder / "out")]
        cli = subprocess.Popen([*command, *(["--no-worker"] if children else [])], cwd=ROOT, env=env,
                               stdout=(folder / "cli.log").open("w"), stderr=subprocess.STDOUT)
        children.append(cli)
        return _wait_for_review(env, cli, folder, children)
    finally:
        for child in children:  # the CLI's export of candidates is not measured: stop it here
            child.terminate()
        for child in children:
            child.wait(timeout=30)
        if config.processes:
            _drop(name)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_review(env: dict, cli: subprocess.Popen, folder: Path, children: list) -> tuple[float, float]:
    deadline = time.monotonic() + 900
    cpu_at_submit = None
    while time.monotonic() < deadline:
        if cli.poll() is not None:
            log = (folder / "cli.log").read_text()[-3000:]
            raise SystemExit(f"creative run exited {cli.returncode}:\n{log}")
        rows = _query(env, "SELECT status, created FROM creative_brief ORDER BY id DESC LIMIT 1")
        if rows and cpu_at_submit is None:
            cpu_at_submit = _cpu(children)
        if rows and rows[0][0] in ("reviewing", "failed"):
            seen, cpu = time.time(), _cpu(children) - cpu_at_submit
            scored = _query(env, "SELECT count(*) FROM creative_generation WHERE status = 'scored'")[0][0]
            if rows[0][0] == "failed" or scored != GENERATIONS:
                raise SystemExit(f"the brief ended {rows[0][0]} with {scored} of {GENERATIONS} scored")
            return seen - epoch(rows[0][1]), cpu
        time.sleep(0.02)
    raise SystemExit("the brief did not reach review in 15 minutes")


def _cpu(processes: list[subprocess.Popen]) -> float:
    """User plus system CPU seconds of the app's live processes and their live children (the scoring
    processes), as fanout.py counts them. process_cpu(pid) adds a process's direct children, so a listed
    process whose parent is listed too is left to its parent: each process counts once."""
    pids = {process.pid for process in processes}
    return sum(process_cpu(pid) for pid in pids if _parent(pid) not in pids)


def _parent(pid: int) -> int | None:
    """The parent's pid of a live process, or None once it has ended (Linux /proc)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def _query(env: dict, sql: str) -> list[tuple]:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return []
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def _execute(env: dict, sql: str) -> None:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as connection:
            connection.execute(sql)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def _manage(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def _drop(name: str) -> None:
    import psycopg
    import redis

    with psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    client = redis.Redis.from_url(REDIS_URL)
    for key in [*client.scan_iter(f"huey.*{name}*"), *client.scan_iter(f"{name}*")]:
        client.delete(key)


def _scale_out_missing() -> str:
    """Why the Redis configurations cannot run here, or ""."""
    try:
        import psycopg
        import redis

        psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def _provider_env(imagen: FakeImagen, gemini: FakeGeminiImage) -> dict[str, str]:
    """Every provider aimed at its fake, as a user would aim it at the real one."""
    config = imagen.config()
    return {"VERTEX_ACCESS_TOKEN": config.api_key, "VERTEX_BASE_URL": config.base_url,
            "VERTEX_PROJECT": config.extra["project"], "VERTEX_LOCATION": config.extra["location"],
            "GEMINI_API_KEY": gemini.api_key, "GEMINI_BASE_URL": gemini.config().base_url}


if __name__ == "__main__":
    main()
