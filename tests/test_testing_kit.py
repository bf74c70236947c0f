from __future__ import annotations

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError, RetryPolicy
from poststack.testing import AsyncMockTransport, MockTransport, json_response
from poststack.types import SendEmailParams
from poststack_proto import ConnectError

PAYLOAD: SendEmailParams = {
    "from": "a@acme.example",
    "to": ["ada@example.com"],
    "subject": "Hi",
    "html": "<p>Hi</p>",
}


def test_records_sends_and_answers_like_the_api() -> None:
    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", transport=transport)
    assert ps.emails.send(PAYLOAD) == {"id": "em_test_1"}
    assert ps.emails.send(PAYLOAD) == {"id": "em_test_2"}
    assert transport.payloads("emails.send") == [PAYLOAD, PAYLOAD]
    first, second = transport.calls
    assert (first.operation, first.path, first.query) == ("emails.send", "/emails", {})
    assert first.idempotency_key != second.idempotency_key


def test_routes_calls_to_their_operation_and_query() -> None:
    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", transport=transport)
    ps.emails.list({"status": "bounced", "page": 2})
    ps.emails.cancel("em_9")
    assert [(c.operation, c.path, c.query) for c in transport.calls] == [
        ("emails.list", "/emails", {"status": "bounced", "page": "2"}),
        ("emails.cancel", "/emails/em_9/cancel", {}),
    ]


def test_scripted_errors_reach_the_caller_after_retries() -> None:
    transport = MockTransport()
    transport.queue(json_response(503, {"error": "down"}), ConnectError("refused"))
    transport.queue(
        json_response(422, {"error": "Domain not verified", "code": "unprocessable_entity"})
    )
    no_wait = RetryPolicy(backoff_base=0.0)
    ps = PostStack(api_key="sk_test_x", transport=transport, max_retries=3, retry_policy=no_wait)
    with pytest.raises(PostStackError) as caught:
        ps.emails.send(PAYLOAD)
    assert (caught.value.status_code, caught.value.code) == (422, "unprocessable_entity")
    assert len(transport.calls) == 3
    assert len({c.idempotency_key for c in transport.calls}) == 1


def test_the_client_does_not_close_a_transport_it_was_given() -> None:
    transport = MockTransport()
    with PostStack(api_key="sk_test_x", transport=transport):
        pass
    assert not transport.closed


@pytest.mark.anyio
async def test_async_twin() -> None:
    transport = AsyncMockTransport()
    async with AsyncPostStack(api_key="sk_test_x", transport=transport) as ps:
        result = await ps.emails.batch({"emails": [PAYLOAD, PAYLOAD]})
    assert result == {"data": [{"id": "em_test_1"}, {"id": "em_test_2"}]}
    assert transport.payloads("emails.batch") == [{"emails": [PAYLOAD, PAYLOAD]}]
