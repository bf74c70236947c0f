"""A fast loopback HTTP/1.1 server that the benchmarks send to.

It owns one thing: answering ``POST /emails`` with ``202 {"id": ...}`` as cheaply as
possible, so that what the harness measures is the client. Rules:

- Binds 127.0.0.1 only, runs in its own process, exits by itself after ``--max-seconds``.
- Keep-alive HTTP/1.1 with ``Content-Length`` bodies. Requests are parsed from a byte
  buffer in order, so pipelined requests are answered in order; a body split over
  several reads is waited for. ``Transfer-Encoding`` is refused (501) and the connection
  closed: no benchmark client sends a chunked JSON body, and a server that guessed
  would be wrong in a way nobody would notice.
- ``GET /_bench/stats`` reports counters and the server's own CPU time
  (``time.process_time``), so the harness can show the server was not the bottleneck.
- Started as ``python server.py --port 0``; prints the bound port on one line when ready.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
import time

_MAX_HEAD = 64 * 1024
_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    431: "Request Header Fields Too Large",
    501: "Not Implemented",
}


class Stats:
    """Counters since the server started (the harness works with differences)."""

    _COUNTERS = ("bad", "connections", "emails", "requests", "with_auth", "with_idempotency_key")
    __slots__ = (*_COUNTERS, "loop")

    def __init__(self) -> None:
        self.loop = "asyncio"
        self.connections = 0
        self.requests = 0
        self.emails = 0
        self.with_auth = 0
        self.with_idempotency_key = 0
        self.bad = 0

    def as_json(self) -> bytes:
        snapshot: dict[str, object] = {name: getattr(self, name) for name in self._COUNTERS}
        snapshot["cpu_s"] = time.process_time()
        snapshot["loop"] = self.loop
        return json.dumps(snapshot).encode()


def _response(status: int, body: bytes, extra: bytes = b"", close: bool = False) -> bytes:
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    ).encode()
    if close:
        head += b"Connection: close\r\n"
    return head + extra + b"\r\n" + body


class _Head:
    """A parsed request head, kept while its body is still arriving."""

    __slots__ = ("auth", "close", "idempotency_key", "length", "method", "target", "total")

    def __init__(self) -> None:
        self.method = ""
        self.target = ""
        self.length = 0
        self.total = 0
        self.close = False
        self.auth = False
        self.idempotency_key = False


def _parse_head(raw: bytes) -> _Head | int:
    """Parse a request head (without the blank line); an int is the error status."""
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        return 400
    head = _Head()
    head.method, head.target, version = parts
    http10 = version == "HTTP/1.0"
    head.close = http10
    seen_length = False
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            return 400
        name = name.lower()
        value = value.strip()
        if name == "content-length":
            if not value.isdigit() or (seen_length and int(value) != head.length):
                return 400
            head.length = int(value)
            seen_length = True
        elif name == "transfer-encoding":
            return 501
        elif name == "connection":
            tokens = {token.strip() for token in value.lower().split(",")}
            if "close" in tokens:
                head.close = True
            elif http10 and "keep-alive" in tokens:
                head.close = False
        elif name == "authorization":
            head.auth = value.startswith("Bearer ")
        elif name == "idempotency-key":
            head.idempotency_key = bool(value)
    return head


class BenchProtocol(asyncio.Protocol):
    """One connection: a byte buffer in, responses out in request order."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.buffer = bytearray()
        self.pending: _Head | None = None
        self.transport: asyncio.Transport | None = None
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream server's transport is a Transport, but uvloop's is not a subclass of
        # asyncio.Transport, so no isinstance() can narrow it for the checkers.
        self.transport = transport  # type: ignore[assignment]  # see above
        self.stats.connections += 1

    def pause_writing(self) -> None:
        # A client that pipelines without reading must not make us buffer without bound.
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.transport is not None and not self.closing:
            self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        buffer = self.buffer
        buffer += data
        out: list[bytes] = []
        while True:
            head = self.pending
            if head is None:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(buffer) > _MAX_HEAD:
                        self._fail(out, 431)
                    break
                parsed = _parse_head(bytes(buffer[:end]))
                if isinstance(parsed, int):
                    self._fail(out, parsed)
                    break
                head = parsed
                del buffer[: end + 4]
                self.pending = head
            if len(buffer) < head.length:
                break
            body = bytes(buffer[: head.length])
            del buffer[: head.length]
            self.pending = None
            out.append(self._handle(head, body))
            if head.close:
                self.closing = True
                break
        if out and self.transport is not None:
            self.transport.write(b"".join(out) if len(out) > 1 else out[0])
            if self.closing:
                self.transport.close()

    def _fail(self, out: list[bytes], status: int) -> None:
        self.stats.bad += 1
        self.closing = True
        out.append(_response(status, b'{"error":"bad request"}', close=True))

    def _handle(self, head: _Head, body: bytes) -> bytes:
        stats = self.stats
        stats.requests += 1
        if head.target == "/emails":
            if head.method != "POST":
                return _response(405, b'{"error":"method not allowed"}', close=head.close)
            if not body.startswith(b"{"):
                stats.bad += 1
                return _response(400, b'{"error":"expected a JSON object"}', close=head.close)
            stats.emails += 1
            stats.with_auth += head.auth
            stats.with_idempotency_key += head.idempotency_key
            n = stats.emails
            return _response(
                202,
                b'{"id":"em_%d"}' % n,
                b"X-Request-Id: req_%d\r\n" % n,
                close=head.close,
            )
        if head.target == "/emails/batch" and head.method == "POST":  # for benchmarks/bulk.py
            count = len(json.loads(body).get("emails", ()))
            first = stats.emails + 1
            stats.emails += count
            stats.with_auth += head.auth
            stats.with_idempotency_key += head.idempotency_key
            data = b",".join(b'{"id":"em_%d"}' % n for n in range(first, first + count))
            return _response(202, b'{"data":[' + data + b"]}", close=head.close)
        if head.target == "/_bench/stats" and head.method == "GET":
            return _response(200, stats.as_json(), close=head.close)
        return _response(404, b'{"error":"not found"}', close=head.close)


async def serve(port: int, max_seconds: float) -> None:
    loop = asyncio.get_running_loop()
    stats = Stats()
    stats.loop = type(loop).__module__.split(".")[0]
    server = await loop.create_server(
        lambda: BenchProtocol(stats), "127.0.0.1", port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    print(bound, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=max_seconds)
    server.close()
    await server.wait_closed()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--no-uvloop", action="store_true")
    args = parser.parse_args(argv)
    runner = asyncio.run
    if not args.no_uvloop:
        try:
            import uvloop
        except ImportError:
            pass
        else:
            runner = uvloop.run
    runner(serve(args.port, args.max_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
