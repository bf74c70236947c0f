"""The public clients' own behaviour: construction, environment, options, lifecycle.

(What they send over each real transport is the conformance suite's job.)
"""

# These tests look at a client's internals (its config, its pool) on purpose.
# pyright: reportPrivateUsage=false

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import httpx
import pytest

from poststack import AsyncPostStack, PostStack, PostStackError, RetryPolicy
from poststack.testing import AsyncMockTransport, MockTransport, json_response
from poststack.types import SendEmailParams
from poststack_transports import AsyncHttpxTransport, HttpxTransport

KEY = "sk_test_client_secret_42"
PAYLOAD: SendEmailParams = {
    "from": "a@acme.example",
    "to": ["b@example.com"],
    "subject": "s",
    "html": "h",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    monkeypatch.delenv("POSTSTACK_BASE_URL", raising=False)


def test_official_constructor_positions() -> None:
    ps = PostStack(KEY, "https://eu.example.com/api/", 12.5, 1, transport=MockTransport())
    assert (ps.base_url, ps.timeout, ps.max_retries) == ("https://eu.example.com/api", 12.5, 1)


def test_key_and_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", KEY)
    monkeypatch.setenv("POSTSTACK_BASE_URL", "http://127.0.0.1:9999")
    transport = MockTransport()
    ps = PostStack(transport=transport)
    ps.emails.send(PAYLOAD)
    (call,) = transport.calls
    assert call.request.url == "http://127.0.0.1:9999/emails"
    assert call.request.header("authorization") == f"Bearer {KEY}"


def test_explicit_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_from_env")
    transport = MockTransport()
    PostStack(api_key=KEY, transport=transport).emails.get("em_1")
    assert transport.calls[0].request.header("authorization") == f"Bearer {KEY}"


def test_no_key_anywhere_names_both_ways_to_give_one() -> None:
    with pytest.raises(ValueError, match=r"pass api_key=.*POSTSTACK_API_KEY"):
        PostStack()
    with pytest.raises(ValueError, match="POSTSTACK_API_KEY"):
        AsyncPostStack()


def test_plain_http_to_a_remote_host_is_refused_unless_allowed() -> None:
    with pytest.raises(ValueError, match="allow_insecure_http=True"):
        PostStack(api_key=KEY, base_url="http://mail.example.com", transport=MockTransport())
    ps = PostStack(
        api_key=KEY,
        base_url="http://mail.example.com",
        allow_insecure_http=True,
        transport=MockTransport(),
    )
    assert ps.base_url == "http://mail.example.com"


def test_repr_and_errors_never_show_the_key() -> None:
    transport = MockTransport()
    transport.queue(json_response(401, {"error": "Invalid API key", "code": "unauthorized"}))
    ps = PostStack(api_key=KEY, transport=transport)
    assert KEY not in repr(ps)
    assert repr(ps) == "PostStack(base_url='https://api.poststack.dev', transport=MockTransport)"
    with pytest.raises(PostStackError) as caught:
        ps.emails.send(PAYLOAD)
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value)


def test_with_options_shares_the_pool_and_never_closes_it() -> None:
    transport = MockTransport()
    ps = PostStack(api_key=KEY, transport="httpx")
    quick = ps.with_options(timeout=2, max_retries=0)
    assert quick.transport is ps.transport
    assert (quick.timeout, quick.max_retries, ps.timeout, ps.max_retries) == (2.0, 0, 30.0, 3)
    # The httpx pool, made on first use (a private attribute of our own transport).
    pool = cast("httpx.Client", getattr(ps.transport, "_clients").get().client)  # noqa: B009

    def closed() -> bool:  # read afresh each time (no narrowing across the close calls)
        return pool.is_closed

    quick.close()
    assert not closed()
    ps.close()
    assert closed()
    mocked = PostStack(api_key=KEY, transport=transport).with_options(base_url="https://b.example")
    mocked.emails.get("em_1")
    assert transport.calls[0].request.url == "https://b.example/emails/em_1"


def test_with_options_can_change_the_retry_timings_only() -> None:
    transport = MockTransport()
    transport.queue(json_response(503, {}), json_response(503, {}), json_response(503, {}))
    ps = PostStack(api_key=KEY, transport=transport, max_retries=2)
    quick = ps.with_options(retry_policy=RetryPolicy(max_retries=9, backoff_base=0.0))
    assert quick.max_retries == 2
    with pytest.raises(PostStackError):
        quick.emails.get("em_1")
    assert len(transport.calls) == 3  # max_retries=2 still decides the count


def test_with_options_validates() -> None:
    ps = PostStack(api_key=KEY, transport=MockTransport())
    with pytest.raises(ValueError, match="timeout"):
        ps.with_options(timeout=-1)


@pytest.mark.parametrize(
    ("max_retries", "kind", "message"),
    [
        (-1, ValueError, "max_retries must be 0 or more"),
        (2.0, TypeError, "max_retries must be an int"),
        (None, TypeError, "max_retries must be an int"),
        (True, TypeError, "max_retries must be an int"),
    ],
)
def test_bad_max_retries_is_refused_by_the_constructor_and_with_options(
    max_retries: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        PostStack(api_key=KEY, transport=MockTransport(), max_retries=max_retries)  # type: ignore[arg-type]  # the wrong type is the test
    ps = PostStack(api_key=KEY, transport=MockTransport())
    with pytest.raises(kind, match=message):
        ps.with_options(max_retries=max_retries)  # type: ignore[arg-type]  # the wrong type is the test
    assert ps.max_retries == 3


def test_max_retries_has_one_home_the_retry_policy() -> None:
    ps = PostStack(api_key=KEY, transport=MockTransport(), max_retries=5)
    assert ps._config.policy.max_retries == 5
    assert not hasattr(ps._config.options, "max_retries")
    assert ps.with_options(max_retries=1)._config.policy.max_retries == 1
    assert ps.with_options(timeout=3)._config.policy.max_retries == 5


def test_per_call_options_reach_the_request() -> None:
    transport = MockTransport()
    transport.queue(json_response(503, {}), json_response(503, {}))
    ps = PostStack(api_key=KEY, transport=transport, retry_policy=RetryPolicy(backoff_base=0))
    with pytest.raises(PostStackError):
        ps.emails.send(PAYLOAD, timeout=1.5, max_retries=1, idempotency_key="order-7")
    assert [c.request.timeout for c in transport.calls] == [1.5, 1.5]
    assert [c.idempotency_key for c in transport.calls] == ["order-7", "order-7"]


def test_a_transport_passed_in_is_not_closed_and_a_named_one_is() -> None:
    own = HttpxTransport()
    with PostStack(api_key=KEY, transport=own):
        pool = own._clients.get().client  # type: ignore[union-attr]  # made on first use
    assert not pool.is_closed
    own.close()
    with PostStack(api_key=KEY) as ps:
        assert isinstance(ps.transport, HttpxTransport)
        pool = ps.transport._clients.get().client  # type: ignore[union-attr]
    assert pool.is_closed


@pytest.mark.parametrize(
    ("name", "message"),
    [("aiohttp", "aiohttp is async-only"), ("curl", "unknown sync transport 'curl'")],
)
def test_unknown_or_wrong_kind_of_transport_name(name: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PostStack(api_key=KEY, transport=name)


def test_not_a_transport() -> None:
    with pytest.raises(TypeError, match="transport must be a name or an object with send"):
        PostStack(api_key=KEY, transport=42)  # type: ignore[arg-type]


def test_a_missing_optional_library_names_the_extra() -> None:
    probe = textwrap.dedent(
        """
        import sys
        sys.modules["requests"] = None
        from poststack import PostStack
        try:
            PostStack(api_key="sk_test_x", transport="requests")
        except ImportError as exc:
            print(exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert "pip install 'poststack[requests]'" in done.stdout


@pytest.mark.anyio
async def test_async_client_mirrors_the_sync_one() -> None:
    transport = AsyncMockTransport()
    async with AsyncPostStack(api_key=KEY, transport=transport) as ps:
        assert (await ps.emails.send(PAYLOAD))["id"] == "em_test_1"
        quick = ps.with_options(timeout=3)
        await quick.emails.get("em_test_1")
    assert [c.operation for c in transport.calls] == ["emails.send", "emails.get"]
    assert transport.calls[1].request.timeout == 3.0
    assert not transport.closed


@pytest.mark.anyio
async def test_async_default_transport_is_httpx() -> None:
    async with AsyncPostStack(api_key=KEY) as ps:
        assert isinstance(ps.transport, AsyncHttpxTransport)


def test_generated_idempotency_keys_are_random_uuid4s() -> None:
    import uuid

    transport = MockTransport()
    ps = PostStack(api_key=KEY, transport=transport)
    for _ in range(200):
        ps.emails.send(PAYLOAD)
    keys = [call.idempotency_key for call in transport.calls]
    assert len(set(keys)) == 200
    for key in keys:
        assert key is not None
        parsed = uuid.UUID(key)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, key)


def test_layers_and_resources_are_imported_only_when_used() -> None:
    probe = textwrap.dedent(
        """
        import sys
        from poststack import PostStack
        loaded = lambda prefix: sorted(m for m in sys.modules if m.startswith(prefix))
        assert loaded("poststack._async") == [], loaded("poststack._async")
        assert loaded("poststack._sync.") == [
                "poststack._sync._client",
                "poststack._sync._resource",  # the call object, which holds no resource
            ], loaded("poststack._sync.")
        assert "httpx" not in sys.modules
        ps = PostStack(api_key="sk_test_x", transport="h11")
        emails = ps.emails
        assert ps.emails is emails
        assert "poststack._sync.emails" in sys.modules
        assert "poststack._sync.domains" not in sys.modules
        assert type(ps.domains).__name__ == "Domains"
        print("lazy")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "lazy"


# A tiny HTTP server in its own process, so only the client's sockets are counted here.
_SERVER = textwrap.dedent(
    """
    import http.server, sys

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = b'{"email": {}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """
)


def _open_sockets() -> int:
    fds = Path("/proc/self/fd")
    count = 0
    for fd in fds.iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:  # closed while listing
            continue
    return count


@pytest.fixture
def local_server() -> Iterator[str]:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("counting open sockets needs /proc/self/fd")
    server = subprocess.Popen([sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{int(server.stdout.readline())}"
    finally:
        server.kill()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("no_cyclic_gc")
@pytest.mark.parametrize("transport", ["httpx", "h11", "requests"])
def test_a_dropped_client_frees_its_connections_at_once(local_server: str, transport: str) -> None:
    before = _open_sockets()
    for _ in range(20):
        ps = PostStack(api_key=KEY, base_url=local_server, transport=transport)
        ps.emails.get("em_1")
        assert _open_sockets() > before  # the connection is pooled while the client lives
        del ps
        assert _open_sockets() == before


@pytest.mark.usefixtures("no_cyclic_gc")
def test_a_resource_keeps_its_dropped_clients_connections_usable(local_server: str) -> None:
    before = _open_sockets()
    emails = PostStack(api_key=KEY, base_url=local_server).emails
    copy = PostStack(api_key=KEY, base_url=local_server).with_options(timeout=5)
    assert dict(emails.get("em_1")) == {"email": {}}
    assert dict(copy.emails.get("em_1")) == {"email": {}}
    del emails, copy
    assert _open_sockets() == before


@pytest.mark.usefixtures("no_cyclic_gc")
def test_fifty_tasks_each_dropping_an_async_client_leave_no_socket(local_server: str) -> None:
    import asyncio

    async def one() -> None:
        ps = AsyncPostStack(api_key=KEY, base_url=local_server)
        await ps.emails.get("em_1")

    async def main() -> tuple[int, int]:
        # Counted inside the loop: the loop's own wake-up socket pair is not the clients'.
        before = _open_sockets()
        await asyncio.gather(*(one() for _ in range(50)))
        # Each dropped pool is closed by this loop (its close is scheduled, not awaited
        # by anyone): give the loop a bounded moment to run those closes.
        for _ in range(200):
            if _open_sockets() <= before:
                break
            await asyncio.sleep(0.01)
        return _open_sockets(), before

    after, before = asyncio.run(main())
    assert after <= before
