"""The pytest plugin of `poststack.testing` (entry point ``pytest11``: ``poststack``).

It only declares fixtures; none runs unless a test asks for it, and this module imports
nothing but pytest, so installing poststack costs a test run nothing. Fixtures:

* ``poststack_outbox``: an `poststack.testing.Outbox` recording every send of every client
  made during the test without ``transport=`` (``POSTSTACK_API_KEY`` is set to a test key if
  the environment has none).
* ``poststack_mock``: a fresh `poststack.testing.MockTransport`; ``poststack_mock_client``: a
  `poststack.PostStack` on it.
* ``poststack_sandbox``: one live `poststack_sandbox.Sandbox` for the whole session (needs
  the ``sandbox`` extra), made with the keyword arguments ``poststack_sandbox_options``
  returns (override that fixture to change them); ``poststack_sandbox_env``: that sandbox,
  reset, with ``POSTSTACK_API_KEY``/``POSTSTACK_BASE_URL`` pointing at it for the test;
  ``poststack_client``: a factory of `poststack.PostStack` clients bound to it, closed after
  the test.
"""

# Imports live inside the fixtures: this module is loaded by every pytest run of every
# project that has poststack installed, and must cost nothing there.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from poststack import PostStack
    from poststack_sandbox import Sandbox

    from . import MockTransport, Outbox

__all__ = [
    "poststack_client",
    "poststack_mock",
    "poststack_mock_client",
    "poststack_outbox",
    "poststack_sandbox",
    "poststack_sandbox_env",
    "poststack_sandbox_options",
]

_TEST_KEY = "sk_test_poststack_outbox"


@pytest.fixture
def poststack_outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Outbox]:
    """Every send of every client the code under test makes, recorded and not sent."""
    from . import capture_sends

    if not os.environ.get("POSTSTACK_API_KEY"):
        monkeypatch.setenv("POSTSTACK_API_KEY", _TEST_KEY)
    with capture_sends() as outbox:
        yield outbox


@pytest.fixture
def poststack_mock() -> MockTransport:
    """A `MockTransport`: API-shaped default answers, ``queue()`` to script others."""
    from . import MockTransport

    return MockTransport()


@pytest.fixture
def poststack_mock_client(poststack_mock: MockTransport) -> Iterator[PostStack]:
    """A `PostStack` client on ``poststack_mock``."""
    from poststack import PostStack

    with PostStack(api_key="sk_test_mock", transport=poststack_mock) as client:
        yield client


@pytest.fixture(scope="session")
def poststack_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for the session's `Sandbox`; override it in your conftest.py
    (e.g. to return ``{"domains": ["yourdomain.com"], "delivery_delay": 0}``).

    The sandbox refuses sends from a domain it does not know, as the API does; by default it
    knows ``example.com`` (the documentation's placeholder domain), verified.
    """
    return {"domains": ["example.com"]}


@pytest.fixture(scope="session")
def poststack_sandbox(poststack_sandbox_options: dict[str, Any]) -> Iterator[Sandbox]:
    """A live local PostStack API (`poststack_sandbox.Sandbox`) shared by the session."""
    try:
        from poststack_sandbox import Sandbox
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        pytest.fail(
            "the poststack_sandbox fixture needs the sandbox extra: "
            f"pip install 'poststack[sandbox]' ({exc})"
        )
    with Sandbox(**poststack_sandbox_options) as sandbox:
        yield sandbox


@pytest.fixture
def poststack_sandbox_env(poststack_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The session's sandbox, reset, with the environment pointing clients at it."""
    poststack_sandbox.reset()
    monkeypatch.setenv("POSTSTACK_API_KEY", poststack_sandbox.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", poststack_sandbox.url)
    return poststack_sandbox


@pytest.fixture
def poststack_client(poststack_sandbox: Sandbox) -> Iterator[Callable[..., PostStack]]:
    """``make(**options) -> PostStack`` bound to the session's sandbox; each client made is
    closed after the test."""
    from poststack import PostStack

    made: list[PostStack] = []

    def make(**options: Any) -> PostStack:
        options.setdefault("api_key", poststack_sandbox.api_key)
        options.setdefault("base_url", poststack_sandbox.url)
        client = PostStack(**options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
