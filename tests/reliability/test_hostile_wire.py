"""Hostile and broken answers at the byte level, over every adapter.

An answer must belong to its request: a connection with anything unexpected on it (bytes
after an answer, junk or a whole extra answer arriving while it idles, whether or not the
event loop has already buffered them) is discarded, and the next send gets its own
answer on a new connection. A timeout bounds the whole attempt; answers are bounded in
size (also once decompressed); 1xx interim answers are skipped; an answer cut off inside
its head is an error, never a success.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Iterator

import pytest

from poststack import PostStackError
from poststack_proto import ReadTimeout, RemoteProtocolError, TransportError

from .conftest import WIRE_ADAPTERS, Client, is_async, make_transport, scripted
from .faultserver import (
    HANG_UP,
    Exchange,
    RawServer,
    Script,
    Step,
    answer,
    echo,
    email,
    email_bytes,
)

pytestmark = pytest.mark.parametrize("adapter", WIRE_ADAPTERS)

EVIL = answer(email("em_not_yours"))


def _id(exchange: Exchange) -> str:
    return exchange.target.rsplit("/", 1)[-1]


def _idle(client: Client, seconds: float) -> None:
    """Let time pass; an async client's loop runs meanwhile (and buffers what arrives)."""
    if client.loop is not None:
        client.loop.run_until_complete(asyncio.sleep(seconds))
    else:
        time.sleep(seconds)


def _failure(client: Client, email_id: str) -> PostStackError:
    with pytest.raises(PostStackError) as caught:
        client.get(email_id)
    error = caught.value
    assert type(error) is PostStackError
    assert error.__cause__ is None or isinstance(error.__cause__, TransportError)
    return error


# -- an answer belongs to its request ------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [EVIL, b"junk that is not HTTP", b"\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Le"],
    ids=["pipelined-answer", "junk", "blank-lines", "half-a-head"],
)
def test_bytes_after_an_answer_discard_the_connection(adapter: str, extra: bytes) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield answer(email(_id(exchange))) + extra  # one write: both arrive together

    with scripted(adapter, script) as (client, server):
        assert _outcomes(client, adapter, 3) == ["em_0", "em_1", "em_2"]
        partial = extra in (b"\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Le")
        if adapter.startswith("aiohttp") and partial:
            # No whole message trails: aiohttp's next answer gets a fresh parser, and the
            # partial bytes the old one held go with it.
            assert server.connections == 1
        else:
            assert server.connections == _connections(adapter, 3)


@pytest.mark.parametrize("extra", [EVIL, b"junk that is not HTTP"], ids=["answer", "junk"])
def test_bytes_arriving_on_an_idle_connection_discard_it(adapter: str, extra: bytes) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield answer(email(_id(exchange)))
        yield 0.05
        yield extra  # while the client holds the connection idle in its pool

    with scripted(adapter, script) as (client, server):
        assert client.get("em_0")["email"]["publicId"] == "em_0"
        _idle(client, 0.3)  # an async client's loop reads the junk into its buffer
        assert client.get("em_1")["email"]["publicId"] == "em_1"
        assert server.connections == 2


def test_content_length_shorter_than_the_body(adapter: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        body = email_bytes(_id(exchange))
        yield answer(body + email_bytes("em_not_yours"), length=len(body))

    with scripted(adapter, script) as (client, server):
        assert _outcomes(client, adapter, 2) == ["em_0", "em_1"]
        assert server.connections == _connections(adapter, 2)


def _outcomes(client: Client, adapter: str, sends: int) -> list[str]:
    """Each send's own id, or (aiohttp only) a connection error: aiohttp's parser rejects
    an answer together with what trails it in the same read, so that call fails (and is
    retried where that is safe). Never another request's answer."""
    outcomes: list[str] = []
    for n in range(sends):
        try:
            outcomes.append(client.get(f"em_{n}")["email"]["publicId"])
        except PostStackError as error:
            outcomes.append(f"em_{n}" if adapter.startswith("aiohttp") else repr(error))
            seen = (error.status_code, error.code)
            outcomes[-1] += "" if seen == (0, "connection_error") else f" {seen}"
    return outcomes


def _connections(adapter: str, sends: int) -> int:
    """One connection per send: each had bytes after its answer. Except requests:
    http.client drops what its reader buffered past an answer with that answer's reader
    (so those bytes can answer nothing), and urllib3 discards a pooled connection whose
    socket is readable; what cannot cross is not seen, and the connection is reused."""
    return 1 if adapter == "requests" else sends


def test_content_length_longer_than_the_body(adapter: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        if exchange.connection == 1:
            body = email_bytes(_id(exchange))
            yield answer(body, length=len(body) + 10)
            yield HANG_UP
        else:
            yield from echo(exchange)

    with scripted(adapter, script) as (client, server):
        error = _failure(client, "em_0")
        assert (error.status_code, error.code) == (0, "connection_error")
        assert type(error.__cause__) is RemoteProtocolError
        assert client.get("em_1")["email"]["publicId"] == "em_1"
        assert server.connections == 2


# -- the path is sent exactly as the core built it ---------------------------------


TARGETS = [
    "/segments/seg_1/contacts/..",
    "/segments/seg_1/contacts/.",
    "/emails/a/../b/./c",
    "/emails/%2E%2E/%2E/x",  # the core percent-encodes in upper case (urllib3 would upper it)
    "/emails/em%2F1%3Fx%23y?cursor=a%2Bb&limit=1",
    "/emails/%7Euser/caf%C3%A9/a+b/%20/",
    "/emails//double//slash",
]


@pytest.mark.parametrize("target", TARGETS)
def test_the_request_target_is_sent_byte_for_byte(adapter: str, target: str) -> None:
    from poststack_proto import Request

    with RawServer() as server:
        transport = make_transport(adapter)
        request = Request("GET", server.url + target, (("Accept", "application/json"),))
        if is_async(adapter):

            async def run() -> None:
                try:
                    await transport.send(request)
                finally:
                    await transport.aclose()

            asyncio.run(run())
        else:
            try:
                transport.send(request)
            finally:
                transport.close()
        assert server.request_lines == [f"GET {target} HTTP/1.1".encode()]


# -- a timeout bounds the whole attempt ---------------------------------------------


def _drip(exchange: Exchange) -> Iterator[Step]:
    for byte in answer(email(_id(exchange))):
        yield bytes([byte])
        yield 0.1


def _continue_then_silence(exchange: Exchange) -> Iterator[Step]:
    yield b"HTTP/1.1 100 Continue\r\n\r\n"
    yield 3.0


def _head_then_drip(exchange: Exchange) -> Iterator[Step]:
    yield answer(b"", length=40)[: -0 or None]
    for _ in range(40):
        yield b" "
        yield 0.1


@pytest.mark.parametrize(
    "script",
    [_drip, _continue_then_silence, _head_then_drip],
    ids=["drip", "100-then-silence", "body-drip"],
)
def test_a_timeout_bounds_the_whole_attempt(adapter: str, script: Script) -> None:
    with scripted(adapter, script, timeout=0.5) as (client, _):
        started = time.monotonic()
        error = _failure(client, "em_0")
        elapsed = time.monotonic() - started
        assert elapsed < 3.0  # about 0.5 s; generous, this is "not forever"
        assert (error.status_code, error.code) == (0, "timeout")
        assert type(error.__cause__) is ReadTimeout


# -- answers are bounded -----------------------------------------------------------


def _big(exchange: Exchange) -> Iterator[Step]:
    yield answer(email_bytes("x" * (1 << 20)))


def _big_chunked(exchange: Exchange) -> Iterator[Step]:
    yield b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"x" * 65536
    for _ in range(32):
        yield b"%x\r\n%s\r\n" % (len(chunk), chunk)
    yield b"0\r\n\r\n"


BOMB = gzip.compress(b" " * (8 << 20))


def _bomb(exchange: Exchange) -> Iterator[Step]:
    yield answer(BOMB, headers=[("Content-Encoding", "gzip")])


@pytest.mark.parametrize(
    "script", [_big, _big_chunked, _bomb], ids=["length", "chunked", "gzip-bomb"]
)
def test_an_answer_over_the_cap_is_refused(adapter: str, script: Script) -> None:
    transport = make_transport(adapter, max_response_bytes=256 * 1024)
    with scripted(adapter, script, transport=transport) as (client, _):
        error = _failure(client, "em_0")
        assert (error.status_code, error.code) == (0, "response_too_large")
        assert "256 KiB" in error.error


def test_the_default_cap_refuses_a_huge_declared_length_at_once(adapter: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield answer(b"{}", length=1 << 40)  # a terabyte is announced; 2 bytes follow
        yield 5.0

    with scripted(adapter, script, timeout=4.0) as (client, _):
        started = time.monotonic()
        error = _failure(client, "em_0")
        assert time.monotonic() - started < 3.0  # refused on the head, not after the wait
        assert error.code == "response_too_large"


def test_an_answer_under_the_cap_is_whole(adapter: str) -> None:
    transport = make_transport(adapter, max_response_bytes=2 << 20)
    with scripted(adapter, _big, transport=transport) as (client, _):
        assert client.get("em_0") == email("x" * (1 << 20))


# -- 1xx and cut-off heads ---------------------------------------------------------


def test_interim_answers_are_skipped(adapter: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield b"HTTP/1.1 100 Continue\r\n\r\n"
        yield b"HTTP/1.1 102 Processing\r\n\r\n"
        yield b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        yield answer(email(_id(exchange)), 202)

    with scripted(adapter, script) as (client, server):
        assert [client.get(f"em_{n}")["email"]["publicId"] for n in range(2)] == ["em_0", "em_1"]
        assert server.connections == 1


@pytest.mark.parametrize(
    "cut", [b"HTTP/1.1 200 OK\r\nContent-Ty", b"HTTP/1.1 20", b"HTTP/1.1 200 OK\r\n"]
)
def test_an_answer_cut_off_in_its_head_is_an_error(adapter: str, cut: bytes) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield cut
        yield HANG_UP

    with scripted(adapter, script) as (client, _):
        error = _failure(client, "em_0")
        assert (error.status_code, error.code) == (0, "connection_error")
