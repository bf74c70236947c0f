"""Fixtures of the volume tests: one sandbox per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

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


@pytest.fixture(scope="module")
def module_sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
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
