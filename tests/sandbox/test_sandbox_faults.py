"""Scripted faults, each kind observed by a real client (httpx), through the Python methods and
the /_sandbox control API."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from poststack_sandbox import Sandbox

from .conftest import Message


def test_status_outcomes_are_consumed_in_order_then_normal(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("POST", "/emails", [{"status": 503}, {"status": 500}])
    first, second, third = (client.post("/emails", json=msg()) for _ in range(3))
    assert first.status_code == 503
    assert first.json() == {"error": "Service Unavailable", "code": "service_unavailable"}
    assert first.headers["x-request-id"].startswith("req_")
    assert second.status_code == 500
    assert second.json() == {"error": "Internal Server Error", "code": "internal_error"}
    assert third.status_code == 202
    # Scripted errors never reach the handler: exactly one email exists.
    assert [e["publicId"] for e in sandbox.emails()] == [third.json()["id"]]
    assert sandbox.faults() == []


def test_status_with_body_and_retry_after(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault(
        "POST",
        "/emails",
        [
            {
                "status": 429,
                "headers": {"Retry-After": "1"},
                "body": {"error": "Too many", "code": "rate_limit_exceeded"},
            }
        ],
    )
    response = client.post("/emails", json=msg())
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json() == {"error": "Too many", "code": "rate_limit_exceeded"}


def test_raw_non_json_body(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    sandbox.add_fault(
        "POST",
        "/emails",
        [{"status": 502, "raw": "<html>oops</html>", "headers": {"Content-Type": "text/html"}}],
    )
    response = client.post("/emails", json=msg())
    assert response.status_code == 502
    assert response.text == "<html>oops</html>"
    assert response.headers["content-type"] == "text/html"
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()


def test_delay_then_normal_handling(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    sandbox.add_fault("POST", "/emails", [{"delay": 0.3}])
    started = time.monotonic()
    response = client.post("/emails", json=msg())
    elapsed = time.monotonic() - started
    assert response.status_code == 202
    assert 0.3 <= elapsed < 2.0
    assert len(sandbox.emails()) == 1


def test_delay_combined_with_status_times_out_a_short_client(
    sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("POST", "/emails", [{"delay": 1.0, "status": 503}])
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{sandbox.url}/emails", json=msg(), headers=headers, timeout=0.2)


def test_close_before_read_drops_the_connection_and_does_nothing(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("POST", "/emails", [{"close": "before_read"}])
    # Closed with the request's bytes still unread, the socket may end in a reset (RST)
    # rather than an EOF, depending on how far the body got: either way, no answer came.
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)) as dropped:
        client.post("/emails", json=msg())
    if isinstance(dropped.value, httpx.RemoteProtocolError):
        assert "without sending a response" in str(dropped.value)
    assert sandbox.emails() == []
    # The client recovers on a new connection.
    assert client.post("/emails", json=msg()).status_code == 202
    assert sandbox.stats()["connections"] == 2


def test_close_after_processing_stores_but_never_answers(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("POST", "/emails", [{"close": "after_processing"}])
    payload = msg(idempotency_key="ambiguous-1")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client.post("/emails", json=payload)
    stored = sandbox.emails()
    assert len(stored) == 1
    # The retry a careful client makes is deduplicated to the email that was stored.
    retry = client.post("/emails", json=payload)
    assert retry.json() == {"id": stored[0]["publicId"], "replayed": True, "test_mode": True}


def test_truncate_sends_half_a_body(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    sandbox.add_fault("GET", "/emails", [{"truncate": True}])
    client.post("/emails", json=msg())
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        client.get("/emails")
    assert client.get("/emails").status_code == 200


def test_pass_interleaves_normal_answers(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sandbox.add_fault("POST", "/emails", [{"pass": True}, {"status": 503}])
    assert client.post("/emails", json=msg()).status_code == 202
    assert client.post("/emails", json=msg()).status_code == 503
    assert client.post("/emails", json=msg()).status_code == 202


def test_matching_is_exact_path_and_method_case_insensitive(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    email_id = client.post("/emails", json=msg()).json()["id"]
    sandbox.add_fault("get", f"/emails/{email_id}", [{"status": 500}])
    sandbox.add_fault("*", "/emails/batch", [{"status": 504}])
    assert client.get(f"/emails/{email_id}/events").status_code == 200
    assert client.get("/emails", params={"x": "1"}).status_code == 200
    # A query string does not stop a match: only the path is compared.
    assert client.get(f"/emails/{email_id}", params={"a": "b"}).status_code == 500
    assert client.get("/emails/batch").status_code == 504


def test_faults_apply_before_auth(sandbox: Sandbox, msg: Message) -> None:
    sandbox.add_fault("POST", "/emails", [{"status": 503}])
    assert httpx.post(f"{sandbox.url}/emails", json=msg()).status_code == 503


def test_clear_faults(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    sandbox.add_fault("POST", "/emails", [{"status": 503}])
    assert sandbox.faults() == [
        {"id": 1, "method": "POST", "path": "/emails", "outcomes": [{"status": 503}]}
    ]
    sandbox.clear_faults()
    assert client.post("/emails", json=msg()).status_code == 202


#: Outcome lists the sandbox refuses, each with a fragment of its error message.
MALFORMED: list[tuple[list[dict[str, object]], str]] = [
    ([], "outcomes must not be empty"),
    ([{}], "at least one of"),
    ([{"status": 99}], "status must be an integer HTTP status"),
    ([{"close": "sometimes"}], "close must be"),
    ([{"close": "before_read", "status": 500}], "cannot be combined"),
    ([{"delay": -1}], "delay must be a non-negative"),
    ([{"explode": True}], "unknown outcome key(s): explode"),
    ([{"status": 200, "body": {}, "raw": "x"}], "either body or raw"),
    ([{"headers": {"A": "b"}}], "headers need a status"),
    ([{"status": 200, "headers": {"A": 1}}], "headers must be an object of string values"),
    ([{"truncate": False}], "truncate must be true"),
]


@pytest.mark.parametrize(("outcomes", "fragment"), MALFORMED)
def test_malformed_outcomes_are_refused(
    sandbox: Sandbox, outcomes: list[dict[str, object]], fragment: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        sandbox.add_fault("POST", "/emails", outcomes)
    assert sandbox.faults() == []


def test_control_api_faults(sandbox: Sandbox, msg: Message) -> None:
    with httpx.Client(base_url=sandbox.url) as control:
        created = control.post(
            "/_sandbox/faults",
            json={
                "method": "POST",
                "path": "/emails",
                "outcomes": [{"status": 503}, {"pass": True}],
            },
        )
        assert created.status_code == 201
        assert created.json() == {"id": 1}
        listed = control.get("/_sandbox/faults").json()
        assert listed == {
            "faults": [
                {
                    "id": 1,
                    "method": "POST",
                    "path": "/emails",
                    "outcomes": [{"status": 503}, {"pass": True}],
                }
            ]
        }
        headers = {"Authorization": f"Bearer {sandbox.api_key}"}
        assert control.post("/emails", json=msg(), headers=headers).status_code == 503
        assert control.get("/_sandbox/faults").json()["faults"][0]["outcomes"] == [{"pass": True}]
        assert control.delete("/_sandbox/faults").json() == {"success": True}
        assert control.get("/_sandbox/faults").json() == {"faults": []}
        bad = control.post("/_sandbox/faults", json={"method": "POST", "path": "emails"})
        assert bad.status_code == 400
        assert bad.json() == {"error": "path must start with '/'", "code": "invalid_request"}
        # Faults never capture the control API itself.
        sandbox.add_fault("GET", "/_sandbox/stats", [{"status": 500}])
        assert control.get("/_sandbox/stats").status_code == 200


def test_keep_alive_reuses_one_connection(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    for _ in range(100):
        assert client.post("/emails", json=msg()).status_code == 202
    assert sandbox.stats() == {"connections": 1, "requests": 100}
    assert len(sandbox.emails()) == 100
