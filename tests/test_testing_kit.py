"""poststack.testing: the mock transports, the outbox and the pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError, RetryPolicy
from poststack.testing import (
    AsyncMockTransport,
    MockTransport,
    Outbox,
    capture_sends,
    json_response,
)
from poststack.types import SendEmailParams
from poststack_proto import (
    CallConfig,
    ClientOptions,
    ConnectError,
    Request,
    Response,
    endpoint,
    run_async,
    run_sync,
)

ROOT = Path(__file__).resolve().parent.parent

PAYLOAD: SendEmailParams = {
    "from": "Shop <sender@example.com>",
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
    assert transport.requests == [first.request, second.request]


def test_default_reads_answer_what_was_sent_in_the_apis_shape() -> None:
    ps = PostStack(api_key="sk_test_x", transport=MockTransport())
    sent = ps.emails.send(PAYLOAD)
    email = ps.emails.get(sent["id"])["email"]
    assert email["publicId"] == "em_test_1"
    assert (email["fromAddress"], email["fromName"]) == ("sender@example.com", "Shop")
    assert (email["toAddresses"], email["subject"], email["htmlBody"]) == (
        ["ada@example.com"],
        "Hi",
        "<p>Hi</p>",
    )
    assert email["status"] == "queued"
    listed = ps.emails.list()
    assert [e["publicId"] for e in listed["data"]] == ["em_test_1"]
    assert listed["meta"]["total"] == 1
    other = ps.emails.get("em_elsewhere")["email"]
    assert (other["publicId"], other["status"], other["toAddresses"]) == (
        "em_elsewhere",
        "delivered",
        [],
    )


def test_other_operations_answer_their_endpoints_envelope() -> None:
    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", transport=transport)
    assert ps.domains.list() == {"domains": []}
    assert ps.contacts.list()["data"] == []
    created = ps.webhooks.create({"url": "https://example.com/h", "events": ["*"]})
    assert created["signingSecret"].startswith("whsec_")
    assert created["webhook"]["url"] == "https://example.com/h"
    assert ps.contacts.get("con_9")["contact"]["publicId"] == "con_9"
    assert ps.emails.cancel("em_1") == {"success": True}
    assert ps.emails.get_events("em_1") == {"events": []}


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
    ps = PostStack(api_key="sk_test_x", transport=transport, max_retries=3)
    with pytest.raises(PostStackError) as caught:
        ps.emails.send(PAYLOAD)
    assert (caught.value.status_code, caught.value.code) == (422, "unprocessable_entity")
    assert len(transport.calls) == 3
    assert len({c.idempotency_key for c in transport.calls}) == 1


def test_sync_retries_wait_in_the_mock_not_in_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_real_sleep(seconds: float) -> None:
        raise AssertionError(f"time.sleep({seconds}) called")

    monkeypatch.setattr(time, "sleep", no_real_sleep)
    transport = MockTransport([json_response(503, {"error": "down"})] * 3)
    ps = PostStack(api_key="sk_test_x", transport=transport, retry_policy=RetryPolicy())
    assert ps.emails.send(PAYLOAD) == {"id": "em_test_1"}
    assert len(transport.sleeps) == 3
    assert all(0 <= s < 8 for s in transport.sleeps)


def test_strict_mode_and_a_responder() -> None:
    strict = MockTransport([json_response(202, {"id": "em_x"})], strict=True)
    ps = PostStack(api_key="sk_test_x", transport=strict)
    assert ps.emails.send(PAYLOAD)["id"] == "em_x"
    # The client reports a transport's surprise as a PostStackError; the reason survives.
    with pytest.raises(PostStackError, match=r"strict mock: no answer queued for emails\.send"):
        ps.emails.send(PAYLOAD)
    echo = MockTransport(respond=lambda request: json_response(202, {"id": request.method}))
    assert PostStack(api_key="sk_test_x", transport=echo).emails.send(PAYLOAD)["id"] == "POST"
    assert echo.pending == 0


def test_the_client_does_not_close_a_transport_it_was_given() -> None:
    transport = MockTransport()
    with PostStack(api_key="sk_test_x", transport=transport):
        pass
    assert not transport.closed


@pytest.mark.anyio
async def test_async_twin() -> None:
    transport = AsyncMockTransport([json_response(503, {"error": "down"})])
    async with AsyncPostStack(api_key="sk_test_x", transport=transport) as ps:
        result = await ps.emails.batch({"emails": [PAYLOAD, PAYLOAD]})
    assert result == {"data": [{"id": "em_test_1"}, {"id": "em_test_2"}]}
    assert transport.payloads("emails.batch") == [{"emails": [PAYLOAD, PAYLOAD]}] * 2  # a retry
    assert len(transport.sleeps) == 1


# -- the outbox --------------------------------------------------------------------------


def signup(address: str) -> str:
    """Application code: makes its own client, as apps do."""
    with PostStack() as ps:
        return ps.emails.send({**PAYLOAD, "to": [address], "subject": f"Welcome {address}"})["id"]


def test_capture_sends_records_clients_the_application_makes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_x")
    with capture_sends() as outbox:
        first = signup("ada@example.com")
        signup("bob@example.com")
    assert first == "em_test_1"
    assert [e.to for e in outbox] == [["ada@example.com"], ["bob@example.com"]]
    (ada,) = outbox.assert_sent(to="ada@example.com")
    assert (ada.id, ada["subject"], ada.subject) == (
        "em_test_1",
        "Welcome ada@example.com",
        "Welcome ada@example.com",
    )
    assert ada.idempotency_key is not None
    outbox.assert_sent(2, from_="Shop <sender@example.com>")
    with pytest.raises(AssertionError, match=r"found 0; sent: to=\['ada@example.com'\]"):
        outbox.assert_sent(to="carol@example.com")
    with pytest.raises(AssertionError, match="expected no email"):
        outbox.assert_nothing_sent()
    outbox.clear()
    outbox.assert_nothing_sent()


def test_capture_sends_ends_with_its_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_x")
    with capture_sends():
        pass
    client = PostStack()
    assert not isinstance(client.transport, MockTransport)
    client.close()


@pytest.mark.anyio
async def test_capture_sends_records_async_clients_and_scripts_failures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_x")
    with capture_sends() as outbox:
        outbox.queue(json_response(422, {"error": "Domain not verified", "code": "x"}))
        async with AsyncPostStack() as ps:
            with pytest.raises(PostStackError, match="Domain not verified"):
                await ps.emails.send(PAYLOAD)
            await ps.emails.batch({"emails": [PAYLOAD]})
    assert isinstance(outbox, Outbox)
    assert [e.id for e in outbox.emails] == [None, "em_test_1"]


# -- the pytest plugin -------------------------------------------------------------------


def test_the_plugin_costs_nothing_beyond_import_poststack() -> None:
    code = (
        "import sys, poststack, pytest; before = set(sys.modules);"
        "import poststack.testing.pytest_plugin;"
        "print(sorted(set(sys.modules) - before))"
    )
    added = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert added == "['poststack.testing', 'poststack.testing.pytest_plugin']"


def test_the_plugin_is_registered_and_its_fixtures_work() -> None:
    """The example suite uses every fixture; it runs as a user's would (a subprocess)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTSTACK_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "examples/pytest_suite"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
    assert "failed" not in result.stdout


# -- one fake for the project's own tests ------------------------------------------------
# tests/core drives the core's flows with strict mocks and tests/resources serves the clients
# with responders; these show the kit does both.

# The mocks import only the core and the standard library: no client layer, no transport,
# no way of doing I/O, so the pure core's tests may use them.
_MOCK_WITHOUT_IO = """
import sys
FORBIDDEN = ("socket", "ssl", "asyncio", "selectors", "http.client", "urllib.request",
             "httpx", "httpcore", "h11", "aiohttp", "anyio", "trio", "poststack_transports")
for name in FORBIDDEN:
    sys.modules[name] = None  # importing any of these now raises ImportError
from poststack.testing import MockTransport, json_response
from poststack_proto import CallConfig, ClientOptions, endpoint, run_sync
mock = MockTransport([json_response(503, {}), json_response(202, {"id": "em_1"})], strict=True)
config = CallConfig(ClientOptions(api_key="sk_test_x"), random=lambda: 0.0,
                    new_idempotency_key=lambda: "k")
body = {"from": "a@example.com", "to": ["b@example.com"]}
result = run_sync(config.flow(endpoint("emails.send"), body=body), mock.send, mock.sleep)
assert result == {"id": "em_1"} and mock.sleeps == [0.0], (result, mock.sleeps)
layers = sorted(
    n for n, m in sys.modules.items()
    if m is not None and n.startswith(("poststack.", "poststack_transports"))
)
print(layers)
"""


def test_the_mocks_drive_the_core_with_no_io_module_and_no_client_layer() -> None:
    done = subprocess.run(
        [sys.executable, "-I", "-c", _MOCK_WITHOUT_IO],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "['poststack.testing', 'poststack.testing._answers', 'poststack.testing._mock']"
    )


def _core_config() -> CallConfig:
    keys = iter(f"key-{n}" for n in range(1, 100))
    return CallConfig(
        ClientOptions(api_key="sk_test_core"),
        random=lambda: 0.5,
        new_idempotency_key=lambda: next(keys),
        now=lambda: 1_000_000.0,
    )


def test_strict_mock_drives_the_core_state_machine() -> None:
    script = MockTransport(
        [json_response(503, {"error": "down"}), ConnectError("x"), json_response(202, {"id": "e"})],
        strict=True,
    )
    flow = _core_config().flow(endpoint("emails.send"), body=dict(PAYLOAD))
    assert run_sync(flow, script.send, script.sleep) == {"id": "e"}
    assert script.sleeps == [0.125, 0.25]
    assert {r.header("idempotency-key") for r in script.requests} == {"key-1"}
    assert script.pending == 0


@pytest.mark.anyio
async def test_strict_async_mock_drives_the_async_driver() -> None:
    script = AsyncMockTransport(
        [json_response(503, {}), json_response(202, {"id": "e"})], strict=True
    )
    flow = _core_config().flow(endpoint("emails.send"), body=dict(PAYLOAD))
    assert await run_async(flow, script.send, script.sleep) == {"id": "e"}
    assert script.sleeps == [0.125]


def test_a_responder_answers_every_request_and_sees_it() -> None:
    def serve(request: Request) -> Response:
        return json_response(200, {"domains": [{"id": 1, "name": request.url}]})

    transport = MockTransport(respond=serve)
    with PostStack(api_key="sk_test_x", transport=transport) as ps:
        listed = ps.domains.list()
    assert listed["domains"][0]["name"].endswith("/domains")  # the responder saw the request
    (request,) = transport.requests
    assert (request.method, request.body) == ("GET", b"")
    assert not transport.closed


@pytest.mark.anyio
async def test_a_scripted_answer_goes_to_whichever_client_asks_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_x")
    with capture_sends() as outbox:
        outbox.queue(json_response(202, {"id": "em_scripted"}))
        with PostStack() as sync_client:
            assert sync_client.emails.send(PAYLOAD)["id"] == "em_scripted"
        async with AsyncPostStack() as async_client:
            assert (await async_client.emails.send(PAYLOAD))["id"] == "em_test_1"
    assert len(outbox) == 2
