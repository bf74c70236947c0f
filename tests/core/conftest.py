"""Helpers for the pure core tests: JSON answers, fixed randomness, fixed clocks.

Scripted transports come from the public kit (`poststack.testing.MockTransport` with
``strict=True``), which imports only the core and the standard library."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable

import pytest

from poststack_proto import CallConfig, ClientOptions, Response

API_KEY = "sk_test_core_secret_123"


def response(status: int = 200, body: object = None, **headers: str) -> Response:
    """A response with a JSON body (or raw bytes) and headers given as keyword args."""
    raw = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode())
    pairs = tuple((name.replace("_", "-"), value) for name, value in headers.items())
    return Response(status, pairs, raw)


def counter_keys() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"key-{next(numbers)}"


@pytest.fixture
def options() -> ClientOptions:
    return ClientOptions(api_key=API_KEY)


@pytest.fixture
def config(options: ClientOptions) -> CallConfig:
    return CallConfig(
        options, random=lambda: 0.5, new_idempotency_key=counter_keys(), now=lambda: 1_000_000.0
    )


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """The async driver must not care which event loop runs it."""
    return str(request.param)
