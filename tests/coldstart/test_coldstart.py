"""Cold start: building a client loads no HTTP stack; its first send does, and then works.

A serverless function or a CLI pays for everything ``import poststack`` and
``PostStack(api_key=...)`` load before its first request. These tests pin what that is
*not*: httpx and what it brings (httpcore, h11, anyio, certifi), ssl, and for the
blocking client asyncio; nor logging, hashlib or (from Python 3.13) typing_extensions,
which the core needs only for logs someone configured, webhook signatures and type
checkers. Each check runs in a fresh interpreter, since this test process has all of them
loaded. The time itself is the benchmark's to measure (``benchmarks/run.py``), never a test's.

Then the first send must do what the constructor no longer does (import httpx, make the
pool and its TLS context) without losing anything the transports guarantee: the answer,
errors mapped to `PostStackError`, a pool per process across ``fork()`` and per event loop,
``close()``, finalisers of dropped clients, and a caller's own ``httpx`` client.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any, cast

import httpx
import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack.types import SendEmailParams
from poststack_proto import ConnectError
from poststack_sandbox import Sandbox
from poststack_transports import AsyncHttpxTransport, HttpxTransport

KEY = "sk_test_coldstart"

#: What building any client must not load.
HTTP_STACK = ("httpx", "httpcore", "h11", "anyio", "certifi", "ssl")
#: What the core loads only for whoever uses it (typing has TypeVar defaults from 3.13).
CORE_EXTRAS = ("logging", "hashlib", "hmac") + (
    ("typing_extensions",) if sys.version_info >= (3, 13) else ()
)

#: Runs in a fresh interpreter: executes argv[1] (which may use URL, KEY and ``loaded()``)
#: and prints, as JSON, what it put in ``out``.
PROBE = textwrap.dedent(
    """
    import json, sys
    URL, KEY = sys.argv[2], sys.argv[3]
    BEFORE = set(sys.modules)
    WATCHED = json.loads(sys.argv[4])

    def loaded():
        # what the code under test loaded (not what the interpreter's start-up did)
        return sorted(name for name in WATCHED if name in sys.modules and name not in BEFORE)

    out = {}
    exec(sys.argv[1])
    print(json.dumps(out))
    """
)


def run_fresh(code: str, sandbox: Sandbox | None = None) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter (see `PROBE`); what it put in ``out``."""
    watched = [*HTTP_STACK, "asyncio", *CORE_EXTRAS]
    url = sandbox.url if sandbox is not None else "http://127.0.0.1:9"
    key = sandbox.api_key if sandbox is not None else KEY
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-B",
            "-c",
            PROBE,
            textwrap.dedent(code),
            url,
            key,
            json.dumps(watched),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com"]) as sb:
        yield sb


def payload(subject: str) -> SendEmailParams:
    return {
        "from": "hello@example.com",
        "to": ["user@example.com"],
        "subject": subject,
        "html": "<p>cold start</p>",
    }


def sent_subjects(sandbox: Sandbox) -> list[str]:
    return [str(email.get("subject")) for email in sandbox.emails()]


def is_closed(client: httpx.Client) -> bool:
    # read through a call, so that a type checker does not keep an earlier assert's answer
    return client.is_closed


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- building a client loads nothing of the HTTP stack -------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        "poststack.PostStack(api_key=KEY)",
        "poststack.PostStack(api_key=KEY, transport='httpx')",
        "poststack.PostStack(api_key=KEY).with_options(timeout=5)",
        "poststack.PostStack(api_key=KEY, transport=HttpxTransport(max_connections=4))",
    ],
)
def test_building_a_blocking_client_loads_no_http_stack_nor_asyncio(build: str) -> None:
    out = run_fresh(
        f"""
        import poststack
        from poststack_transports import HttpxTransport
        client = {build}
        out["loaded"] = loaded()
        """
    )
    assert out["loaded"] == []


@pytest.mark.parametrize(
    "build",
    [
        "poststack.AsyncPostStack(api_key=KEY)",
        "poststack.AsyncPostStack(api_key=KEY, transport='httpx')",
        "poststack.AsyncPostStack(api_key=KEY, transport=AsyncHttpxTransport(verify=False))",
    ],
)
def test_building_an_async_client_loads_no_http_stack(build: str) -> None:
    out = run_fresh(
        f"""
        import poststack
        from poststack_transports import AsyncHttpxTransport
        client = {build}
        out["loaded"] = loaded()
        """
    )
    assert not set(out["loaded"]) & {*HTTP_STACK, *CORE_EXTRAS}


def test_closing_or_dropping_a_client_that_never_sent_loads_nothing_either() -> None:
    out = run_fresh(
        """
        import gc, poststack
        with poststack.PostStack(api_key=KEY):
            pass
        dropped = poststack.PostStack(api_key=KEY)
        del dropped  # its finaliser closes its transport, which has no pool to close
        gc.collect()
        out["loaded"] = loaded()
        """
    )
    assert out["loaded"] == []


def test_bad_transport_options_still_fail_when_the_client_is_built() -> None:
    out = run_fresh(
        """
        import poststack
        from poststack_transports import HttpxTransport
        errors = []
        for options in ({"verify": 42}, {"max_response_bytes": 0}):
            try:
                HttpxTransport(**options)
            except (TypeError, ValueError) as exc:
                errors.append(type(exc).__name__)
        out["errors"] = errors
        out["loaded"] = loaded()
        """
    )
    assert out["errors"] == ["TypeError", "ValueError"]
    # telling whether 42 is an ssl.SSLContext may load ssl; nothing more
    assert set(out["loaded"]) <= {"ssl"}


# --- the first send loads it and works --------------------------------------------------------


def test_first_send_of_a_blocking_client_loads_httpx_and_is_answered(sandbox: Sandbox) -> None:
    out = run_fresh(
        """
        import poststack
        ps = poststack.PostStack(api_key=KEY, base_url=URL)
        out["built"] = loaded()
        mail = {"from": "hello@example.com", "to": ["user@example.com"], "html": "<p>x</p>"}
        out["ids"] = [ps.emails.send({**mail, "subject": f"cold sync {n}"})["id"] for n in (1, 2)]
        out["sent"] = loaded()
        ps.close()
        """,
        sandbox,
    )
    assert out["built"] == []
    assert {"httpx", "httpcore"} <= set(out["sent"])
    assert len(set(out["ids"])) == 2
    assert {"cold sync 1", "cold sync 2"} <= set(sent_subjects(sandbox))


@pytest.mark.parametrize("transport", ["httpx", "h11", "requests"])
def test_first_send_of_a_blocking_client_loads_no_asyncio(transport: str, sandbox: Sandbox) -> None:
    """A blocking send uses no event loop, so its first send does not pay for asyncio's
    import (about 30 ms, more than the rest of the client's cold start); nor, from Python
    3.13, for typing_extensions' (10 to 30 ms)."""
    out = run_fresh(
        f"""
        import poststack
        ps = poststack.PostStack(api_key=KEY, base_url=URL, transport={transport!r})
        mail = {{"from": "hello@example.com", "to": ["user@example.com"], "html": "<p>x</p>"}}
        out["id"] = ps.emails.send({{**mail, "subject": "cold sync {transport}"}})["id"]
        out["sent"] = loaded()
        ps.close()
        """,
        sandbox,
    )
    assert str(out["id"]).startswith("em_")
    assert "asyncio" not in out["sent"]
    if sys.version_info >= (3, 13):  # before, the core's TypeVar default needs it at import
        # nor typing_extensions: the payload types and the unknown-field check take typing's
        assert "typing_extensions" not in out["sent"]
    assert f"cold sync {transport}" in sent_subjects(sandbox)


def test_first_send_of_an_async_client_works_on_each_event_loop(sandbox: Sandbox) -> None:
    out = run_fresh(
        """
        import poststack
        ps = poststack.AsyncPostStack(api_key=KEY, base_url=URL)
        out["built"] = loaded()
        import asyncio  # loads ssl and logging itself
        mail = {"from": "hello@example.com", "to": ["user@example.com"], "html": "<p>x</p>"}

        async def send(subject):
            return (await ps.emails.send({**mail, "subject": subject}))["id"]

        # one asyncio.run() per call, as a Celery task does: a pool per loop, each closed
        # by its own loop as it ends
        out["ids"] = [asyncio.run(send(f"cold async {n}")) for n in (1, 2)]
        asyncio.run(ps.aclose())
        """,
        sandbox,
    )
    assert not set(out["built"]) & set(HTTP_STACK)
    assert len(set(out["ids"])) == 2
    assert {"cold async 1", "cold async 2"} <= set(sent_subjects(sandbox))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX only")
def test_a_client_built_before_fork_sends_from_parent_and_child(sandbox: Sandbox) -> None:
    # Both orders: forked before its first send (the child loads httpx and makes the first
    # pool), and after it (the child must make its own pool, never use the parent's).
    out = run_fresh(
        """
        import os, poststack
        mail = {"from": "hello@example.com", "to": ["user@example.com"], "html": "<p>x</p>"}
        results = []
        for case in ("fork before first send", "fork after first send"):
            ps = poststack.PostStack(api_key=KEY, base_url=URL, max_retries=0)
            if case == "fork after first send":
                ps.emails.send({**mail, "subject": f"{case}: parent before"})
            pid = os.fork()
            if pid == 0:
                try:
                    ps.emails.send({**mail, "subject": f"{case}: child"})
                except BaseException:
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            ps.emails.send({**mail, "subject": f"{case}: parent"})
            results.append(os.waitstatus_to_exitcode(status))
            ps.close()
        out["children"] = results
        """,
        sandbox,
    )
    assert out["children"] == [0, 0]
    assert {
        "fork before first send: child",
        "fork before first send: parent",
        "fork after first send: parent before",
        "fork after first send: child",
        "fork after first send: parent",
    } <= set(sent_subjects(sandbox))


def test_a_first_send_that_cannot_connect_is_a_connection_error() -> None:
    out = run_fresh(
        f"""
        import asyncio, poststack
        url = "http://127.0.0.1:{closed_port()}"
        mail = {{"from": "hello@example.com", "to": ["user@example.com"], "subject": "x"}}
        caught = []
        try:
            poststack.PostStack(api_key=KEY, base_url=url, max_retries=0).emails.send(mail)
        except poststack.PostStackError as exc:
            caught.append([exc.status_code, exc.code, type(exc.__cause__).__name__])

        async def send():
            client = poststack.AsyncPostStack(api_key=KEY, base_url=url, max_retries=0)
            try:
                await client.emails.send(mail)
            except poststack.PostStackError as exc:
                caught.append([exc.status_code, exc.code, type(exc.__cause__).__name__])

        asyncio.run(send())
        out["caught"] = caught
        """
    )
    expected = [0, "connection_error", "ConnectError"]
    assert out["caught"] == [expected, expected]


# --- what the transports guarantee, now that their sender is made by the first send ---------


def test_connection_refused_is_mapped_by_both_lazily_started_transports() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with (
        PostStack(api_key=KEY, base_url=url, max_retries=0) as ps,
        pytest.raises(PostStackError) as sync_error,
    ):
        ps.emails.send(payload("refused"))

    async def send() -> None:
        async with AsyncPostStack(api_key=KEY, base_url=url, max_retries=0) as aps:
            await aps.emails.send(payload("refused"))

    with pytest.raises(PostStackError) as async_error:
        asyncio.run(send())
    for error in (sync_error.value, async_error.value):
        assert (error.status_code, error.code) == (0, "connection_error")
        assert isinstance(error.__cause__, ConnectError)


def test_a_callers_httpx_client_is_used_and_left_open(sandbox: Sandbox) -> None:
    hooked: list[str] = []

    def hook(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    with httpx.Client(event_hooks={"request": [hook]}) as own:
        transport = HttpxTransport(own)
        with PostStack(api_key=sandbox.api_key, base_url=sandbox.url, transport=transport) as ps:
            assert ps.emails.send(payload("their sync client"))["id"]
        assert hooked == ["/emails"]
        assert not own.is_closed  # a client passed in is the caller's to close
        assert own.get(f"{sandbox.url}/emails").status_code == 401  # and still usable
    assert "their sync client" in sent_subjects(sandbox)


def test_a_callers_httpx_async_client_is_used_and_left_open(sandbox: Sandbox) -> None:
    async def scenario() -> bool:
        async with httpx.AsyncClient() as own:
            transport = AsyncHttpxTransport(own)
            async with AsyncPostStack(
                api_key=sandbox.api_key, base_url=sandbox.url, transport=transport
            ) as aps:
                assert (await aps.emails.send(payload("their async client")))["id"]
            return own.is_closed

    assert asyncio.run(scenario()) is False
    assert "their async client" in sent_subjects(sandbox)


def test_a_dropped_client_closes_the_pool_its_first_send_made(sandbox: Sandbox) -> None:
    ps = PostStack(api_key=sandbox.api_key, base_url=sandbox.url)
    ps.emails.send(payload("dropped"))
    pools = cast("HttpxTransport", ps.transport)._clients
    assert pools is not None
    pool = pools.get().client
    assert not is_closed(pool)
    del ps, pools  # nothing refers back to a client: its finaliser runs at once
    assert is_closed(pool)


def test_close_then_send_makes_a_new_pool_which_close_closes(sandbox: Sandbox) -> None:
    transport = HttpxTransport()
    transport.close()  # before any send: nothing to close
    with PostStack(api_key=sandbox.api_key, base_url=sandbox.url, transport=transport) as ps:
        ps.emails.send(payload("after an early close"))
        pools = transport._clients
        assert pools is not None
        first = pools.get().client
        transport.close()
        assert is_closed(first)
        ps.emails.send(payload("after a close"))
        second = pools.get().client
        assert second is not first
        assert not is_closed(second)
    transport.close()
    assert is_closed(second)
    assert {"after an early close", "after a close"} <= set(sent_subjects(sandbox))
