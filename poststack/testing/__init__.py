"""Helpers for testing code that uses PostStack: offline mocks, an outbox, a pytest plugin.

::

    from poststack import PostStack
    from poststack.testing import MockTransport

    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", transport=transport)
    signup_user(ps, "ada@example.com")          # your code
    assert transport.payloads("emails.send")[0]["to"] == ["ada@example.com"]

By default every request gets an answer shaped like the API's: sends are accepted
(``202 {"id": "em_test_1"}``, then ``em_test_2``...), an email sent through the mock can be
read back with ``emails.get``/``emails.list``, other reads answer their endpoint's (empty)
envelope, actions ``{"success": true}``. `MockTransport.queue` scripts other answers (errors
and network failures included) in order; retries wait in ``sleep``, which returns at once.

`capture_sends` (and the ``poststack_outbox`` pytest fixture) records every send of every
client the application makes itself, without touching its code. The pytest fixtures
(registered through the ``pytest11`` entry point; each does nothing unless a test asks for
it) are ``poststack_outbox``, ``poststack_mock``, ``poststack_mock_client``,
``poststack_sandbox`` (one live `poststack_sandbox.Sandbox` per session),
``poststack_sandbox_env`` and ``poststack_client``. See docs/testing.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from poststack_proto import lazy_exports

if TYPE_CHECKING:
    from ._answers import DefaultAnswers, json_response
    from ._mock import Answer, AsyncMockTransport, MockTransport, RecordedCall
    from ._outbox import Outbox, SentEmail, capture_sends

__all__ = [
    "Answer",
    "AsyncMockTransport",
    "DefaultAnswers",
    "MockTransport",
    "Outbox",
    "RecordedCall",
    "SentEmail",
    "capture_sends",
    "json_response",
]

# Loaded on first use: the pytest plugin lives in this package, and pytest imports it in
# every run of every project that has poststack installed, so the package must cost nothing.
_HOMES = {
    "DefaultAnswers": "._answers",
    "json_response": "._answers",
    "Answer": "._mock",
    "AsyncMockTransport": "._mock",
    "MockTransport": "._mock",
    "RecordedCall": "._mock",
    "Outbox": "._outbox",
    "SentEmail": "._outbox",
    "capture_sends": "._outbox",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
