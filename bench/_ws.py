"""A minimal RFC 6455 websocket client on asyncio streams, enough for the gallery benchmark.

It opens the handshake with extra headers (Cookie, Origin), reads text and binary messages (joining
fragments, answering pings) and closes politely. No extensions, no subprotocols. Frames from the
server arrive unmasked; the few frames a client sends (pong, close) are masked, as the RFC requires.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_CONTINUATION, _TEXT, _BINARY, _CLOSE, _PING, _PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeError(Exception):
    """The server answered the upgrade with something other than 101 (e.g. 403 for a refused consumer)."""


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader = reader
        self.writer = writer
        self.closed = False

    async def recv(self) -> str | bytes | None:
        """The next whole message, or None once the server has closed the connection."""
        parts: list[bytes] = []
        first_opcode = None
        while True:
            try:
                fin, opcode, payload = await self._read_frame()
            except (asyncio.IncompleteReadError, ConnectionError):
                self.closed = True
                return None
            if opcode == _PING:
                await self._send_frame(_PONG, payload)
                continue
            if opcode == _PONG:
                continue
            if opcode == _CLOSE:
                if not self.closed:
                    self.closed = True
                    await self._send_frame(_CLOSE, payload[:2])
                return None
            if opcode != _CONTINUATION:
                first_opcode = opcode
            parts.append(payload)
            if fin:
                data = b"".join(parts)
                return data.decode() if first_opcode == _TEXT else data

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                await self._send_frame(_CLOSE, struct.pack("!H", 1000))
            except ConnectionError:
                pass
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except ConnectionError:
            pass

    async def _read_frame(self) -> tuple[bool, int, bytes]:
        head = await self.reader.readexactly(2)
        fin = bool(head[0] & 0x80)
        opcode = head[0] & 0x0F
        masked = bool(head[1] & 0x80)
        length = head[1] & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        mask = await self.reader.readexactly(4) if masked else b""
        payload = await self.reader.readexactly(length)
        if masked:
            payload = _apply_mask(payload, mask)
        return fin, opcode, payload

    async def _send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        self.writer.write(header + mask + _apply_mask(payload, mask))
        await self.writer.drain()


def _apply_mask(payload: bytes, mask: bytes) -> bytes:
    if not payload:
        return payload
    repeated = (mask * (len(payload) // 4 + 1))[: len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(len(payload), "big")


async def connect(host: str, port: int, path: str, headers: dict[str, str] | None = None,
                  timeout: float = 10.0) -> Connection:
    """Open a websocket to ws://host:port/path; raises HandshakeError unless the server switches protocols."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    response = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)).decode("latin-1")
    status_line, *header_lines = response.split("\r\n")
    if " 101 " not in f"{status_line} ":
        writer.close()
        raise HandshakeError(status_line)
    answered = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            answered[name.strip().lower()] = value.strip()
    expected = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
    if answered.get("sec-websocket-accept") != expected:
        writer.close()
        raise HandshakeError(f"bad Sec-WebSocket-Accept in {status_line}")
    return Connection(reader, writer)
