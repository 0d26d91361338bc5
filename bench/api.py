"""API benchmark: a brief's 500 images listed through the API in cursor pages of 100, and 50 briefs created
through the API, against the same reads through the gallery page, measured in the same run.

Run from the repository root:  python bench/api.py [--rounds 10]

A throwaway environment (temporary folder with its own SQLite database, Huey queue and media root, DEBUG off)
is seeded with one workspace, one brief in review with 5 prompts and 500 scored images of the built-in model,
a read-only and a designer token, and a reviewer's login. Every request goes through django.test.Client in
this process (middleware, auth, view, queries, serialisation); no worker runs, so a created brief's analysis
waits in the queue and the create time is the API's own.

  page     GET /api/v1/briefs/<id>/generations?limit=100, following next_cursor through all 5 pages, per round.
  gallery  GET /briefs/<id>/ as the reviewer: the page that shows the same images to a person.
  create   POST /api/v1/briefs with an Idempotency-Key, 50 in a row.

Prints a table, then one line holding a JSON object with the headline numbers.
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
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench._common import table  # noqa: E402

IMAGES, PROMPTS, PAGE, CREATES = 500, 5, 100, 50


def _environment(folder: Path) -> None:
    for name in ("REDIS_URL", "HUEY_WORKERS", "DATABASE_URL", "HUEY_SQLITE_PATH", "MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "false",
        "CREATIVE_API_RATE_PER_MINUTE": "1000000",
    })


def _seed():
    from django.contrib.auth import get_user_model

    from creative.api.tokens import api_token_create
    from creative.models import (
        Brief,
        BriefStatus,
        Generation,
        GenerationStatus,
        ImageModel,
        Membership,
        Prompt,
        Role,
        TokenScope,
        Workspace,
    )

    workspace = Workspace.objects.create(name="Bench")
    users = get_user_model().objects
    admin, reviewer = users.create_user("admin"), users.create_user("rita")
    Membership.objects.create(workspace=workspace, user=admin, role=Role.ADMIN)
    Membership.objects.create(workspace=workspace, user=reviewer, role=Role.REVIEWER)
    model = ImageModel.objects.get(name="local")
    brief = Brief.objects.create(workspace=workspace, author=admin, text="An ad for a smartwatch.",
                                 requirements={"product": "smartwatch"}, status=BriefStatus.REVIEWING)
    brief.image_models.set([model])
    prompts = [Prompt.objects.create(brief=brief, position=i, style=f"style{i}", text=f"prompt {i}")
               for i in range(PROMPTS)]
    Generation.objects.bulk_create([
        Generation(prompt=prompts[i % PROMPTS], image_model=model, status=GenerationStatus.SCORED, score=50 + i % 50,
                   width=1024, height=1024, candidate=i < 100, image=f"generations/{brief.id}/{i}.png",
                   thumbnail=f"generations/{brief.id}/thumbs/{i}.webp")
        for i in range(IMAGES)
    ])
    tokens = {scope: api_token_create(workspace=workspace, created_by=admin, name=scope, scope=scope).plain
              for scope in (TokenScope.READ_ONLY, TokenScope.DESIGNER)}
    return brief, reviewer, tokens


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="creative-api-bench-"))
    try:
        _environment(folder)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        brief, reviewer, tokens = _seed()
        reader = Client(headers={"Authorization": f"Bearer {tokens['read_only']}"}, SERVER_NAME="localhost")
        writer = Client(headers={"Authorization": f"Bearer {tokens['designer']}"}, SERVER_NAME="localhost")
        person = Client(SERVER_NAME="localhost")
        person.force_login(reviewer)

        pages, gallery = [], []
        for round_number in range(args.rounds + 1):
            cursor, seen, timings = None, 0, []
            while True:
                params = {"limit": PAGE, **({"cursor": cursor} if cursor else {})}
                start = time.perf_counter()
                response = reader.get(f"/api/v1/briefs/{brief.id}/generations", params)
                timings.append(_ms(start))
                assert response.status_code == 200, response.content[:300]
                body = response.json()
                seen += len(body["items"])
                if not (cursor := body["next_cursor"]):
                    break
            assert seen == IMAGES, seen
            start = time.perf_counter()
            response = person.get(f"/briefs/{brief.id}/")
            gallery_ms = _ms(start)
            assert response.status_code == 200, response.status_code
            if round_number:  # the first round warms caches and imports
                pages += timings
                gallery.append(gallery_ms)

        creates = []
        for number in range(CREATES):
            body = {"requirements": {"product": f"smartwatch {number}"}, "models": ["local"], "images_per_prompt": 1}
            start = time.perf_counter()
            response = writer.post("/api/v1/briefs", body, content_type="application/json",
                                   headers={"Idempotency-Key": f"bench-{number}"})
            creates.append(_ms(start))
            assert response.status_code == 201, response.content[:300]
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    page_median, page_p95 = _stats(pages)
    gallery_median, gallery_p95 = _stats(gallery)
    create_median, create_p95 = _stats(creates)
    all_pages = [sum(pages[i:i + IMAGES // PAGE]) for i in range(0, len(pages), IMAGES // PAGE)]
    all_median, _ = _stats(all_pages)
    table(("measure", "samples", "median ms", "p95 ms"), [
        (f"API page of {PAGE}", str(len(pages)), f"{page_median:.1f}", f"{page_p95:.1f}"),
        (f"API all {IMAGES} (5 pages)", str(len(all_pages)), f"{all_median:.1f}", ""),
        (f"gallery page ({IMAGES} images)", str(len(gallery)), f"{gallery_median:.1f}", f"{gallery_p95:.1f}"),
        ("API create brief", str(len(creates)), f"{create_median:.1f}", f"{create_p95:.1f}"),
    ])
    print(json.dumps({
        "page_median_ms": round(page_median, 1), "page_p95_ms": round(page_p95, 1),
        "all_pages_median_ms": round(all_median, 1),
        "gallery_median_ms": round(gallery_median, 1), "gallery_p95_ms": round(gallery_p95, 1),
        "create_median_ms": round(create_median, 1), "create_p95_ms": round(create_p95, 1),
        "page_target_ms": 50, "rounds": args.rounds,
    }))


if __name__ == "__main__":
    main()
