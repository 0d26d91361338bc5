"""A version of the app served by its own `manage.py up`, for the benchmarks that compare two versions."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def migrate(root: Path, env: dict, *, label: str) -> None:
    """A fresh database migrated by the version's own migrations."""
    result = subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{label}: migrate failed:\n{result.stderr[-3000:]}")


@contextmanager
def served(root: Path, env: dict, log_path: Path, *, port: int) -> Iterator[subprocess.Popen]:
    """`manage.py up` on `port` until the block ends, once it answers its login page."""
    with log_path.open("a") as log:
        process = subprocess.Popen([sys.executable, "manage.py", "up", "--port", str(port)], cwd=root,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_ready(process, port, log_path)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen, port: int, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer in time")
