"""A real S3-compatible store on 127.0.0.1: OpenStack Swift from Debian with s3api and tempauth.

One replica, one device, rings and data in a temporary folder; the proxy, account, container and
object servers run as user `swift` (they drop to it from root), and s3api keeps its state in a
memcached of its own. s3api checks AWS signatures against tempauth's keys for real, so a wrong
secret or a tampered signed URL is refused, which a mock such as moto would not prove.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.browser import free_port

SERVERS = ("account", "container", "object")
BINARIES = [f"/usr/bin/swift-{kind}-server" for kind in (*SERVERS, "proxy")] + [
    "/usr/bin/swift-ring-builder", "/usr/bin/memcached",
]
# The hash path suffix lives in /etc/swift/swift.conf, which every Swift process reads; Debian's package
# installs it.
SWIFT_CONF = Path("/etc/swift/swift.conf")

SERVER_CONF = """\
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 0
user = {user}
swift_dir = {folder}
devices = {folder}/devices
mount_check = false
log_name = {kind}

[pipeline:main]
pipeline = {kind}-server

[app:{kind}-server]
use = egg:swift#{kind}
"""

PROXY_CONF = """\
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 0
user = {user}
swift_dir = {folder}
log_name = proxy

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats
    s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_{account}_{username} = {secret} .admin

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:{memcached_port}

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
"""


def missing() -> str:
    """Why Swift cannot run here, or "" when it can."""
    absent = [path for path in [*BINARIES, str(SWIFT_CONF)] if not Path(path).exists()]
    if absent:
        return (f"OpenStack Swift is not installed ({', '.join(absent)} missing): apt-get install swift "
                "swift-proxy swift-object swift-container swift-account memcached")
    if os.geteuid() == 0 and not _user_exists("swift"):
        return "user swift does not exist (Debian's swift package creates it)"
    return ""


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


class SwiftS3:
    """Start with `start()`; `endpoint_url`, `access_key` and `secret_key` are what an S3 client needs."""

    account, username, secret_key = "creative", "tester", "creative-s3-secret"

    def __init__(self):
        # Not under pytest's tmp_path: that folder is private to root, and the servers run as `swift`.
        self.folder = Path(tempfile.mkdtemp(prefix="creative-swift-"))
        self.ports = {kind: free_port() for kind in (*SERVERS, "proxy", "memcached")}
        self.processes: list[subprocess.Popen] = []
        # Running as root, servers drop to `swift`; anyone else runs them as themselves.
        self.user = "swift" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    @property
    def access_key(self) -> str:
        return f"{self.account}:{self.username}"  # tempauth's S3 access key is account:user

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['proxy']}"

    def start(self, timeout: float = 30) -> SwiftS3:
        (self.folder / "devices" / "d1").mkdir(parents=True)
        for kind in SERVERS:
            self._build_ring(kind)
            conf = SERVER_CONF.format(port=self.ports[kind], kind=kind, **self._common())
            self._write(f"{kind}-server.conf", conf)
        self._write("proxy-server.conf", PROXY_CONF.format(
            port=self.ports["proxy"], memcached_port=self.ports["memcached"], account=self.account,
            username=self.username, secret=self.secret_key, **self._common()))
        if os.geteuid() == 0:
            shutil.chown(self.folder, self.user, self.user)
            for path in self.folder.rglob("*"):
                shutil.chown(path, self.user, self.user)
        memcached = ["/usr/bin/memcached", "-l", "127.0.0.1", "-p", str(self.ports["memcached"]), "-U", "0",
                     "-m", "16"]
        if os.geteuid() == 0:
            memcached += ["-u", "memcache" if _user_exists("memcache") else "nobody"]
        self._spawn("memcached", memcached)
        for kind in (*SERVERS, "proxy"):
            conf = str(self.folder / f"{kind}-server.conf")
            self._spawn(kind, [f"/usr/bin/swift-{kind}-server", conf, "-v"])  # -v: its log on stdout
        self._wait_ready(timeout)
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def client(self, *, secret_key: str | None = None):
        """A boto3 S3 client on this server (path-style: the endpoint is an IP address, not a domain)."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name="us-east-1", aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(s3={"addressing_style": "path"}),
        )

    def storage_options(self, bucket: str) -> dict:
        """The environment that points the app's django-storages S3 backend at this server."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_S3_REGION_NAME": "us-east-1", "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def log_tail(self, characters: int = 3000) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-characters:]}"
                         for path in sorted(self.folder.glob("*.log")))

    def _common(self) -> dict:
        return {"user": self.user, "folder": self.folder}

    def _write(self, name: str, text: str) -> None:
        (self.folder / name).write_text(text)

    def _build_ring(self, kind: str) -> None:
        builder = str(self.folder / f"{kind}.builder")
        # 2^6 partitions, 1 replica, moves allowed at once; one device in region 1, zone 1.
        device = f"r1z1-127.0.0.1:{self.ports[kind]}/d1"
        steps = (["create", "6", "1", "1"], ["add", device, "100"], ["rebalance"])
        for step in steps:
            result = subprocess.run(["/usr/bin/swift-ring-builder", builder, *step], capture_output=True,
                                    text=True)
            # rebalance exits 1 for warnings such as "only one replica"; 2 is an error.
            if result.returncode >= 2:
                raise RuntimeError(f"swift-ring-builder {step[0]} failed: {result.stdout}{result.stderr}")

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        self.processes.append(process)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            exited = [p.args[0] for p in self.processes if p.poll() is not None]
            if exited:
                raise RuntimeError(f"{', '.join(exited)} exited:\n{self.log_tail()}")
            try:
                # Account autocreation and ring loading are lazy: ready means an authenticated S3 call works.
                self.client().list_buckets()
                return
            except Exception:
                time.sleep(0.2)
        raise RuntimeError(f"Swift did not answer S3 calls within {timeout}s:\n{self.log_tail()}")


if __name__ == "__main__":  # python -m tests.system.swift: start one and print how to reach it
    server = SwiftS3().start()
    print(server.endpoint_url, server.access_key, server.secret_key, server.folder, flush=True)
    try:
        input("Swift is running; press Enter to stop. ")
    finally:
        server.stop()
