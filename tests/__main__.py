"""`python -m tests`: the whole suite on SQLite, then on PostgreSQL (the README's test command, run by CI)."""

import os
import subprocess
import sys

POSTGRES_URL = os.getenv("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/creative")
IN_CI = os.getenv("CI", "").lower() == "true"


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
        return True
    except Exception as exc:  # any reason counts: the message says which
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}", file=sys.stderr)
        return False


def run(label: str, extra_env: dict, args: list[str]) -> int:
    print(f"\n=== Test suite on {label} ===", flush=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | extra_env
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def main(args: list[str]) -> int:
    code = run("SQLite", {}, args)
    if postgres_reachable():
        # Browser tests drive the same views; on PostgreSQL the data layer is what differs.
        code = run("PostgreSQL", {"DATABASE_URL": POSTGRES_URL}, [*args, "-m", "not browser"]) or code
    elif IN_CI:
        print("PostgreSQL is required when CI=true", file=sys.stderr)
        code = code or 1
    else:
        print("Skipped the PostgreSQL run: PostgreSQL is not reachable (see above).", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
