"""One benchmark variant, measured in a fresh process: ``python variants.py NAME --url URL``.

The harness (run.py) starts this file once per variant per round, with the interpreter the
variant needs (the official SDK lives in its own virtualenv because it has our import
name). Rules of this module:

- Top-level imports are stdlib only: the same file runs in every interpreter, and a client
  library is imported inside its variant so that a missing one is reported, not fatal.
- Every variant sends the same JSON payload with the same Authorization and Content-Type
  headers, checks the status is 202 and reads ``id`` from the decoded JSON body; ours and
  the official SDK also send an Idempotency-Key (they generate it; raw clients do not).
- The timed window is ``--sends`` sends after ``--warmup`` sends on the same client, so
  connections are open and caches warm, split into ``--batches`` timed batches (the
  harness takes their median, so a burst of load from elsewhere spoils one batch, not the
  run). Client CPU is ``time.process_time`` of this process; the server's CPU over the
  same window is read from its stats endpoint.
- Prints exactly one JSON object on stdout: ``{"status": "ok", ...}`` with the numbers,
  ``{"status": "unavailable", "reason": ...}`` when an import fails, or
  ``{"status": "failed", "reason": ...}`` (and exit status 1) for anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import sys
import time
import traceback
import urllib.parse
from collections.abc import Awaitable, Callable, Generator, Iterator
from types import ModuleType
from typing import Any

API_KEY = "sk_test_bench0123456789abcdef0123456789"
PAYLOAD: dict[str, Any] = {
    "from": "Acme Receipts <receipts@acme.example>",
    "to": ["ada.lovelace@example.com"],
    "subject": "Your Acme receipt #10423",
    "html": (
        "<!doctype html><html><body style='font-family:sans-serif'>"
        "<h1>Thanks for your order, Ada!</h1>"
        "<p>We received your payment of <strong>$42.00</strong> for order #10423.</p>"
        "<table><tr><td>1 x Analytical Engine manual</td><td>$30.00</td></tr>"
        "<tr><td>1 x Punch cards (box of 100)</td><td>$12.00</td></tr></table>"
        "<p>Questions? Just reply to this email.</p>"
        "<p style='color:#888'>Acme Inc., 1 Market St, San Francisco</p>"
        "</body></html>"
    ),
}
HEADERS = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}


class Unavailable(Exception):
    """The variant's library (or our client) cannot be imported here."""


SyncSend = Callable[[], str]
AsyncSend = Callable[[], Awaitable[str]]


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(what)


def load_module(module: str) -> ModuleType:
    """Import ``module``; a missing one raises `Unavailable` (the variant is reported, not
    fatal). Used by the sibling scripts too (core.py)."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as exc:
        raise Unavailable(f"{type(exc).__name__}: {exc}") from exc


def our_poststack() -> ModuleType:
    """Our ``poststack``, refusing the official package of the same name."""
    poststack = load_module("poststack")
    if not hasattr(poststack, "PostStack") or not hasattr(poststack, "AsyncPostStack"):
        raise Unavailable("poststack has no PostStack/AsyncPostStack yet")
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    where = poststack.__file__  # None for a namespace package: not ours either
    if where is None or not os.path.abspath(where).startswith(here + os.sep):
        raise Unavailable(f"imported poststack from {where}, not this repository")
    return poststack


def _official() -> ModuleType:
    poststack = load_module("poststack")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("poststack")
    except PackageNotFoundError as exc:
        raise Unavailable("the official poststack distribution is not installed") from exc
    if found != "0.9.0" or not hasattr(poststack, "_client"):
        raise Unavailable(f"expected the official poststack 0.9.0, found {found}")
    return poststack


# --- sync variants: each returns (send, close) --------------------------------------------


def raw_http_client(url: str, stack: contextlib.ExitStack) -> SyncSend:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    stack.callback(conn.close)
    loads, dumps = json.loads, json.dumps

    def send() -> str:
        conn.request("POST", "/emails", body=dumps(PAYLOAD).encode(), headers=HEADERS)
        response = conn.getresponse()
        body = response.read()
        _require(response.status == 202, f"status {response.status}")
        return str(loads(body)["id"])

    return send


def raw_h11(url: str, stack: contextlib.ExitStack) -> SyncSend:
    """The naive loop a person writes from h11's docs: one socket, one Connection."""
    h11 = load_module("h11")
    import socket

    parts = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80))
    stack.callback(sock.close)
    conn = h11.Connection(our_role=h11.CLIENT)
    host = parts.netloc
    headers = [("Host", host), *HEADERS.items()]
    need_data, response_type, data_type, end_type = (
        h11.NEED_DATA,
        h11.Response,
        h11.Data,
        h11.EndOfMessage,
    )
    loads, dumps = json.loads, json.dumps

    def send() -> str:
        body = dumps(PAYLOAD).encode()
        wire = conn.send(
            h11.Request(
                method="POST",
                target="/emails",
                headers=[*headers, ("Content-Length", str(len(body)))],
            )
        )
        wire += conn.send(h11.Data(data=body))
        wire += conn.send(h11.EndOfMessage())
        sock.sendall(wire)
        status = 0
        chunks: list[bytes] = []
        while True:
            event = conn.next_event()
            if event is need_data:
                conn.receive_data(sock.recv(65536))
            elif type(event) is response_type:
                status = event.status_code
            elif type(event) is data_type:
                chunks.append(event.data)
            elif type(event) is end_type:
                break
            else:
                raise RuntimeError(f"unexpected h11 event {event!r}")
        conn.start_next_cycle()
        _require(status == 202, f"status {status}")
        return str(loads(b"".join(chunks))["id"])

    return send


def raw_httpx(url: str, stack: contextlib.ExitStack) -> SyncSend:
    """The lean httpx loop: one Client holding the headers, a full URL, a body serialised
    per send (``content=`` skips httpx's own JSON encoder) and ``response.json()``."""
    httpx = load_module("httpx")
    client = stack.enter_context(httpx.Client(headers=HEADERS))
    endpoint = url + "/emails"
    dumps = json.dumps

    def send() -> str:
        response = client.post(endpoint, content=dumps(PAYLOAD).encode())
        _require(response.status_code == 202, f"status {response.status_code}")
        return str(response.json()["id"])

    return send


def raw_requests(url: str, stack: contextlib.ExitStack) -> SyncSend:
    """The lean requests loop: one Session, ``data=`` bytes serialised per send, the headers
    passed per call (cheaper than merging them from ``session.headers``)."""
    requests = load_module("requests")
    session = stack.enter_context(requests.Session())
    endpoint = url + "/emails"
    dumps = json.dumps

    def send() -> str:
        response = session.post(endpoint, data=dumps(PAYLOAD).encode(), headers=HEADERS)
        _require(response.status_code == 202, f"status {response.status_code}")
        return str(response.json()["id"])

    return send


def _ours_sync(transport: str) -> Callable[[str, contextlib.ExitStack], SyncSend]:
    def factory(url: str, stack: contextlib.ExitStack) -> SyncSend:
        poststack = our_poststack()
        client = stack.enter_context(
            poststack.PostStack(api_key=API_KEY, base_url=url, transport=transport)
        )
        emails_send = client.emails.send

        def send() -> str:
            return str(emails_send(PAYLOAD)["id"])

        return send

    return factory


def official_sync(url: str, stack: contextlib.ExitStack) -> SyncSend:
    poststack = _official()
    client = stack.enter_context(poststack.PostStack(api_key=API_KEY, base_url=url))
    emails_send = client.emails.send

    def send() -> str:
        return str(emails_send(PAYLOAD)["id"])

    return send


# --- async variants: each returns an async send; cleanup goes on the AsyncExitStack --------


async def raw_aiohttp(url: str, stack: contextlib.AsyncExitStack) -> AsyncSend:
    """The lean aiohttp loop: ``session.post(url, data=json.dumps(msg).encode(), headers=...)``
    then ``await r.json(content_type=None)``, all sends over one session."""
    aiohttp = load_module("aiohttp")
    session = await stack.enter_async_context(aiohttp.ClientSession())
    endpoint = url + "/emails"
    dumps = json.dumps

    async def send() -> str:
        response = await session.post(endpoint, data=dumps(PAYLOAD).encode(), headers=HEADERS)
        _require(response.status == 202, f"status {response.status}")
        return str((await response.json(content_type=None))["id"])

    return send


async def raw_h11_async(url: str, stack: contextlib.AsyncExitStack) -> AsyncSend:
    """asyncio streams + h11 by hand: keep-alive connections, each with its h11.Connection,
    kept in a list of idle ones; a send takes one (or opens one) and gives it back, so 64
    concurrent sends end up on 64 connections, like a pooled client."""
    h11 = load_module("h11")
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port
    idle: list[tuple[Any, asyncio.StreamReader, asyncio.StreamWriter]] = []

    def close_all() -> None:
        for _, _, writer in idle:
            writer.close()

    stack.callback(close_all)
    headers = [("Host", parts.netloc), *HEADERS.items()]
    need_data, response_type, data_type, end_type = (
        h11.NEED_DATA,
        h11.Response,
        h11.Data,
        h11.EndOfMessage,
    )
    loads, dumps = json.loads, json.dumps

    async def send() -> str:
        if idle:
            conn, reader, writer = idle.pop()
        else:
            reader, writer = await asyncio.open_connection(host, port)
            conn = h11.Connection(our_role=h11.CLIENT)
        body = dumps(PAYLOAD).encode()
        wire = conn.send(
            h11.Request(
                method="POST",
                target="/emails",
                headers=[*headers, ("Content-Length", str(len(body)))],
            )
        )
        wire += conn.send(h11.Data(data=body))
        wire += conn.send(h11.EndOfMessage())
        writer.write(wire)
        await writer.drain()
        status = 0
        chunks: list[bytes] = []
        while True:
            event = conn.next_event()
            if event is need_data:
                conn.receive_data(await reader.read(65536))
            elif type(event) is response_type:
                status = event.status_code
            elif type(event) is data_type:
                chunks.append(event.data)
            elif type(event) is end_type:
                break
            else:
                raise RuntimeError(f"unexpected h11 event {event!r}")
        conn.start_next_cycle()
        idle.append((conn, reader, writer))
        _require(status == 202, f"status {status}")
        return str(loads(b"".join(chunks))["id"])

    return send


async def raw_httpx_async(url: str, stack: contextlib.AsyncExitStack) -> AsyncSend:
    """The lean httpx loop (as ``raw_httpx``) on an AsyncClient."""
    httpx = load_module("httpx")
    client = await stack.enter_async_context(httpx.AsyncClient(headers=HEADERS))
    endpoint = url + "/emails"
    dumps = json.dumps

    async def send() -> str:
        response = await client.post(endpoint, content=dumps(PAYLOAD).encode())
        _require(response.status_code == 202, f"status {response.status_code}")
        return str(response.json()["id"])

    return send


def _ours_async(
    transport: str,
) -> Callable[[str, contextlib.AsyncExitStack], Awaitable[AsyncSend]]:
    async def factory(url: str, stack: contextlib.AsyncExitStack) -> AsyncSend:
        poststack = our_poststack()
        client = await stack.enter_async_context(
            poststack.AsyncPostStack(api_key=API_KEY, base_url=url, transport=transport)
        )
        emails_send = client.emails.send

        async def send() -> str:
            return str((await emails_send(PAYLOAD))["id"])

        return send

    return factory


async def official_async(url: str, stack: contextlib.AsyncExitStack) -> AsyncSend:
    poststack = _official()
    client = await stack.enter_async_context(
        poststack.AsyncPostStack(api_key=API_KEY, base_url=url)
    )
    emails_send = client.emails.send

    async def send() -> str:
        return str((await emails_send(PAYLOAD))["id"])

    return send


SYNC_FACTORIES: dict[str, Callable[[str, contextlib.ExitStack], SyncSend]] = {
    "raw-http.client": raw_http_client,
    "raw-h11": raw_h11,
    "raw-httpx": raw_httpx,
    "raw-requests": raw_requests,
    "ours-h11": _ours_sync("h11"),
    "ours-httpx": _ours_sync("httpx"),
    "ours-requests": _ours_sync("requests"),
    "official-sync": official_sync,
}
ASYNC_FACTORIES: dict[str, Callable[[str, contextlib.AsyncExitStack], Awaitable[AsyncSend]]] = {
    "raw-aiohttp": raw_aiohttp,
    "raw-httpx-async": raw_httpx_async,
    "raw-h11-async": raw_h11_async,
    "ours-aiohttp": _ours_async("aiohttp"),
    "ours-httpx-async": _ours_async("httpx"),
    "ours-h11-async": _ours_async("h11"),
    "official-async": official_async,
}


# --- measurement ------------------------------------------------------------------------


def vmrss_kib() -> int:
    """Resident memory of this process, from /proc (0 where there is no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def server_stats(url: str) -> dict[str, Any]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("GET", "/_bench/stats")
        return dict(json.loads(conn.getresponse().read()))
    finally:
        conn.close()


class Window:
    """Client CPU, wall time and the server's counters around the timed sends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.result: dict[str, Any] = {}
        self.batch_cpu_us: list[float] = []

    @contextlib.contextmanager
    def batch(self, size: int) -> Generator[None, None, None]:
        """Time one batch of ``size`` sends inside the window (CPU µs per send)."""
        cpu0 = time.process_time()
        yield
        self.batch_cpu_us.append((time.process_time() - cpu0) / size * 1e6)

    def __enter__(self) -> Window:
        self.server0 = server_stats(self.url)
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        cpu1 = time.process_time()
        wall1 = time.perf_counter()
        if exc[0] is not None:
            return
        server1 = server_stats(self.url)
        self.result = {
            "client_cpu_s": cpu1 - self.cpu0,
            "wall_s": wall1 - self.wall0,
            "server_cpu_s": server1["cpu_s"] - self.server0["cpu_s"],
            "server_emails": server1["emails"] - self.server0["emails"],
            "server_with_idempotency_key": (
                server1["with_idempotency_key"] - self.server0["with_idempotency_key"]
            ),
            "server_with_auth": server1["with_auth"] - self.server0["with_auth"],
            "server_connections": server1["connections"] - self.server0["connections"],
            "batch_cpu_us": self.batch_cpu_us,
        }


def batch_sizes(sends: int, batches: int) -> list[int]:
    """``sends`` split into ``batches`` near-equal, non-empty parts."""
    batches = max(1, min(batches, sends))
    return [sends // batches + (i < sends % batches) for i in range(batches)]


def run_sync(name: str, url: str, warmup: int, sends: int, *, batches: int) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        try:
            send = SYNC_FACTORIES[name](url, stack)
        except ImportError as exc:  # e.g. our client lazily importing a missing adapter
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        ids = {send() for _ in range(warmup)}
        rss = vmrss_kib()
        with Window(url) as window:
            for size in batch_sizes(sends, batches):
                with window.batch(size):
                    for _ in range(size):
                        send()
        ids.add(send())  # one more, outside the window, to check ids really vary
    return {**window.result, "rss_kib": rss, "distinct_ids": len(ids), "extra_sends": 1}


async def _run_many(send: AsyncSend, count: int, concurrency: int) -> None:
    if concurrency <= 1:
        for _ in range(count):
            await send()
        return
    tickets: Iterator[int] = iter(range(count))

    async def worker() -> None:
        for _ in tickets:
            await send()

    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))


async def run_async(
    name: str, url: str, warmup: int, sends: int, *, batches: int, concurrency: int
) -> dict[str, Any]:
    async with contextlib.AsyncExitStack() as stack:
        try:
            send = await ASYNC_FACTORIES[name](url, stack)
        except ImportError as exc:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        await _run_many(send, warmup, concurrency)
        rss = vmrss_kib()
        with Window(url) as window:
            for size in batch_sizes(sends, batches):
                with window.batch(size):
                    await _run_many(send, size, concurrency)
        ids = {await send(), await send()}
    return {**window.result, "rss_kib": rss, "distinct_ids": len(ids), "extra_sends": 2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one benchmark variant.")
    parser.add_argument("name", choices=[*SYNC_FACTORIES, *ASYNC_FACTORIES, "baseline"])
    parser.add_argument("--url", default="")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=4, help="timed sends split in batches")
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"name": args.name, "concurrency": args.concurrency}
    code = 0
    try:
        if args.name == "baseline":
            out.update(rss_kib=vmrss_kib())
        elif args.name in SYNC_FACTORIES:
            out.update(run_sync(args.name, args.url, args.warmup, args.sends, batches=args.batches))
        else:
            out.update(
                asyncio.run(
                    run_async(
                        args.name,
                        args.url,
                        args.warmup,
                        args.sends,
                        batches=args.batches,
                        concurrency=args.concurrency,
                    )
                )
            )
        out.update(status="ok", sends=args.sends, warmup=args.warmup)
    except Unavailable as exc:
        out.update(status="unavailable", reason=str(exc))
    except Exception as exc:
        out.update(status="failed", reason=f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
        code = 1
    print(json.dumps(out), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
