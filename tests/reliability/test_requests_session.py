"""What `RequestsTransport` takes from the environment and from a session, now that a
session it makes sends without ``Session.request`` (see ``_send_direct``).

On a session made here: the environment's proxies are honoured (read once per origin),
``$NO_PROXY`` too; ``~/.netrc`` never replaces the API key; no cookie is kept or sent back.
On a session the caller passes: its hooks and cookies apply, as ``Session.send`` applies
them. Each test drives a real loopback server (`faultserver.RawServer`) that records the
request line and headers exactly as they arrived.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from poststack_proto import Request

from .faultserver import Exchange, RawServer, Script, Step, answer, echo

requests = pytest.importorskip("requests")
from poststack_transports import RequestsTransport  # noqa: E402  # after the skip

KEY = "Bearer sk_test_requests_session"
HEADERS = (("Authorization", KEY), ("Accept", "application/json"))


def _get(transport: RequestsTransport, url: str) -> int:
    return transport.send(Request("GET", url, HEADERS, timeout=5.0)).status


def _cookie_setter(exchange: Exchange) -> Iterator[Step]:
    yield answer({"id": "em_1"}, headers=[("Set-Cookie", "affinity=node7; Path=/")])


class _Recorded:
    """A server script that records every exchange (headers included) before answering."""

    def __init__(self, script: Script = echo) -> None:
        self.script = script
        self.exchanges: list[Exchange] = []

    def __call__(self, exchange: Exchange) -> Iterator[Step]:
        self.exchanges.append(exchange)
        yield from self.script(exchange)


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.usefixtures("no_proxy_env")
def test_environment_proxy_is_used_and_read_once_per_origin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = _Recorded()
    with RawServer(recorded) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        transport = RequestsTransport()
        try:
            # The origin need not resolve: only the proxy is connected to.
            assert _get(transport, "http://api.poststack.invalid/emails/em_1") == 200
            monkeypatch.delenv("HTTP_PROXY")  # read once per origin: still the proxy
            assert _get(transport, "http://api.poststack.invalid/emails/em_2") == 200
        finally:
            transport.close()
    lines = [exchange.request_line for exchange in recorded.exchanges]
    assert lines == [
        b"GET http://api.poststack.invalid/emails/em_1 HTTP/1.1",
        b"GET http://api.poststack.invalid/emails/em_2 HTTP/1.1",
    ]


@pytest.mark.usefixtures("no_proxy_env")
def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    through_proxy, direct = _Recorded(), _Recorded()
    with RawServer(through_proxy) as proxy, RawServer(direct) as api:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        transport = RequestsTransport()
        try:
            assert _get(transport, api.url + "/emails/em_1") == 200
        finally:
            transport.close()
    assert [e.request_line for e in direct.exchanges] == [b"GET /emails/em_1 HTTP/1.1"]
    assert through_proxy.exchanges == []


@pytest.mark.usefixtures("no_proxy_env")
def test_netrc_never_replaces_the_api_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    recorded = _Recorded()
    with RawServer(recorded) as api:
        transport = RequestsTransport()
        try:
            assert _get(transport, api.url + "/emails/em_1") == 200
        finally:
            transport.close()
    assert [e.headers["authorization"] for e in recorded.exchanges] == [KEY]


@pytest.mark.usefixtures("no_proxy_env")
def test_a_session_made_here_keeps_no_cookies() -> None:
    recorded = _Recorded(_cookie_setter)
    with RawServer(recorded) as api:
        transport = RequestsTransport()
        try:
            for _ in range(2):
                assert _get(transport, api.url + "/emails/em_1") == 200
        finally:
            transport.close()
    assert len(recorded.exchanges) == 2
    assert all("cookie" not in e.headers for e in recorded.exchanges)


@pytest.mark.usefixtures("no_proxy_env")
def test_a_callers_session_keeps_its_hooks_and_cookies() -> None:
    seen: list[int] = []

    def hook(response: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(response.status_code)

    recorded = _Recorded(_cookie_setter)
    with RawServer(recorded) as api, requests.Session() as session:
        session.hooks["response"].append(hook)
        transport = RequestsTransport(session)
        for _ in range(2):
            assert _get(transport, api.url + "/emails/em_1") == 200
    assert seen == [200, 200]
    assert [e.headers.get("cookie") for e in recorded.exchanges] == [None, "affinity=node7"]
