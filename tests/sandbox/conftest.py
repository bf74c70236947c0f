"""Fixtures for the sandbox suite: a fresh in-process sandbox per test, an httpx client already
authenticated against it, and a webhook receiver that records exactly the bytes it was sent.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from poststack_sandbox import Sandbox

# Sending domains pre-registered (verified) in every sandbox of this suite: the one the message
# builder sends from, and the ones the project's docs and other suites send from.
DOMAINS = ["acme.test", "other.test", "example.com", "yourdomain.com"]


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
def msg() -> Any:
    """The :func:`message` builder, as a fixture (test modules here are not importable)."""
    return message


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    # Instant delivery: most tests here read the final status right after a send; the
    # asynchronous default is tested on its own in test_sandbox_rules.py.
    with Sandbox(domains=DOMAINS, delivery_delay=0) as sb:
        yield sb


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


# A real browser for the inbox tests: Debian's Chromium driven by Playwright (never a browser
# Playwright downloads). One browser for the whole session; each test gets its own page.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: .ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    if not os.path.exists(CHROMIUM):
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(5000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
