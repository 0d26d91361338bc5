"""The app as separate processes on real services, as it runs on several machines.

A `Cluster` owns a PostgreSQL database of its own, a namespace on Redis (Huey queue name and channel
layer prefix), a media folder or an S3 bucket, and the processes it starts: `manage.py run_huey`
workers and daphne web servers. The test process reads results straight from PostgreSQL with
psycopg, with a fresh connection per query, so its reads survive a database restart.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import redis

from tests.browser import REPO, free_port

POSTGRES_URL = os.getenv("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/creative")
REDIS_URL = os.getenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Commands from the machine's notes (python-svc.md): the only way these services are started here.
POSTGRES_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
POSTGRES_STOP = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main stop"
REDIS_START = ('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
               "--dir /var/lib/redis --logfile /var/log/redis/ci.log")
# Variables of the developer's own shell that would point a cluster process somewhere else.
INHERITED = ("DATABASE_URL", "REDIS_URL", "HUEY_NAME", "HUEY_WORKERS", "HUEY_SQLITE_PATH",
             "CHANNEL_LAYER_PREFIX", "MEDIA_ROOT", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
             "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME", "AWS_S3_ADDRESSING_STYLE",
             "SITE_URL")
FINAL = ("scored", "failed")


def postgres_missing() -> str:
    try:
        psycopg.connect(_database_url("postgres"), connect_timeout=3).close()
        return ""
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}"


def redis_missing() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return ""
    except redis.RedisError as exc:
        return f"Redis is not reachable at {REDIS_URL}: {exc}"


def _database_url(name: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


def wait_until(predicate, *, timeout: float, what: str, pause: float = 0.25, details=lambda: ""):
    """Poll until `predicate()` is truthy; on timeout, fail saying what was awaited and what was seen."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{details()}")
        time.sleep(pause)


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.name = f"creative_system_{uuid.uuid4().hex[:10]}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}
        with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        base = {k: v for k, v in os.environ.items() if k not in INHERITED and not k.startswith("PYTEST")}
        self.env = base | {
            "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": _database_url(self.name), "REDIS_URL": REDIS_URL,
            "HUEY_NAME": self.name, "CHANNEL_LAYER_PREFIX": self.name, "MEDIA_ROOT": str(folder / "media"),
            # Provider fakes answer 1024-pixel squares; a short timeout lets the sweep settle calls of a
            # killed worker sooner.
            "CREATIVE_IMAGE_SIZE": "1024", "CREATIVE_PROVIDER_TIMEOUT": "5",
        }
        self.manage("migrate", "--noinput")

    # Processes.
    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def python(self, code: str, **values) -> object:
        """Run Django code in a fresh process of the app; it prints one JSON value, which is returned."""
        script = f"import json\nvalues = json.loads({json.dumps(json.dumps(values))})\n{code}"
        return json.loads(self.manage("shell", "-c", script).strip().splitlines()[-1])

    def start_worker(self, name: str, *, threads: int = 4) -> subprocess.Popen:
        """`manage.py run_huey` with worker threads; with its periodic sweep, as README's "scheduler" role."""
        command = ["manage.py", "run_huey", "--workers", str(threads), "--worker-type", "thread"]
        return self._spawn(name, command)

    def start_web(self, name: str) -> str:
        """daphne serving HTTP and websockets, as README's "web" role runs it; returns its base URL."""
        port = self.ports[name] = free_port()
        self._spawn(name, ["-m", "daphne", "--bind", "127.0.0.1", "--port", str(port),
                           "config.asgi:application"])
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: self._answers(f"{url}/healthz"), timeout=60, what=f"{name} to answer",
                   details=lambda: self.log(name))
        return url

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        process.send_signal(sig)
        process.wait(timeout=30)

    def log(self, name: str, characters: int = 4000) -> str:
        path = self.folder / f"{name}.log"
        return f"--- {name}.log\n{path.read_text(errors='replace')[-characters:]}" if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(self.log(path.stem, 2500) for path in sorted(self.folder.glob("*.log")))

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        ensure_services()
        with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        client = redis.Redis.from_url(REDIS_URL)
        for key in [*client.scan_iter(f"huey.*{self.name}*"), *client.scan_iter(f"{self.name}*")]:
            client.delete(key)

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen([sys.executable, *command], cwd=REPO, env=self.env, stdout=log,
                                   stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    # Data.
    def rows(self, sql: str, *params) -> list[tuple]:
        """Query the cluster's database; retried while PostgreSQL restarts."""
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=3) as connection:
                    return connection.execute(sql, params).fetchall()
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def execute(self, sql: str, *params) -> None:
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute(sql, params)

    def limit(self, model: str, *, concurrency: int, rpm: int = 1000) -> None:
        """Set a model's limits as an admin would, in its Image models row."""
        self.execute("UPDATE creative_imagemodel SET max_concurrency = %s, rpm = %s, enabled = true "
                     "WHERE name = %s", concurrency, rpm, model)

    def submit(self, models: list[str], *, images_per_prompt: int) -> int:
        """Submit a brief as the CLI and the web form do (pipeline.brief_submit), in a process of its own."""
        return self.python(
            "from creative import pipeline\n"
            "from creative.models import ImageModel, Workspace\n"
            "from tests.factories import LAUNCH_BRIEF\n"
            "workspace, _ = Workspace.objects.get_or_create(name='System tests')\n"
            "models = [ImageModel.objects.get(name=name) for name in values['models']]\n"
            "brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF,\n"
            "    models=models, images_per_prompt=values['images_per_prompt'])\n"
            "print(brief.id)",
            models=models, images_per_prompt=images_per_prompt,
        )

    def generations(self, brief_id: int) -> list[dict]:
        columns = ("id", "status", "error_kind", "seed", "image", "sha256", "thumbnail", "model", "attempt")
        rows = self.rows(
            "SELECT g.id, g.status, g.error_kind, g.seed, g.image, g.sha256, g.thumbnail, m.name, g.attempt "
            "FROM creative_generation g JOIN creative_prompt p ON p.id = g.prompt_id "
            "JOIN creative_imagemodel m ON m.id = g.image_model_id WHERE p.brief_id = %s ORDER BY g.id",
            brief_id)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def progress(self, brief_id: int) -> dict[str, int]:
        rows = self.rows(
            "SELECT g.status, count(*) FROM creative_generation g "
            "JOIN creative_prompt p ON p.id = g.prompt_id WHERE p.brief_id = %s GROUP BY g.status", brief_id)
        return dict(rows)

    def final_count(self, brief_id: int) -> int:
        return sum(n for status, n in self.progress(brief_id).items() if status in FINAL)

    def brief_status(self, brief_id: int) -> str:
        return self.rows("SELECT status FROM creative_brief WHERE id = %s", brief_id)[0][0]

    def wait_for_review(self, brief_id: int, *, timeout: float) -> None:
        """Wait until the brief's every image is final and its candidates are chosen."""
        wait_until(lambda: self.brief_status(brief_id) in ("reviewing", "failed"), timeout=timeout, pause=1,
                   what=f"brief {brief_id} to reach review",
                   details=lambda: f"progress {self.progress(brief_id)}\n{self.logs()}")
        assert self.brief_status(brief_id) == "reviewing", self.logs()

    def paid_twice(self) -> list[tuple]:
        """Generations the ledger says were paid more than once (two calls that did not prove no charge)."""
        return self.rows("SELECT generation_id, count(*) FROM creative_providercall "
                         "WHERE outcome = 'succeeded' GROUP BY generation_id HAVING count(*) > 1")


def provider_env(fakes: dict) -> dict[str, str]:
    """The environment that points each provider at its fake, as an operator points it at the real one."""
    from creative.providers.credentials import ENVIRONMENT

    env = {}
    for provider, fake in fakes.items():
        key_var, url_var, extra_vars = ENVIRONMENT[provider]
        config = fake.config()
        env[key_var], env[url_var] = config.api_key, config.base_url
        env.update({var: config.extra[field] for field, var in extra_vars.items() if field in config.extra})
    return env


def ensure_services() -> None:
    """Start PostgreSQL and Redis if a fault test left either down; every test ends with both running."""
    if postgres_missing():
        subprocess.run(POSTGRES_START, shell=True, check=False, capture_output=True)
        wait_until(lambda: not postgres_missing(), timeout=60, what="PostgreSQL to start")
    if redis_missing():
        subprocess.run(REDIS_START, shell=True, check=False, capture_output=True)
        wait_until(lambda: not redis_missing(), timeout=30, what="Redis to start")


def restart_postgres(*, down_for: float) -> None:
    try:
        subprocess.run(POSTGRES_STOP, shell=True, check=True, capture_output=True)
        time.sleep(down_for)
    finally:
        ensure_services()


def restart_redis(*, down_for: float) -> None:
    try:
        # Redis here keeps nothing on disk: a restart loses every queued and scheduled task.
        redis.Redis.from_url(REDIS_URL).shutdown(nosave=True)
    except redis.ConnectionError:
        pass  # shutting down closes the connection that asked
    try:
        time.sleep(down_for)
    finally:
        ensure_services()
