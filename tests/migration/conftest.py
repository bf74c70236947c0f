"""Fixtures for the migration tests: code written for the official ``poststack`` 0.9.0,
run against this package (and, where it talks to an API, against a live sandbox)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from poststack_sandbox import Sandbox


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com"]) as sandbox:
        yield sandbox
