"""First-image benchmark: how soon a new user's first brief shows images, on the embedded default.

Run from the repository root:  python bench/first_image.py [--rounds 1] [--settle 3]

The launch brief (tests/factories.py) on the built-in renderer, 3 images per prompt (15 images), as a
person submits it: `manage.py up` serves the version (daphne, in-process channel layer, the embedded
Huey consumer of config/huey.py, DEBUG off); after it answers and --settle seconds (a person logging in
and reading the form), the brief form is POSTed by a logged-in designer (`pipeline.brief_submit`, as the
form does) and a websocket watches the brief's gallery from the moment the POST answers.

  first image   submit -> the first generation stored (its `finished_at`)
  first card    submit -> the first gallery card holding its image pushed to the websocket (a card shows
                its thumbnail once scored)
  all scored    submit -> the brief ready for review: all 15 scored, candidates selected (the database
                polled every 20 ms)
  server CPU    CPU seconds of the server process and its children (the pixel processes) over that span:
                what the brief cost, whatever else the machine was doing

Two versions run in one run: the baseline, `HEAD` (or --baseline) checked out into a temporary `git
worktree` (the commit before the working tree's change), and the working tree. Each has its own SQLite
database, Huey queue and media root in a temporary folder, migrated by its own `manage.py migrate`. Each
round starts a fresh server per version, baseline first, then the working tree. Submit is the client's
clock just before the POST.

Prints a table per round and the medians with ratios (baseline / current), then one line holding a JSON
object with the headline numbers (medians over the rounds).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import httpx  # noqa: E402

from bench import _ws  # noqa: E402
from bench._common import epoch, process_cpu, table  # noqa: E402
from bench._served import free_port, git, migrate, served  # noqa: E402

IMAGES_PER_PROMPT = 3
IMAGES = 15
DB_POLL_SECONDS = 0.02
BRIEF_TIMEOUT = 120.0
TARGET_FIRST_IMAGE_S, TARGET_ALL_SCORED_S = 1.5, 5.0
SECRET_KEY = "bench-first-image-not-secret"
MEASURES = (("first_image_s", "submit -> first image stored"),
            ("first_card_s", "submit -> first card with image on websocket"),
            ("all_scored_s", "submit -> all 15 scored, candidates"))

# Run by each version's interpreter with cwd = that version's root.
SEED_SCRIPT = r'''
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
import creative
assert os.path.dirname(os.path.dirname(os.path.abspath(creative.__file__))) == os.getcwd(), creative.__file__
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from creative.models import ImageModel, Membership, Workspace
from tests.factories import LAUNCH_BRIEF

workspace = Workspace.objects.create(name="Bench workspace")
user = get_user_model().objects.create_user(username="designer", password=None)
Membership.objects.create(workspace=workspace, user=user, role="designer")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"workspace_id": workspace.id, "session": session.session_key, "brief": LAUNCH_BRIEF,
                  "models": list(ImageModel.objects.filter(name__in=settings.CREATIVE_DEFAULT_MODELS)
                                 .values_list("id", flat=True)),
                  "images_per_prompt": settings.CREATIVE_IMAGES_PER_PROMPT}))
'''


@dataclass
class Version:
    name: str
    label: str
    root: Path
    folder: Path
    seed: dict = field(default_factory=dict)
    rounds: list[dict] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        # The embedded default: no Redis, no external database, the settings' own worker and process counts.
        dropped = ("DATABASE_URL", "REDIS_URL", "HUEY_SQLITE_PATH", "MEDIA_ROOT", "HUEY_WORKERS",
                   "CREATIVE_CPU_PROCESSES", "CREATIVE_DEFAULT_MODELS", "CREATIVE_IMAGES_PER_PROMPT",
                   "CREATIVE_IMAGE_SIZE", "AWS_STORAGE_BUCKET_NAME", "ALLOWED_HOSTS", "PYTHONPATH")
        environment = {k: v for k, v in os.environ.items() if k not in dropped}
        environment.update({
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            "HUEY_SQLITE_PATH": str(self.folder / "huey.sqlite3"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "LOG_LEVEL": "WARNING",
        })
        return environment

    def median(self, key: str) -> float | None:
        values = [r[key] for r in self.rounds if r.get(key) is not None]
        return statistics.median(values) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="fresh servers per version (default 1)")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds between the server answering and the submit (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (the worktree is removed)")
    parser.add_argument("--current-only", action="store_true", help="skip the baseline (while working on a change)")
    parser.add_argument("--baseline", default="HEAD",
                        help="the commit to compare with (default HEAD: the working tree's change uncommitted; "
                             "once it is committed, its parent)")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f} before starting", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="creative-first-image-"))
    worktree = folder / "baseline-tree"
    head = git(ROOT, "rev-parse", "--short", "HEAD")
    baseline = git(ROOT, "rev-parse", "--short", f"{args.baseline}^{{commit}}")
    dirty = bool(git(ROOT, "status", "--porcelain", "--untracked-files=no"))
    git(ROOT, "worktree", "add", "--detach", str(worktree), baseline)
    versions = [
        Version("baseline", f"baseline {baseline}", worktree, folder / "baseline"),
        Version("current", f"current {head}{'+wt' if dirty else ''}", ROOT, folder / "current"),
    ]
    try:
        for version in versions[1:] if args.current_only else versions:
            version.folder.mkdir()
            _prepare(version)
        if versions[0].seed and versions[0].seed["brief"] != versions[1].seed["brief"]:
            raise SystemExit("the versions' launch briefs differ: the comparison would not be fair")
        for number in range(args.rounds):
            for version in versions[1:] if args.current_only else versions:
                print(f"round {number + 1} of {args.rounds}: {version.label} ...", flush=True)
                version.rounds.append(_round(version, settle=args.settle))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                       capture_output=True, check=False)
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(_report(versions, load=load)))



def _prepare(version: Version) -> None:
    """A fresh database migrated by the version's own migrations, and a designer's session."""
    migrate(version.root, version.env, label=version.label)
    result = subprocess.run([sys.executable, "-c", SEED_SCRIPT], cwd=version.root, env=version.env,
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{version.label}: seed failed:\n{result.stderr[-3000:]}")
    version.seed = json.loads(result.stdout.strip().splitlines()[-1])
    if not version.seed["models"]:
        raise RuntimeError(f"{version.label}: no default image model is enabled")



def _round(version: Version, *, settle: float) -> dict:
    port = free_port()
    log_path = version.folder / "server.log"
    with served(version.root, version.env, log_path, port=port) as process:
        time.sleep(settle)
        return asyncio.run(_submit_and_watch(version, port=port, pid=process.pid))



async def _submit_and_watch(version: Version, *, port: int, pid: int) -> dict:
    seed = version.seed
    host, origin = "127.0.0.1", f"http://127.0.0.1:{port}"
    cookie = f"sessionid={seed['session']}"
    async with httpx.AsyncClient(base_url=origin, timeout=30) as http:
        form = await http.get("/briefs/new/", headers={"Cookie": cookie})
        found = re.search(r"csrftoken=([^;]+)", "; ".join(form.headers.get_list("set-cookie")))
        if form.status_code != 200 or not found:
            raise RuntimeError(f"{version.label}: the brief form answered {form.status_code} without a CSRF cookie")
        token = found.group(1)
        data = {"text": seed["brief"], "models": [str(m) for m in seed["models"]],
                "images_per_prompt": str(IMAGES_PER_PROMPT), "workspace": str(seed["workspace_id"])}
        headers = {"Cookie": f"{cookie}; csrftoken={token}", "X-CSRFToken": token, "Origin": origin}
        cpu_before = process_cpu(pid)
        submitted = time.time()
        response = await http.post("/briefs/new/", data=data, headers=headers)
    answered = time.time()
    location = re.search(r"/briefs/(\d+)/", response.headers.get("location", ""))
    if response.status_code != 302 or not location:
        raise RuntimeError(f"{version.label}: the brief form answered {response.status_code}: {response.text[:500]}")
    brief_id = int(location.group(1))
    connection = await _ws.connect(host, port, f"/ws/briefs/{brief_id}/", {"Cookie": cookie, "Origin": origin})
    connected = time.time()
    seen: dict[str, float] = {}

    async def read() -> None:
        while (message := await connection.recv()) is not None:
            arrived = time.time()
            if isinstance(message, bytes):
                message = message.decode(errors="replace")
            if "first_card" not in seen and re.search(r'<article class="card[^>]*id="gen-\d+"', message) \
                    and "<img " in message:
                seen["first_card"] = arrived

    reader = asyncio.create_task(read())
    database = sqlite3.connect(f"file:{version.folder / 'db.sqlite3'}?mode=ro", uri=True, timeout=5)
    try:
        status = await _wait_reviewing(database, brief_id, seen)
        cpu = process_cpu(pid) - cpu_before
        rows = database.execute(
            "select g.status, g.finished_at, g.candidate, g.thumbnail from creative_generation g "
            "join creative_prompt p on p.id = g.prompt_id where p.brief_id = ?", (brief_id,)).fetchall()
    finally:
        database.close()
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        await connection.close()
    media = version.folder / "media"
    stored = sorted(epoch(finished) for _, finished, _, _ in rows if finished)
    scored_files = sorted((media / thumb).stat().st_mtime for s, _, _, thumb in rows if s == "scored" and thumb)
    result = {
        "brief_id": brief_id,
        "status": status,
        "images": len(rows),
        "scored": sum(1 for s, *_ in rows if s == "scored"),
        "candidates": sum(1 for _, _, candidate, _ in rows if candidate),
        "post_s": answered - submitted,
        "websocket_s": connected - submitted,
        "first_image_s": stored[0] - submitted if stored else None,
        "last_image_s": stored[-1] - submitted if stored else None,
        "first_scored_s": scored_files[0] - submitted if scored_files else None,
        "first_card_s": seen["first_card"] - submitted if "first_card" in seen else None,
        "all_scored_s": seen["reviewing"] - submitted if "reviewing" in seen else None,
        "server_cpu_s": cpu,
        "stored_at_s": [round(t - submitted, 2) for t in stored],
        "scored_at_s": [round(t - submitted, 2) for t in scored_files],
    }
    _print_round(version, result)
    return result


async def _wait_reviewing(database: sqlite3.Connection, brief_id: int, seen: dict[str, float]) -> str:
    """Poll until the brief is ready for review with every image scored and candidates chosen; its status."""
    deadline = time.monotonic() + BRIEF_TIMEOUT
    while time.monotonic() < deadline:
        await asyncio.sleep(DB_POLL_SECONDS)
        status, scored, candidates = database.execute(
            "select b.status, sum(g.status = 'scored'), sum(g.candidate) from creative_brief b "
            "left join creative_prompt p on p.brief_id = b.id left join creative_generation g on g.prompt_id = p.id "
            "where b.id = ? group by b.id", (brief_id,)).fetchone()
        if status == "reviewing" and scored == IMAGES and candidates:
            seen["reviewing"] = time.time()
            return status
        if status in ("failed", "reviewing", "exported"):
            seen["reviewing"] = time.time()
            return f"{status} ({scored or 0} scored, {candidates or 0} candidates)"
    return "timed out"


def _print_round(version: Version, result: dict) -> None:
    def s(key: str) -> str:
        return "-" if result[key] is None else f"{result[key]:.3f}"

    print(f"  brief {result['brief_id']}: {result['status']}, {result['scored']}/{result['images']} scored, "
          f"{result['candidates']} candidates; POST answered {s('post_s')} s, websocket open {s('websocket_s')} s; "
          f"first image {s('first_image_s')} s, first card {s('first_card_s')} s, last image {s('last_image_s')} s, "
          f"all scored {s('all_scored_s')} s; server CPU (with its children) {s('server_cpu_s')} s", flush=True)
    print(f"    stored at {' '.join(f'{t:.2f}' for t in result['stored_at_s'])}")
    print(f"    scored at {' '.join(f'{t:.2f}' for t in result['scored_at_s'])}", flush=True)


def _report(versions: list[Version], *, load: float) -> dict:
    baseline, current = versions
    print(f"\nthe launch brief, {IMAGES} images on the built-in renderer; {len(current.rounds)} round(s), "
          f"medians; ratio = baseline / current (above 1: the working tree is faster)")
    rows = []
    for key, label in (*MEASURES, ("last_image_s", "submit -> last image stored"),
                       ("server_cpu_s", "server CPU, submit -> all scored")):
        before, after = baseline.median(key), current.median(key)
        ratio = f"{before / after:.2f}" if before and after else "-"
        rows.append((label, _seconds(before), _seconds(after), ratio))
    table(("measure", baseline.label, current.label, "ratio"), rows)
    first, scored = current.median("first_image_s"), current.median("all_scored_s")
    print(f"targets on 2 cores: first image under {TARGET_FIRST_IMAGE_S} s "
          f"({'met' if first is not None and first < TARGET_FIRST_IMAGE_S else 'missed'}), all scored under "
          f"{TARGET_ALL_SCORED_S} s ({'met' if scored is not None and scored < TARGET_ALL_SCORED_S else 'missed'}); "
          f"1-minute load average now {os.getloadavg()[0]:.2f}")
    summary = {key: _round3(current.median(key)) for key, _ in MEASURES}
    summary.update({f"baseline_{key}": _round3(baseline.median(key)) for key, _ in MEASURES})
    summary.update({
        "rounds": len(current.rounds),
        "rounds_current": current.rounds,
        "rounds_baseline": baseline.rounds,
        "cpus": os.cpu_count(),
        "load_average_1m": round(load, 2),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    })
    return summary


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} s"


def _round3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


if __name__ == "__main__":
    main()
