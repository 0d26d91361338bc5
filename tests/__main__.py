"""`python -m tests`: the whole suite on SQLite, then on PostgreSQL, then the queue, channel-layer and system
tests on Redis (the README's test command, run by CI)."""

import os
import subprocess
import sys

POSTGRES_URL = os.getenv("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/creative")
REDIS_URL = os.getenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.getenv("CI", "").lower() == "true"
# Tests whose subject is the task queue or the channel layer, plus the system tests (several processes on
# PostgreSQL, Redis and Swift, marked `system`): on Redis they run against PriorityRedisHuey and channels_redis.
REDIS_TESTS = ["tests/pipeline/test_fanout.py", "tests/reviews/test_consumers.py", "tests/system"]
# These restart the machine's PostgreSQL and Redis, under every other test's feet: they run alone, after the rest.
RESTART_TESTS = "tests/system/test_restarts.py"
# pytest's exit code when a pass selects no test (e.g. `-k cli` leaves the system tests out): not a failure.
NO_TESTS_COLLECTED = 5


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
        return True
    except Exception as exc:  # any reason counts: the message says which
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}", file=sys.stderr)
        return False


def redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return True
    except Exception as exc:
        print(f"Redis not reachable at {REDIS_URL}: {exc}", file=sys.stderr)
        return False


def run(label: str, extra_env: dict, args: list[str]) -> int:
    print(f"\n=== Test suite on {label} ===", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")} | extra_env
    code = subprocess.call([sys.executable, "-m", "pytest", *args], env=env)
    return 0 if code == NO_TESTS_COLLECTED else code


def missing(service: str) -> int:
    if IN_CI:
        print(f"{service} is required when CI=true", file=sys.stderr)
        return 1
    print(f"Skipped the {service} run: {service} is not reachable (see above).", file=sys.stderr)
    return 0


def parallel(args: list[str]) -> list[str]:
    """Both cores for the passes of independent tests, unless the caller chose otherwise."""
    if any(a.startswith("-n") or a == "--numprocesses" or a == "no:xdist" for a in args):
        return []
    return ["-n", str(min(2, os.cpu_count() or 1))]


def main(args: list[str]) -> int:
    # The system tests start their own processes on their own databases: once, in the Redis run, is enough.
    code = run("SQLite", {}, [*parallel(args), *args, "-m", "not system"])
    postgres = postgres_reachable()
    if postgres:
        # Browser tests drive the same views, and two thirds of the tests never touch a database (image
        # encoding, wire formats, analysis, scoring): on PostgreSQL the data layer is what differs.
        selection = [*parallel(args), *args, "-m", "not browser and not system", "--database-tests-only"]
        code = run("PostgreSQL", {"DATABASE_URL": POSTGRES_URL}, selection) or code
    else:
        code = missing("PostgreSQL") or code
    if redis_reachable():
        # A queue and a channel prefix of this run's own: an app or a run on the same Redis is untouched.
        namespace = f"creative-test-{os.getpid()}"
        env = {"REDIS_URL": REDIS_URL, "HUEY_NAME": namespace, "CHANNEL_LAYER_PREFIX": namespace}
        if postgres:
            env["DATABASE_URL"] = POSTGRES_URL
        selection = [*args, "-m", "not browser or system"]
        code = run("Redis (Huey, channels_redis) and the system tests", env,
                   [*REDIS_TESTS, "--ignore", RESTART_TESTS, *selection]) or code
        code = run("Redis: PostgreSQL and Redis restarted mid-run", env, [RESTART_TESTS, *selection]) or code
    else:
        code = missing("Redis") or code
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
