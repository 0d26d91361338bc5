"""A small threaded HTTP server that provider fakes build on.

Each fake answers in its provider's wire format; this base records every request, tracks how many
were in flight at once, adds optional latency, and serves queued faults before normal routing.
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import functools
import io
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from PIL import Image, ImageDraw

from creative.providers.base import ProviderConfig

# Starts like a PNG but does not decode: the worst kind of garbage, since a magic-byte check passes.
GARBAGE_IMAGE = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDRgarbage" * 8


@functools.lru_cache(maxsize=64)
def png_bytes(width: int, height: int, colour: tuple[int, int, int] = (200, 60, 40)) -> bytes:
    """A real PNG of the given size: a background and a box, so it is not a flat fill."""
    img = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(240, 240, 230))
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    port: int

    def json(self):
        return json.loads(self.body)


@dataclass
class FilePart:
    name: str
    filename: str
    content_type: str
    data: bytes


def parse_form(request: Request) -> tuple[dict[str, str], list[FilePart]] | None:
    """A multipart/form-data body as (text fields, file parts in order); None when the body is not multipart."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return None
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    )
    fields, files = {}, []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is None:
            fields[name] = part.get_content()
        else:
            files.append(FilePart(name, part.get_filename(), part.get_content_type(), part.get_payload(decode=True)))
    return fields, files


def decoded_image(data: bytes) -> Image.Image | None:
    """The image the bytes hold, fully decoded, or None: what a provider checks before it bills."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return img.copy()
    except Exception:  # Pillow raises many types for bad bytes
        return None


def decoded_base64_image(text) -> Image.Image | None:
    """`decoded_image` of a base64 field (bare, no data: prefix), or None."""
    try:
        return decoded_image(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError, TypeError):
        return None


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(status: int, obj, headers: dict | None = None) -> Reply:
    return Reply(status, json.dumps(obj).encode(), {"Content-Type": "application/json", **(headers or {})})


@dataclass
class Fault:
    """What the next matching request gets instead of (or before) normal routing."""

    path: str | None = None  # substring of the path; None matches any request
    reply: Reply | None = None  # None: route normally after the delay
    delay: float = 0.0
    drop: bool = False  # close the connection without an answer
    times: int = 1
    # Route the request normally first (the job is created and paid for), then answer with `reply` or drop:
    # what a provider failing after the work was done looks like to a client.
    after: bool = False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real providers and httpx's pool expect

    def _dispatch(self):
        self.server.fake._dispatch(self)

    do_GET = do_POST = do_PUT = do_DELETE = _dispatch

    def log_message(self, format, *args):
        pass


class _Listener(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out leave broken pipes behind; that is the point of those tests


class FakeServer:
    """Base fake: subclasses set `api_key` and implement `handle`.

    Each fake records every job it creates (and would bill) in `paid`, with the charge it reported in its own
    wire format: `{"cost": credits}` for BFL, `{"usage": {...}}` for token-billed APIs, `{}` where the
    provider reports none (Imagen, Stability, Firefly, a Midjourney relay).
    """

    api_key = "test-key"
    alt_listener = False  # a second port, for providers whose status URLs live on another host
    paid_path = ""  # a part of the paid POST's path, for faults aimed at it

    def __init__(self):
        self.requests: list[Request] = []
        self.latency = 0.0
        self.max_concurrent = 0
        self._in_flight = 0
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.paid: list[dict] = []
        count = 2 if self.alt_listener else 1
        self._listeners = [_Listener(("127.0.0.1", 0), _Handler) for _ in range(count)]
        for listener in self._listeners:
            listener.fake = self
            # A short poll interval keeps session teardown quick.
            threading.Thread(target=listener.serve_forever, args=(0.05,), daemon=True).start()
        self.reset_state()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listeners[0].server_address[1]}"

    @property
    def alt_url(self) -> str:
        return f"http://127.0.0.1:{self._listeners[-1].server_address[1]}"

    @property
    def base_url(self) -> str:
        """What `ProviderConfig.base_url` should be for an adapter aimed at this fake."""
        return self.url

    def config(self, **extra) -> ProviderConfig:
        extra = {**self.default_extra(), **extra}
        return ProviderConfig(api_key=self.api_key, base_url=self.base_url, extra=extra)

    def default_extra(self) -> dict:
        return {}

    def client(self, timeout: float = 5.0) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=timeout)

    def stop(self):
        self._wake.set()
        for listener in self._listeners:
            listener.shutdown()
            listener.server_close()

    def reset(self):
        """Forget requests, faults, latency and jobs; wake any handler still sleeping in a slow reply."""
        with self._lock:
            self._wake.set()
            self._wake = threading.Event()
            self.requests = []
            self.paid = []
            self._faults = []
            self.latency = 0.0
            self.max_concurrent = 0
        self.reset_state()

    def reset_state(self):
        """Subclass hook: clear jobs and switches."""

    # Faults shared by every provider; subclasses add ones in their own error shapes.
    def respond_with(self, status: int = 200, body=None, *, headers=None, path=None, times=1):
        """Answer the next matching request with this status and body (a dict is sent as JSON)."""
        if isinstance(body, (dict, list)):
            reply = json_reply(status, body, headers)
        else:
            data = body.encode() if isinstance(body, str) else (body or b"")
            reply = Reply(status, data, dict(headers or {}))
        self.inject(Fault(path=path, reply=reply, times=times))

    def inject(self, fault: Fault):
        with self._lock:
            self._faults.append(fault)

    def slow(self, seconds: float = 5.0, *, path=None, times=1):
        """Hold the next matching request this long before answering normally (past a client timeout)."""
        self.inject(Fault(path=path, delay=seconds, times=times))

    def drop(self, *, path=None, times=1):
        """Close the connection without answering, after the request was read."""
        self.inject(Fault(path=path, drop=True, times=times))

    def fail_after_create(self, status: int = 500, *, drop: bool = False):
        """The next paid POST creates (and bills) its job, then answers `status`, or drops the connection."""
        body = {"error": {"message": "The server had an error while processing your request.",
                          "code": status, "status": "INTERNAL"}}
        reply = json_reply(status, body)
        self.inject(Fault(path=self.paid_path, reply=None if drop else reply, drop=drop, after=True))

    def record_paid(self, **charge):
        """Called by a fake's paid route when it creates a job: one entry per job the provider would bill."""
        with self._lock:
            self.paid.append(charge)

    def malformed_json(self, *, path=None, status=200, times=1):
        reply = Reply(status, b'{"data": [', {"Content-Type": "application/json"})
        self.inject(Fault(path=path, reply=reply, times=times))

    def requests_to(self, path_part: str, method: str | None = None) -> list[Request]:
        return [r for r in self.requests if path_part in r.path and (method is None or r.method == method)]

    def handle(self, request: Request) -> Reply:
        raise NotImplementedError

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path is None or fault.path in path:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _dispatch(self, handler: _Handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(handler.path)
        request = Request(
            method=handler.command,
            path=split.path,
            query=dict(urllib.parse.parse_qsl(split.query)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
            port=handler.server.server_address[1],
        )
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self._in_flight)
            wake = self._wake
        try:
            if self.latency:
                wake.wait(self.latency)
            fault = self._next_fault(request.path)
            if fault and fault.delay:
                wake.wait(fault.delay)
            if fault and fault.after:
                self.handle(request)  # the job is created, and billed, before the answer goes wrong
            if fault and fault.drop:
                handler.close_connection = True
                return
            if fault and fault.reply:
                reply = fault.reply
            else:
                try:
                    reply = self.handle(request)
                except Exception as exc:  # a bug in a fake should read as one, not hang the client
                    reply = Reply(500, f"fake crashed: {type(exc).__name__}: {exc}".encode())
            self._write(handler, reply)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True
        finally:
            with self._lock:
                self._in_flight -= 1

    @staticmethod
    def _write(handler: _Handler, reply: Reply):
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        handler.wfile.write(reply.body)
        handler.wfile.flush()
