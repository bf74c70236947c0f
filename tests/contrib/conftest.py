from __future__ import annotations

from collections.abc import Iterator

import pytest

from poststack_sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com", "yourdomain.com", "acme.example"]) as sb:
        yield sb


@pytest.fixture
def sb(sandbox: Sandbox) -> Sandbox:
    sandbox.reset()
    return sandbox
