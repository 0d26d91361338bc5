"""Gallery benchmark: render time of a 500-image gallery, and live delivery of a review to 50 open galleries.

Run from the repository root:  python bench/gallery.py [--rounds 30] [--clients 50] [--profile]

Two versions run side by side in one run: the baseline, the skeleton's gallery before the multi-reviewer
rewrite (commit d81352e, checked out into a temporary `git worktree`), and the current working tree.
Each gets a fresh SQLite database, Huey queue and media root in a temporary folder, migrated by its own
`manage.py migrate` and seeded by a script run with that version's root as working directory, so each
version's own models and code are used throughout. The seed is the same for both: one workspace, one
brief in review with 5 prompts and 500 scored images of the built-in "local" model (the top 100 marked
candidates, all sharing one tiny thumbnail), 3 reviewers' approvals, rejections and comments on 200 of
them, and one reviewer login per websocket client. Both run with DEBUG off, as in production.

  render   server time of GET /briefs/<id>/ for a reviewer: wall time inside the process (django.test.Client,
           middleware, view, queries, template), 2 warm-up requests, then the median of 7; two passes per
           version, alternating versions, and the better pass is kept (the machine may be shared). A separate
           instrumented pass splits it into SQL (running queries and fetching their rows), template rendering
           (minus the SQL it triggers) and the rest (view code building the context and model instances,
           middleware, session and login checks).
  card     one `reviews.gallery.render_card` call: what each connected consumer does for each event.
  layer    the configured channel layer alone (in-process by default): one group_send until all 50
           member channels have received it, without consumers.
  delivery `manage.py up` serves the version (daphne, in-process channel layer, embedded Huey); 50
           websockets watch the brief, each logged in as its own reviewer; a reviewer POSTs an approve
           (as htmx does, with the CSRF token) for a different image each round. Delay: from just before
           the POST until every client has received a message holding that card (id="gen-<id>"). 3 warm-up
           rounds, then p50/p95 over the rounds. "first client" is the same delay for the quickest client.

Prints readable tables, then one line holding a JSON object with the headline numbers.
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
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import httpx  # noqa: E402

from bench import _ws  # noqa: E402
from bench._served import free_port, git, migrate, served  # noqa: E402

BASELINE_COMMIT = "d81352e"
GENERATIONS = 500
PROMPTS = 5
CANDIDATES = 100
REVIEWED = 200
WARMUP_ROUNDS = 3
RENDER_WARMUP, RENDER_RUNS, RENDER_PASSES, CARD_RUNS = 2, 7, 2, 15
ROUND_TIMEOUT = 30.0
TARGET_RENDER_MS, TARGET_DELIVERY_P95_MS = 300.0, 150.0
SECRET_KEY = "bench-gallery-not-secret"

# Run by each version's interpreter with cwd = that version's root: only fields both versions have.
SEED_SCRIPT = r'''
import io, json, os, random, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
import creative
assert os.path.dirname(os.path.dirname(os.path.abspath(creative.__file__))) == os.getcwd(), creative.__file__
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from creative.models import Brief, Generation, ImageModel, Membership, Prompt, Workspace
from reviews.models import Review

args = json.loads(os.environ["BENCH_ARGS"])
rng = random.Random(6)
User = get_user_model()
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
workspace = Workspace.objects.create(name="Bench workspace")


def member(username, role):
    user = User.objects.create_user(username=username, password=None)
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


designer = member("designer", "designer")
reviewer = member("reviewer", "reviewer")
colleagues = [member(f"reviewer-{i}", "reviewer") for i in (1, 2)]
watchers = [member(f"watcher-{i:02d}", "reviewer") for i in range(args["clients"])]
brief = Brief.objects.create(
    workspace=workspace, author=designer, status="reviewing",
    text="Launch ad for the Aurora trail running shoe: lightweight, grippy, for weekend runners. "
         "Bright, energetic.",
    requirements={"product": "Aurora trail running shoe", "audience": "weekend trail runners",
                  "selling_points": ["lightweight", "grippy outsole"], "tone": ["energetic", "bright"],
                  "colours": ["#ff6b35", "#1a535c"], "must_include": ["the shoe"], "avoid": ["text"]},
)
local = ImageModel.objects.get(name="local")
brief.image_models.add(local)
styles = ["product_photography", "lifestyle", "3d_render", "flat_illustration", "minimalist"]
styles = styles[: args["prompts"]]
prompts = [
    Prompt.objects.create(brief=brief, position=i, style=style,
                          text=f"{style.replace('_', ' ')} of the Aurora trail running shoe on a rocky trail "
                               "at dawn, orange and teal palette, dynamic angle, crisp detail")
    for i, style in enumerate(styles)
]
buffer = io.BytesIO()
Image.new("RGB", (16, 16), (255, 107, 53)).save(buffer, "WEBP")
thumbnail = default_storage.save(f"generations/{brief.id}/thumbs/bench.webp", ContentFile(buffer.getvalue()))
scores = [round(rng.uniform(30, 95), 1) for _ in range(args["generations"])]
cutoff = sorted(scores, reverse=True)[args["candidates"] - 1]
now = timezone.now()
rows = []
for i, score in enumerate(scores):
    parts = {k: round(min(100, max(0, score + rng.uniform(-15, 15))), 1)
             for k in ("composition", "colour", "sharpness", "brand_fit", "text_free")}
    rows.append(Generation(
        prompt=prompts[i % len(prompts)], image_model=local, status="scored", seed=i, attempt=1,
        requested_at=now, finished_at=now, latency_ms=rng.randint(300, 900), width=2048, height=2048,
        estimated_cost_cents=0, cost_cents=0, thumbnail=thumbnail, score=score, score_breakdown=parts,
        candidate=score >= cutoff,
    ))
generations = Generation.objects.bulk_create(rows)
reviewed = rng.sample(generations, args["reviewed"])
authors = [reviewer, *colleagues]
reviews = []
for generation in reviewed:
    for author in rng.sample(authors, rng.randint(1, len(authors))):
        decision = rng.choices(["approve", "reject", "comment"], weights=[5, 2, 2])[0]
        comment = "" if decision != "comment" and rng.random() < 0.6 else rng.choice(
            ["Love the light here.", "Logo too small.", "Crop tighter on the shoe?",
             "Client will like this one.", "Colours feel off-brand.", "Great energy, keep."])
        reviews.append(Review(generation=generation, reviewer=author, decision=decision, comment=comment))
Review.objects.bulk_create(reviews)
untouched = [g.id for g in generations if g not in set(reviewed)]
print(json.dumps({
    "brief_id": brief.id,
    "targets": rng.sample(untouched, args["targets"]),
    "reviewer_session": session_for(reviewer),
    "watcher_sessions": [session_for(user) for user in watchers],
    "generations": Generation.objects.filter(prompt__brief=brief).count(),
    "reviews": Review.objects.count(),
}))
'''

RENDER_SCRIPT = r'''
import inspect, json, os, statistics, sys
from time import perf_counter, process_time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.backends.django import Template
from django.test import Client
from reviews import gallery

args = json.loads(os.environ["BENCH_ARGS"])
user = get_user_model().objects.get(username="reviewer")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
url = f"/briefs/{args['brief_id']}/"


def get():
    started, cpu_started = perf_counter(), process_time()
    response = client.get(url)
    elapsed, cpu = perf_counter() - started, process_time() - cpu_started
    assert response.status_code == 200, response.status_code
    get.cpu = cpu
    return elapsed, response.content


for _ in range(args["warmup"]):
    get()
times, cpu_times, body = [], [], b""
for _ in range(args["runs"]):
    elapsed, body = get()
    times.append(elapsed * 1000)
    cpu_times.append(get.cpu * 1000)
cards = body.count(b'<article class="card')

# Instrumented pass: where the time goes. SQL is timed around SQLCompiler.execute_sql, which runs the
# query and fetches its rows (not the model instances built from them); queries are counted at the cursor.
from django.db.models.sql.compiler import SQLCompiler

state = {"sql": 0.0, "sql_in_template": 0.0, "template": 0.0, "queries": 0, "inside": False, "in_sql": False}


def count_execute(execute, sql, params, many, context):
    state["queries"] += 1
    return execute(sql, params, many, context)


original_execute_sql = SQLCompiler.execute_sql


def timed_execute_sql(self, *args, **kwargs):
    if state["in_sql"]:
        return original_execute_sql(self, *args, **kwargs)
    state["in_sql"] = True
    started = perf_counter()
    try:
        return original_execute_sql(self, *args, **kwargs)
    finally:
        elapsed = perf_counter() - started
        state["in_sql"] = False
        state["sql"] += elapsed
        if state["inside"]:
            state["sql_in_template"] += elapsed


original_render = Template.render


def timed_render(self, context=None, request=None):
    if state["inside"]:
        return original_render(self, context, request)
    state["inside"] = True
    started = perf_counter()
    try:
        return original_render(self, context, request)
    finally:
        state["template"] += perf_counter() - started
        state["inside"] = False


SQLCompiler.execute_sql = timed_execute_sql
Template.render = timed_render
splits = []
with connection.execute_wrapper(count_execute):
    for _ in range(3):
        for key in ("sql", "sql_in_template", "template"):
            state[key] = 0.0
        state["queries"] = 0
        elapsed, _ = get()
        splits.append({"total": elapsed * 1000, "sql": state["sql"] * 1000,
                       "template": (state["template"] - state["sql_in_template"]) * 1000,
                       "queries": state["queries"]})
    split = min(splits, key=lambda s: s["total"])
    split["other"] = split["total"] - split["sql"] - split["template"]

    # One card, as each consumer renders it for each event.
    from creative.models import Generation
    generation_id = args["card_id"]
    parameters = inspect.signature(gallery.render_card).parameters
    kwargs = {"can_review": True, **({"user": user} if "user" in parameters else {})}
    for _ in range(3):
        gallery.render_card(generation_id, **kwargs)
    card_times = []
    for _ in range(args["card_runs"]):
        state["queries"] = 0
        started = perf_counter()
        html = gallery.render_card(generation_id, **kwargs)
        card_times.append((perf_counter() - started) * 1000)
    assert f'id="gen-{generation_id}"' in html
    card_queries = state["queries"]
    # As a consumer runs it: database_sync_to_async closes obsolete connections around each call, and
    # with CONN_MAX_AGE = 0 (SQLite in these settings) every call opens a new connection.
    fresh_times = []
    for _ in range(args["card_runs"]):
        connection.close()
        started = perf_counter()
        gallery.render_card(generation_id, **kwargs)
        connection.close()
        fresh_times.append((perf_counter() - started) * 1000)
Template.render = original_render
SQLCompiler.execute_sql = original_execute_sql



async def layer_probe(clients, events=20):
    """The configured channel layer alone: one group_send reaching every member's channel."""
    import asyncio
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channels = [await layer.new_channel() for _ in range(clients)]
    for channel in channels:
        await layer.group_add("bench-probe", channel)
    times = []
    for i in range(events):
        started = perf_counter()
        await layer.group_send("bench-probe", {"type": "gallery.generation_changed", "generation_id": i})
        await asyncio.gather(*(layer.receive(channel) for channel in channels))
        times.append((perf_counter() - started) * 1000)
    return statistics.median(times)


import asyncio
layer_ms = asyncio.run(layer_probe(args["clients"]))

profile = []
if args["profile"]:
    import cProfile, pstats, io
    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    profile = out.getvalue().splitlines()

print(json.dumps({
    "times_ms": times, "median_ms": statistics.median(times), "cpu_ms": statistics.median(cpu_times),
    "cards": cards, "bytes": len(body),
    "split": split, "card_ms": statistics.median(card_times), "card_queries": card_queries,
    "layer_ms": layer_ms,
    "card_fresh_ms": statistics.median(fresh_times),
    "profile": profile,
}))
'''


@dataclass
class Version:
    name: str
    label: str
    root: Path
    folder: Path
    seed: dict = field(default_factory=dict)
    render: dict = field(default_factory=dict)
    delivery: dict = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("DATABASE_URL", "REDIS_URL", "HUEY_SQLITE_PATH", "MEDIA_ROOT",
                                    "HUEY_WORKERS", "AWS_STORAGE_BUCKET_NAME", "ALLOWED_HOSTS", "PYTHONPATH")}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured review rounds (default 30)")
    parser.add_argument("--clients", type=int, default=50, help="websocket clients (default 50)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of one current-version render")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (the worktree is removed)")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, 1-minute load average {load:.2f} before starting", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="creative-gallery-"))
    worktree = folder / "baseline-tree"
    baseline_sha = git(ROOT, "rev-parse", "--verify", f"{BASELINE_COMMIT}^{{commit}}")
    head = git(ROOT, "rev-parse", "--short", "HEAD")
    dirty = bool(git(ROOT, "status", "--porcelain", "--untracked-files=no"))
    git(ROOT, "worktree", "add", "--detach", str(worktree), baseline_sha)
    versions = [
        Version("baseline", f"baseline {BASELINE_COMMIT}", worktree, folder / "baseline"),
        Version("current", f"current {head}{'+wt' if dirty else ''}", ROOT, folder / "current"),
    ]
    try:
        for version in versions:
            version.folder.mkdir()
            _prepare(version, clients=args.clients, targets=args.rounds + WARMUP_ROUNDS)
        for render_pass in range(RENDER_PASSES):  # alternating, so a burst of load hits neither version alone
            for version in versions:
                print(f"rendering {version.label} (pass {render_pass + 1} of {RENDER_PASSES}) ...",
                      flush=True)
                result = _run_script(version, RENDER_SCRIPT, {
                    "brief_id": version.seed["brief_id"], "warmup": RENDER_WARMUP, "runs": RENDER_RUNS,
                    "card_runs": CARD_RUNS, "card_id": version.seed["targets"][-1], "clients": args.clients,
                    "profile": args.profile and version.name == "current" and render_pass == 0,
                })
                if not version.render or result["median_ms"] < version.render["median_ms"]:
                    version.render = {**result, "profile": version.render.get("profile") or result["profile"]}
        for version in versions:
            print(f"delivering {version.label} to {args.clients} websockets ...", flush=True)
            version.delivery = _delivery(version, clients=args.clients, rounds=args.rounds)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                       capture_output=True, check=False)
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    summary = _report(versions, load=load, clients=args.clients, rounds=args.rounds)
    if args.profile:
        print("\ncProfile of one current-version render (by own time):")
        print("\n".join(versions[1].render["profile"]))
    print(json.dumps(summary))



def _prepare(version: Version, *, clients: int, targets: int) -> None:
    """A fresh database migrated by the version's own migrations, then the shared seed."""
    migrate(version.root, version.env, label=version.label)
    version.seed = _run_script(version, SEED_SCRIPT, {
        "clients": clients, "targets": targets, "generations": GENERATIONS, "prompts": PROMPTS,
        "candidates": CANDIDATES, "reviewed": REVIEWED,
    })
    assert version.seed["generations"] == GENERATIONS, version.seed


def _run_script(version: Version, script: str, arguments: dict) -> dict:
    result = subprocess.run([sys.executable, "-c", script], cwd=version.root,
                            env={**version.env, "BENCH_ARGS": json.dumps(arguments)},
                            capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{version.label}: script failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])



def _delivery(version: Version, *, clients: int, rounds: int) -> dict:
    port = free_port()
    log_path = version.folder / "server.log"
    with served(version.root, version.env, log_path, port=port):
        return asyncio.run(_deliver(version, port=port, clients=clients, rounds=rounds))



async def _deliver(version: Version, *, port: int, clients: int, rounds: int) -> dict:
    seed = version.seed
    host, origin = "127.0.0.1", f"http://127.0.0.1:{port}"
    path = f"/ws/briefs/{seed['brief_id']}/"
    connections = []
    for key in seed["watcher_sessions"][:clients]:  # one by one: connecting is not what is measured
        headers = {"Cookie": f"sessionid={key}", "Origin": origin}
        connections.append(await _ws.connect(host, port, path, headers))
    target = {"id": None, "marker": "", "seen": set(), "arrivals": [], "done": asyncio.Event()}
    unexpected = {"closed": 0}

    async def read(index: int, connection: _ws.Connection) -> None:
        while True:
            message = await connection.recv()
            if message is None:
                unexpected["closed"] += 1
                return
            arrived = time.perf_counter()
            if isinstance(message, bytes):
                message = message.decode(errors="replace")
            if target["marker"] and target["marker"] in message and index not in target["seen"]:
                target["seen"].add(index)
                target["arrivals"].append(arrived)
                if len(target["seen"]) == len(connections):
                    target["done"].set()

    readers = [asyncio.create_task(read(i, c)) for i, c in enumerate(connections)]
    session = seed["reviewer_session"]
    async with httpx.AsyncClient(base_url=origin, timeout=ROUND_TIMEOUT) as http:
        login_page = await http.get("/login/")
        found = re.search(r"csrftoken=([^;]+)", "; ".join(login_page.headers.get_list("set-cookie")))
        if not found:
            raise RuntimeError(f"{version.label}: no csrftoken cookie from /login/")
        token = found.group(1)
        headers = {"Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
                   "HX-Request": "true"}
        last_ms, first_ms, post_ms, timeouts = [], [], [], 0
        for number, generation_id in enumerate(seed["targets"][: WARMUP_ROUNDS + rounds]):
            target.update(id=generation_id, marker=f'id="gen-{generation_id}"', seen=set(), arrivals=[],
                          done=asyncio.Event())
            http.cookies.clear()
            started = time.perf_counter()

            async def post(generation_id=generation_id, started=started):
                response = await http.post(f"/briefs/images/{generation_id}/review/",
                                           data={"decision": "approve"}, headers=headers)
                return response, time.perf_counter() - started

            posting = asyncio.create_task(post())
            try:
                await asyncio.wait_for(target["done"].wait(), ROUND_TIMEOUT)
            except TimeoutError:
                timeouts += 1
            response, post_elapsed = await posting
            if response.status_code != 200:
                raise RuntimeError(
                    f"{version.label}: approve answered {response.status_code}: {response.text[:300]}")
            if number >= WARMUP_ROUNDS and target["arrivals"] and len(target["seen"]) == len(connections):
                last_ms.append((max(target["arrivals"]) - started) * 1000)
                first_ms.append((min(target["arrivals"]) - started) * 1000)
                post_ms.append(post_elapsed * 1000)
            await asyncio.sleep(0.1)  # let the server settle between rounds
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    for connection in connections:
        await connection.close()
    if not last_ms:
        raise RuntimeError(f"{version.label}: no round reached every client ({timeouts} timed out)")
    return {"last_ms": last_ms, "first_ms": first_ms, "post_ms": post_ms, "timeouts": timeouts,
            "closed_early": unexpected["closed"]}


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _report(versions: list[Version], *, load: float, clients: int, rounds: int) -> dict:
    baseline, current = versions
    for version in versions:
        d = version.delivery
        d["p50"], d["p95"] = _percentile(d["last_ms"], 0.5), _percentile(d["last_ms"], 0.95)
        d["first_p50"], d["post_p50"] = statistics.median(d["first_ms"]), statistics.median(d["post_ms"])
        d["spread_p50"] = statistics.median(last - first for last, first in zip(d["last_ms"], d["first_ms"]))

    def row(label: str, key, fmt: str = "{:.1f}", target: float | None = None) -> None:
        values = [key(v) for v in versions]
        ratio = f"{values[1] / values[0]:.2f}x" if values[0] else "-"
        cells = [fmt.format(value) for value in values]
        verdict = ""
        if target is not None:
            verdict = f"< {target:.0f}  {'met' if values[1] < target else 'MISSED'}"
        print(f"  {label:<36}{cells[0]:>20}{cells[1]:>20}{ratio:>9}   {verdict}")

    print()
    reviews = baseline.seed["reviews"]
    print(f"Gallery of {GENERATIONS} scored images ({CANDIDATES} candidates, {reviews} reviews on {REVIEWED} "
          f"of them), {clients} websocket clients, {rounds} measured rounds; load {load:.2f}.")
    print(f"  {'':<36}{baseline.label:>20}{current.label:>20}{'ratio':>9}   target (current)")
    print("  render (server time, ms)")
    row(f"median of {RENDER_RUNS}", lambda v: v.render["median_ms"], target=TARGET_RENDER_MS)
    row("  CPU time of the process, median", lambda v: v.render["cpu_ms"])
    row("  SQL (run + fetch rows)", lambda v: v.render["split"]["sql"])
    row("  template rendering", lambda v: v.render["split"]["template"])
    row("  view code, middleware", lambda v: v.render["split"]["other"])
    row("queries per page", lambda v: v.render["split"]["queries"], fmt="{:.0f}")
    row("cards in page", lambda v: v.render["cards"], fmt="{:.0f}")
    row("page size (KB)", lambda v: v.render["bytes"] / 1024, fmt="{:.0f}")
    row("one card render_card (ms)", lambda v: v.render["card_ms"], fmt="{:.2f}")
    row("  queries per card", lambda v: v.render["card_queries"], fmt="{:.0f}")
    row("  on a new DB connection, as consumers", lambda v: v.render["card_fresh_ms"], fmt="{:.2f}")
    row(f"channel layer alone, 1 -> {clients} (ms)", lambda v: v.render["layer_ms"], fmt="{:.2f}")
    print("  delivery: approve POST -> all clients have the card (ms)")
    row("p50", lambda v: v.delivery["p50"])
    row("p95", lambda v: v.delivery["p95"], target=TARGET_DELIVERY_P95_MS)
    row("first client, p50", lambda v: v.delivery["first_p50"])
    row("first -> last client, p50", lambda v: v.delivery["spread_p50"])
    row("POST response, p50", lambda v: v.delivery["post_p50"])
    row("rounds timed out", lambda v: v.delivery["timeouts"], fmt="{:.0f}")
    for version in versions:
        print(f"  {version.label}: first -> last client / {clients - 1} = "
              f"{version.delivery['spread_p50'] / (clients - 1):.1f} ms per extra client; "
              f"a card on a new connection takes {version.render['card_fresh_ms']:.1f} ms, "
              f"and consumers take turns on one thread.")
    met = current.render["median_ms"] < TARGET_RENDER_MS and current.delivery["p95"] < TARGET_DELIVERY_P95_MS
    return {
        "render_500_ms": round(current.render["median_ms"], 1),
        "delivery_p50_ms": round(current.delivery["p50"], 1),
        "delivery_p95_ms": round(current.delivery["p95"], 1),
        "baseline_render_500_ms": round(baseline.render["median_ms"], 1),
        "baseline_delivery_p50_ms": round(baseline.delivery["p50"], 1),
        "baseline_delivery_p95_ms": round(baseline.delivery["p95"], 1),
        "render_ratio": round(current.render["median_ms"] / baseline.render["median_ms"], 2),
        "delivery_p95_ratio": round(current.delivery["p95"] / baseline.delivery["p95"], 2),
        "render_500_cpu_ms": round(current.render["cpu_ms"], 1),
        "baseline_render_500_cpu_ms": round(baseline.render["cpu_ms"], 1),
        "card_render_ms": round(current.render["card_ms"], 2),
        "baseline_card_render_ms": round(baseline.render["card_ms"], 2),
        "channel_layer_ms": round(current.render["layer_ms"], 2),
        "queries": current.render["split"]["queries"],
        "baseline_queries": baseline.render["split"]["queries"],
        "clients": clients, "rounds": rounds, "generations": GENERATIONS,
        "targets_met": met, "load_average": round(load, 2),
    }


if __name__ == "__main__":
    main()
