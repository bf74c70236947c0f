"""Fixtures for the sandbox suite: a fresh in-process sandbox per test, an httpx client already
authenticated against it, and a webhook receiver that records exactly the bytes it was sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import httpx
import pytest

from poststack import PostStack
from poststack_sandbox import Sandbox
from tests.resources._shapes import checked

# Sending domains pre-registered (verified) in every sandbox of this suite: the one the message
# builder sends from, and the ones the project's docs and other suites send from.
DOMAINS = ["acme.test", "other.test", "example.com", "yourdomain.com"]


#: The `message` builder's type, as the ``msg`` fixture hands it to tests.
Message = Callable[..., dict[str, Any]]


def message(**overrides: Any) -> dict[str, Any]:
    """A valid send payload; keyword arguments replace or add fields (None removes one)."""
    payload: dict[str, Any] = {
        "from": "Acme <hello@acme.test>",
        "to": ["ada@example.com"],
        "subject": "Welcome",
        "html": "<p>Hello</p>",
        "text": "Hello",
    }
    for key, value in overrides.items():
        name = "from" if key == "from_" else key
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return payload


@pytest.fixture
def msg() -> Message:
    """The :func:`message` builder, as a fixture."""
    return message


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    # Instant delivery: most tests here read the final status right after a send; the
    # asynchronous default is tested on its own in test_sandbox_rules.py.
    with Sandbox(domains=DOMAINS, delivery_delay=0) as sb:
        yield sb


class _Checked:
    """A resource whose every answer must fit the SDK's declared return type (recursively):
    the sandbox's shapes are held to the types the resource layer publishes."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return _Checked(value)

        def call(*args: Any, **kwargs: Any) -> Any:
            return checked(value, *args, **kwargs)

        return call


@pytest.fixture
def ps(sandbox: Sandbox) -> Iterator[PostStack]:
    """The SDK's client on the sandbox, every answer shape-checked.

    `_Checked` forwards every attribute and call to the client it wraps, unchanged, so the
    tests (and the type checkers) use it as that `PostStack`: their calls are checked
    against the SDK's signatures and their reads against its answer types.
    """
    with PostStack(api_key=sandbox.api_key, base_url=sandbox.url, max_retries=0) as client:
        yield cast("PostStack", _Checked(client))


@pytest.fixture
def bare_sandbox() -> Iterator[Sandbox]:
    """A sandbox with no pre-registered domain (domain tests count and number their own)."""
    with Sandbox(delivery_delay=0) as sb:
        yield sb


@pytest.fixture
def bare_client(bare_sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=bare_sandbox.url,
        headers={"Authorization": f"Bearer {bare_sandbox.api_key}"},
        timeout=10,
    ) as c:
        yield c


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sandbox.url,
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
        timeout=10,
    ) as c:
        yield c


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook endpoint: records every POST; answers ``status`` after ``delay`` seconds."""

    url: str
    received: list[Received] = field(default_factory=list[Received])
    status: int = 200
    delay: float = 0.0
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        with self.arrived:
            ok = self.arrived.wait_for(lambda: len(self.received) >= count, timeout)
        assert ok, f"expected {count} webhook deliveries, got {len(self.received)}"
        return list(self.received)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if state.delay:
                release.wait(state.delay)
            with state.arrived:
                state.received.append(Received(self.path, dict(self.headers.items()), body))
                state.arrived.notify_all()
            self.send_response(state.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    try:
        yield state
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
