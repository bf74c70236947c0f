"""How to test code that sends with PostStack, using the poststack pytest plugin.

Run: ``pytest examples/pytest_suite`` (poststack's plugin is registered when poststack is
installed; these fixtures need nothing else, the sandbox ones need poststack[sandbox]).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shop

from poststack import PostStack, PostStackError
from poststack.testing import MockTransport, Outbox, json_response
from poststack_sandbox import Sandbox


def test_outbox_records_what_the_app_sends(poststack_outbox: Outbox) -> None:
    # shop.send_welcome makes its own client: nothing to patch, nothing leaves the process.
    email_id = shop.send_welcome("ada@example.com")
    (sent,) = poststack_outbox.assert_sent(to="ada@example.com", subject="Welcome to the shop")
    assert sent.id == email_id
    assert sent["tags"] == ["welcome"]


def test_outbox_scripts_a_failure(poststack_outbox: Outbox) -> None:
    poststack_outbox.queue(
        json_response(422, {"error": "Domain not verified", "code": "unprocessable_entity"})
    )
    with pytest.raises(PostStackError, match="Domain not verified"):
        shop.send_welcome("ada@example.com")


def test_mock_client(poststack_mock_client: PostStack, poststack_mock: MockTransport) -> None:
    sent = poststack_mock_client.emails.send(
        {"from": "sender@example.com", "to": ["a@example.com"], "subject": "s", "text": "t"}
    )
    assert shop.order_status(poststack_mock_client, sent["id"]) == "queued"
    assert [c.operation for c in poststack_mock.calls] == ["emails.send", "emails.get"]


def test_against_the_live_sandbox(poststack_sandbox_env: Sandbox) -> None:
    # The environment points at the session's sandbox: the app's own client goes there.
    email_id = shop.send_welcome("ada@example.com")
    (stored,) = poststack_sandbox_env.emails()
    assert stored["publicId"] == email_id
    assert stored["status"] == "delivered"


def test_client_factory(
    poststack_client: Callable[..., PostStack], poststack_sandbox: Sandbox
) -> None:
    ps = poststack_client(timeout=5)
    assert ps.base_url == poststack_sandbox.url
    # The conftest's options registered the shop's sending domain, verified.
    domains = ps.domains.list()["domains"]
    assert [(d["name"], d["status"]) for d in domains] == [("example.com", "verified")]


def test_the_sandbox_is_made_with_the_conftests_options(poststack_sandbox: Sandbox) -> None:
    assert poststack_sandbox.configure().monthly_quota == 10_000
