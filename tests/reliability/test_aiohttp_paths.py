"""`AiohttpTransport`'s two ways of sending, held to one behaviour.

A session the transport made sends without ``session.request`` (the request and the
connector's steps, driven directly: about a quarter of aiohttp's CPU per send); a session
the caller passes, or a ``ClientSession._request`` that a test double replaced, goes
through ``session.request``. Whichever way, the same bytes go out, a pooled connection
that the server closed is retried once for an idempotent method only, and a caller's
session gets the idle-connection check the transport's own sessions have
(``tests/reliability/test_hostile_wire.py`` runs every hostile answer over both).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from poststack import PostStackError
from poststack_proto import Request

from .conftest import PAYLOAD, scripted
from .faultserver import HANG_UP, Exchange, RawServer, Step, answer, email

aiohttp = pytest.importorskip("aiohttp")
from poststack_transports import AiohttpTransport, _aiohttp  # noqa: E402  # after the skip

KEY = "Bearer sk_test_aiohttp_paths"


class _Recorded:
    """Answers every request ``200 {}`` (keeping the connection) and keeps its bytes."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []

    def __call__(self, exchange: Exchange) -> Iterator[Step]:
        self.raw.append(exchange.raw)
        yield b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"


REQUESTS = [
    ("POST", "/emails", b'{"to": ["user@example.com"]}'),
    ("GET", "/emails/em_1?limit=2", b""),
    ("DELETE", "/domains/dm_1", b""),
    ("PATCH", "/contacts/ct_1", b'{"unsubscribed": true}'),
    ("PUT", "/templates/tp_1", b"{}"),
]


def _request(url: str, method: str, target: str, body: bytes) -> Request:
    headers = [("Authorization", KEY), ("Accept", "application/json")]
    if body:
        headers += [("Content-Type", "application/json"), ("Idempotency-Key", "k-1")]
    return Request(method, url + target, tuple(headers), body, timeout=5.0)


async def _statuses(transport: AiohttpTransport, url: str) -> list[int]:
    return [(await transport.send(_request(url, *each))).status for each in REQUESTS]


def _send_all(transport: AiohttpTransport, url: str) -> list[int]:
    async def run() -> list[int]:
        try:
            return await _statuses(transport, url)
        finally:
            await transport.aclose()

    return asyncio.run(run())


def test_the_direct_path_is_there_on_this_aiohttp() -> None:
    """On aiohttp 3.x (3.11 to 3.14 are tested) the transport's own sessions take it; a
    release that changed the steps it drives would silently cost a quarter more per send."""
    major = int(aiohttp.__version__.split(".")[0])
    assert _aiohttp._DIRECT is (major == 3)  # pyright: ignore[reportPrivateUsage]
    assert _aiohttp._unpatched()  # pyright: ignore[reportPrivateUsage]


def test_the_direct_path_sends_what_session_request_sends() -> None:
    """Byte for byte, against ``session.request`` on a session set up as the transport
    sets up its own (no cookie jar, no decompression), to the same server."""
    recorded = _Recorded()
    with RawServer(recorded) as server:
        assert _send_all(AiohttpTransport(), server.url) == [200] * len(REQUESTS)

        async def through_session() -> list[int]:
            async with aiohttp.ClientSession(
                auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar()
            ) as session:
                return await _statuses(AiohttpTransport(session), server.url)

        assert asyncio.run(through_session()) == [200] * len(REQUESTS)
    direct, via_session = recorded.raw[: len(REQUESTS)], recorded.raw[len(REQUESTS) :]
    assert direct == via_session
    # and what went out is what was asked: the target as built, the body as given
    for raw, (method, target, body) in zip(direct, REQUESTS, strict=True):
        assert raw.startswith(f"{method} {target} HTTP/1.1\r\n".encode())
        assert raw.endswith(b"\r\n\r\n" + body)
        assert f"Authorization: {KEY}".encode() in raw


class _SecondOnAConnectionIsCut:
    """Answers every request, except the second on the first connection: the server closes
    it then without a word, as one does that dropped an idle connection just as it was
    reused. Records each exchange."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def __call__(self, exchange: Exchange) -> Iterator[Step]:
        self.exchanges.append(exchange)
        if exchange.connection == 1 and exchange.on_connection == 1:
            yield HANG_UP
        elif exchange.method == "POST":
            yield answer({"id": f"em_{exchange.connection}_{exchange.on_connection}"})
        else:
            yield answer(email(exchange.target.rsplit("/", 1)[-1]))


@pytest.mark.parametrize("adapter", ["aiohttp", "aiohttp-session"])
def test_a_dropped_pooled_connection_is_retried_once_for_an_idempotent_method(
    adapter: str,
) -> None:
    script = _SecondOnAConnectionIsCut()
    with scripted(adapter, script) as (client, _):
        assert client.get("em_1")["email"]["publicId"] == "em_1"
        assert client.get("em_2")["email"]["publicId"] == "em_2"
    # aiohttp sent the GET again, once, on a new connection; our core did not retry
    assert [(e.connection, e.on_connection, e.target) for e in script.exchanges] == [
        (1, 0, "/emails/em_1"),
        (1, 1, "/emails/em_2"),
        (2, 0, "/emails/em_2"),
    ]


@pytest.mark.parametrize("adapter", ["aiohttp", "aiohttp-session"])
def test_a_post_on_a_dropped_connection_is_not_sent_again_by_the_transport(
    adapter: str,
) -> None:
    script = _SecondOnAConnectionIsCut()
    with scripted(adapter, script) as (client, _):
        assert client.send(PAYLOAD)["id"] == "em_1_0"
        with pytest.raises(PostStackError) as caught:
            client.send(PAYLOAD)
    assert caught.value.code == "connection_error"
    assert [(e.connection, e.on_connection) for e in script.exchanges] == [(1, 0), (1, 1)]
