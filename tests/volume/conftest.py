"""Fixtures of the volume tests: one sandbox per module, reset before each test."""

from __future__ import annotations

import inspect
import itertools
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from poststack.types import SendEmailParams
from poststack_sandbox import Sandbox

SENDER = "sender@example.com"


def message(i: int) -> SendEmailParams:
    """A valid send payload whose subject names its position."""
    return {
        "from": SENDER,
        "to": [f"user{i}@example.com"],
        "subject": f"message {i}",
        "text": f"hello {i}",
    }


def subjects_stored(sandbox: Sandbox) -> list[str]:
    return [email["subject"] for email in sandbox.emails()]


def make_sandbox() -> Sandbox:
    """A sandbox where ``example.com`` is a verified sending domain.

    The sandbox is gaining domain checks (``Sandbox(domains=[...])``); until that lands, a
    sandbox without the option accepts any sender.
    """
    if "domains" in inspect.signature(Sandbox).parameters:
        return Sandbox(domains=["example.com"])  # type: ignore[call-arg, unused-ignore]  # the newer sandbox
    return Sandbox()


@pytest.fixture(scope="module")
def module_sandbox() -> Iterator[Sandbox]:
    with make_sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(module_sandbox: Sandbox) -> Sandbox:
    module_sandbox.reset()
    module_sandbox.configure(rate_limit_per_second=None)
    return module_sandbox


@pytest.fixture
def anyio_backend() -> str:
    """asyncio unless a test says otherwise (aiohttp runs only on asyncio)."""
    return "asyncio"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        reason = f"{binary} is not installed (apt-get install -y redis-server)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for this test session only."""
    binary = _need("redis-server")
    workdir = tmp_path_factory.mktemp("redis")
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            process.kill()
            process.wait(timeout=10)
            continue  # the port was taken meanwhile, or the server did not come up: again
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        return
    pytest.fail("redis-server did not start")


_databases = itertools.cycle(range(1, 16))  # db 0 is left to the limiter tests


@pytest.fixture
def fresh_db(redis_url: str) -> Iterator[str]:
    """A Redis database of its own for one test, flushed before and after."""
    url = redis_url.rsplit("/", 1)[0] + f"/{next(_databases)}"
    import redis  # here, not at the top: most volume tests need no Redis client

    client: Any = redis.Redis.from_url(url)  # pyright: ignore[reportUnknownMemberType]  # redis-py leaves **kwargs untyped
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
