"""Every fault kind the sandbox scripts, over every adapter.

Each failing case compares the error's `signature` with one expected value, so the
attributes a user sees (status, message, code, request id presence, Retry-After, the
neutral kind chained as ``__cause__``) are the same whichever adapter carried the call.
Only the detail after the prefix of a network error's message is the library's own text.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from poststack import PostStackError
from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    TransportError,
)
from poststack_sandbox import Sandbox

from .conftest import PAYLOAD, Connect

TOO_MANY = {"error": "Too many requests", "code": "rate_limit_exceeded"}


def signature(error: PostStackError) -> tuple[Any, ...]:
    """What must not depend on the adapter; a network error keeps only its message prefix."""
    assert type(error) is PostStackError  # never a library's type, never a subclass
    cause = error.__cause__
    message = error.error.split(":")[0] if error.status_code == 0 else error.error
    return (
        error.status_code,
        message,
        error.code,
        error.request_id is not None,
        error.retry_after,
        type(cause) if isinstance(cause, TransportError) else None,
    )


def failure(call: Any, *args: Any, **kwargs: Any) -> PostStackError:
    with pytest.raises(PostStackError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_503_503_then_202(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("POST", "/emails", [{"status": 503}, {"status": 503}])
    result = connect().emails.send(PAYLOAD)
    assert [email["publicId"] for email in sb.emails()] == [result["id"]]
    assert sb.stats()["requests"] == 3


def test_503_until_retries_run_out(connect: Connect, sb: Sandbox) -> None:
    down = {"error": "Down for maintenance", "code": "service_unavailable"}
    sb.add_fault("POST", "/emails", [{"status": 503, "body": down}] * 4)
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error) == (
        503,
        "Down for maintenance",
        "service_unavailable",
        True,
        None,
        None,
    )
    assert sb.stats()["requests"] == 4
    assert sb.emails() == []


def test_429_retry_after_is_obeyed(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault(
        "POST", "/emails", [{"status": 429, "headers": {"Retry-After": "1"}, "body": TOO_MANY}]
    )
    ps = connect()
    started = time.monotonic()
    ps.emails.send(PAYLOAD)
    assert time.monotonic() - started >= 0.95  # the header's second, not the ~1 ms backoff
    assert len(sb.emails()) == 1
    assert sb.stats()["requests"] == 2


def test_429_after_retries_carries_retry_after(connect: Connect, sb: Sandbox) -> None:
    limited = {"status": 429, "headers": {"Retry-After": "0"}, "body": TOO_MANY}
    sb.add_fault("POST", "/emails", [limited] * 2)
    error = failure(connect(max_retries=1).emails.send, PAYLOAD)
    assert signature(error) == (
        429,
        "Too many requests",
        "rate_limit_exceeded",
        True,
        0.0,
        None,
    )
    assert sb.stats()["requests"] == 2


def test_retry_after_beyond_the_cap_is_raised_at_once(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault(
        "POST", "/emails", [{"status": 429, "headers": {"Retry-After": "120"}, "body": TOO_MANY}]
    )
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error) == (429, "Too many requests", "rate_limit_exceeded", True, 120.0, None)
    assert sb.stats()["requests"] == 1


def test_quota_429_is_not_retried(connect: Connect, sb: Sandbox) -> None:
    quota = {"error": "Monthly email limit reached", "code": "monthly_limit_exceeded"}
    sb.add_fault("POST", "/emails", [{"status": 429, "body": quota}])
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error) == (
        429,
        "Monthly email limit reached",
        "monthly_limit_exceeded",
        True,
        None,
        None,
    )
    assert sb.stats()["requests"] == 1


def test_400_is_not_retried(connect: Connect, sb: Sandbox) -> None:
    body = {"error": "'to' is required", "code": "invalid_request"}
    sb.add_fault("POST", "/emails", [{"status": 400, "body": body}])
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error) == (400, "'to' is required", "invalid_request", True, None, None)
    assert sb.stats()["requests"] == 1


def test_real_validation_error(connect: Connect, sb: Sandbox) -> None:
    error = failure(connect().emails.send, {**PAYLOAD, "to": []})
    assert 400 <= error.status_code < 500
    assert error.code
    assert error.error
    assert error.request_id
    assert error.__cause__ is None
    assert sb.emails() == []


def test_closed_before_read_is_retried(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("POST", "/emails", [{"close": "before_read"}])
    result = connect().emails.send(PAYLOAD)
    assert [email["publicId"] for email in sb.emails()] == [result["id"]]


def test_closed_before_read_on_a_call_the_server_cannot_dedupe(
    connect: Connect, sb: Sandbox
) -> None:
    sb.add_fault("POST", "/emails/preview", [{"close": "before_read"}])
    error = failure(connect().emails.preview, PAYLOAD)
    assert signature(error) == (
        0,
        "Connection failed",
        "connection_error",
        False,
        None,
        RemoteProtocolError,
    )
    assert error.is_network_error
    assert error.body == b""


def test_closed_after_processing_stores_exactly_one_email(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("POST", "/emails", [{"close": "after_processing"}])
    result = connect().emails.send(PAYLOAD)
    assert [email["publicId"] for email in sb.emails()] == [result["id"]]
    assert result.get("replayed") is True  # the retry carried the first attempt's key
    assert sb.stats()["requests"] == 2


def test_truncated_answer_is_retried_without_a_duplicate(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("POST", "/emails", [{"truncate": True}])
    result = connect().emails.send(PAYLOAD)
    assert [email["publicId"] for email in sb.emails()] == [result["id"]]


def test_read_timeout(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("POST", "/emails", [{"delay": 1.0, "status": 503}])
    ps = connect(timeout=0.2, max_retries=0)
    started = time.monotonic()
    error = failure(ps.emails.send, PAYLOAD)
    assert time.monotonic() - started < 0.9
    assert signature(error) == (0, "Request timed out", "timeout", False, None, ReadTimeout)


def test_read_timeout_per_call_then_retry_succeeds(connect: Connect, sb: Sandbox) -> None:
    sb.add_fault("GET", "/emails", [{"delay": 1.0, "status": 503}])
    page = connect().emails.list(timeout=0.2)
    assert page["data"] == []
    assert sb.stats()["requests"] == 2


def test_garbage_success_body(connect: Connect, sb: Sandbox) -> None:
    html = {"status": 200, "raw": "<html>oops</html>", "headers": {"Content-Type": "text/html"}}
    sb.add_fault("POST", "/emails", [html])
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error)[0::2] == (200, "invalid_response", None)
    assert error.body == b"<html>oops</html>"
    assert sb.stats()["requests"] == 1  # it may have taken effect: never repeated


def test_proxy_html_error_page(connect: Connect, sb: Sandbox) -> None:
    page = {
        "status": 502,
        "raw": "<html>Bad gateway</html>",
        "headers": {"Content-Type": "text/html"},
    }
    sb.add_fault("GET", "/emails", [page])
    error = failure(connect(max_retries=0).emails.list)
    assert signature(error) == (
        502,
        "Bad Gateway (the server sent an HTML page, not an API error; often a proxy)",
        None,
        True,
        None,
        None,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused(connect: Connect) -> None:
    ps = connect(base_url=f"http://127.0.0.1:{_closed_port()}")
    error = failure(ps.emails.send, PAYLOAD)
    expected = (0, "Connection failed", "connection_error", False, None, ConnectError)
    assert signature(error) == expected


@pytest.fixture
def unanswered_port() -> Iterator[int]:
    """A port whose accept queue is full, so a new connection attempt just hangs (Linux
    drops the SYN), which is what an unreachable host looks like from here."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = int(listener.getsockname()[1])
    queued = [socket.socket() for _ in range(3)]
    for sock in queued:
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
    time.sleep(0.05)
    yield port
    for sock in [*queued, listener]:
        sock.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="relies on Linux's SYN drop")
def test_connect_timeout(connect: Connect, unanswered_port: int) -> None:
    ps = connect(base_url=f"http://127.0.0.1:{unanswered_port}", timeout=0.2, max_retries=1)
    started = time.monotonic()
    error = failure(ps.emails.send, PAYLOAD)
    assert 0.35 < time.monotonic() - started < 1.5  # two attempts of 0.2 s each
    assert signature(error) == (0, "Request timed out", "timeout", False, None, ConnectTimeout)


def test_no_library_exception_escapes_any_fault(connect: Connect, sb: Sandbox) -> None:
    faults: list[dict[str, Any]] = [
        {"close": "before_read"},
        {"close": "after_processing"},
        {"truncate": True},
        {"status": 200, "raw": "not json"},
        {"status": 500, "raw": "\x00\xff binary-ish"},
        {"delay": 1.0, "status": 503},
    ]
    ps = connect(timeout=0.2, max_retries=0)
    for outcome in faults:
        sb.add_fault("POST", "/emails/preview", [outcome])
        # pytest.raises lets any other type through, which fails the test
        error = failure(ps.emails.preview, PAYLOAD)
        assert type(error) is PostStackError, outcome
        cause = error.__cause__
        assert cause is None or isinstance(cause, TransportError), (outcome, type(cause))
    refused = connect(base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=0)
    with pytest.raises(PostStackError):
        refused.emails.get("em_1")


def test_redirects_are_not_followed(connect: Connect, sb: Sandbox) -> None:
    moved = {"status": 307, "headers": {"Location": "/emails/batch"}, "raw": ""}
    sb.add_fault("POST", "/emails", [moved])
    error = failure(connect().emails.send, PAYLOAD)
    assert signature(error) == (
        307,
        "Temporary Redirect (empty response body)",
        None,
        True,
        None,
        None,
    )
    assert error.headers["location"] == "/emails/batch"
    assert sb.stats()["requests"] == 1
    assert sb.emails() == []
