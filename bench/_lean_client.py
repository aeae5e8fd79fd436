"""A lean Socket.IO client for the fan-out bench: the protocol, and as little else as possible.

A thousand real clients are a thousand phones; in the bench they share one Python process,
and python-socketio's AsyncClient spends roughly a tenth of a millisecond of that process
on every event it delivers (aiohttp's reader, Engine.IO and Socket.IO decoding, a task per
handler). At 1,000 clients that is ~100 ms per post of the measuring side's own queueing,
which ends up in the latency it reports. This client speaks the same protocol over the
WebSocket transport (Engine.IO 4, Socket.IO 5: open, namespace connect, events with and
without acks, ping/pong, close) straight from an asyncio Protocol, and notes the time when
the bytes of an event arrive, before decoding it.

Only what the bench needs: text frames, no binary attachments, no reconnection.
Server-to-client frames are unmasked; client-to-server frames are masked as RFC 6455
requires. With `deflate=True` it offers permessage-deflate as browsers do (the server then
compresses every message for every socket on its own) and inflates what it receives; its
own frames go uncompressed, which the extension allows.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import struct
import time
import zlib
from collections.abc import Callable
from urllib.parse import urlsplit

OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x8, 0x9, 0xA


def _frame(payload: bytes, opcode: int = OP_TEXT) -> bytes:
    """A masked client frame (FIN set)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    repeated = (mask * (length // 4 + 1))[:length]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(
        length, "big") if length else b""
    return header + mask + masked


class _Protocol(asyncio.Protocol):
    def __init__(self, client: LeanClient):
        self.client = client
        self.buffer = bytearray()
        self.upgraded = False
        self.inflater = None

    def connection_made(self, transport):
        self.client.transport = transport

    def data_received(self, data: bytes):
        now = time.monotonic()
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            status = head.split(b"\r\n", 1)[0]
            del self.buffer[:end + 4]
            if b" 101 " not in status + b" ":
                self.client._fail(f"upgrade refused: {status.decode(errors='replace')}")
                return
            self.upgraded = True
            if b"permessage-deflate" in head.lower():
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        buffer = self.buffer
        while len(buffer) >= 2:
            compressed = buffer[0] & 0x40  # RSV1: this message was deflated
            opcode, length = buffer[0] & 0x0F, buffer[1] & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, start = struct.unpack_from("!H", buffer, 2)[0], 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, start = struct.unpack_from("!Q", buffer, 2)[0], 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start:start + length])
            del buffer[:start + length]
            if compressed and self.inflater is not None:
                payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
            self.client._frame_received(opcode, payload, now)

    def connection_lost(self, exc):
        self.client._closed(exc)


class LeanClient:
    """One Socket.IO connection to the default namespace over WebSocket."""

    def __init__(self, on_event: Callable[[str, object, float], None], deflate: bool = False):
        self.on_event = on_event  # (name, first argument, arrival time)
        self.deflate = deflate
        self.transport: asyncio.Transport | None = None
        self._acks: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self._connected: asyncio.Future | None = None

    async def connect(self, url: str, headers: dict[str, str] | None = None,
                      timeout: float = 60) -> None:
        loop = asyncio.get_running_loop()
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or 80
        self._connected = loop.create_future()
        await loop.create_connection(lambda: _Protocol(self), host, port)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
                 f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13",
                 f"Origin: http://{host}:{port}"]
        if self.deflate:  # what Chromium offers
            lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await asyncio.wait_for(self._connected, timeout)

    async def call(self, name: str, data: object, timeout: float = 60) -> object:
        """Emit an event with an acknowledgement and wait for it."""
        ack_id = self._next_ack
        self._next_ack += 1
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        self._send(f"42{ack_id}" + json.dumps([name, data], separators=(",", ":")))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def disconnect(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self._send("41")
            self.transport.write(_frame(b"", OP_CLOSE))
            self.transport.close()

    # -- the protocol ---------------------------------------------------------------------

    def _send(self, text: str) -> None:
        self.transport.write(_frame(text.encode()))

    def _fail(self, reason: str) -> None:
        if self._connected is not None and not self._connected.done():
            self._connected.set_exception(ConnectionError(reason))
        if self.transport is not None:
            self.transport.close()

    def _closed(self, exc) -> None:
        if self._connected is not None and not self._connected.done():
            self._connected.set_exception(ConnectionError(f"closed: {exc}"))
        for future in self._acks.values():
            if not future.done():
                future.set_exception(ConnectionError("connection closed"))

    def _frame_received(self, opcode: int, payload: bytes, now: float) -> None:
        if opcode == OP_PING:
            self.transport.write(_frame(payload, OP_PONG))
            return
        if opcode == OP_CLOSE:
            self.transport.close()
            return
        if opcode != OP_TEXT:
            return
        kind = payload[:1]
        if kind == b"4":  # Engine.IO message: a Socket.IO packet
            self._packet(payload[1:], now)
        elif kind == b"2":  # Engine.IO ping from the server
            self._send("3")
        elif kind == b"0":  # Engine.IO open: connect to the default namespace
            self._send("40")
        elif kind == b"1":
            self.transport.close()

    def _packet(self, packet: bytes, now: float) -> None:
        kind, body = packet[:1], packet[1:]
        if kind == b"2":  # EVENT (an id before the JSON would mean the server wants an ack)
            name, *args = json.loads(body[body.index(b"["):])
            self.on_event(name, args[0] if args else None, now)
        elif kind == b"3":  # ACK: digits, then the JSON array of arguments
            start = body.index(b"[")
            future = self._acks.get(int(body[:start]))
            if future is not None and not future.done():
                args = json.loads(body[start:])
                future.set_result(args[0] if args else None)
        elif kind == b"0":  # CONNECT accepted
            if not self._connected.done():
                self._connected.set_result(True)
        elif kind == b"4":  # CONNECT_ERROR
            self._fail(f"connect refused: {body.decode(errors='replace')}")
        elif kind == b"1":  # DISCONNECT by the server
            self.transport.close()
