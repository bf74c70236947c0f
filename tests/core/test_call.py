"""The call state machine and its two drivers, with scripted answers and no I/O."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poststack.testing import AsyncMockTransport, MockTransport
from poststack_proto import (
    CallConfig,
    ClientOptions,
    ConnectError,
    PostStackError,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    RetryPolicy,
    Send,
    Sleep,
    TLSError,
    TransportError,
    endpoint,
    run_async,
    run_sync,
)

from .conftest import API_KEY, response

SEND = endpoint("emails.send")
CANCEL = endpoint("emails.cancel")
GET = endpoint("emails.get")
PAYLOAD = {"from": "a@b.c", "to": ["d@e.f"], "subject": "s", "html": "h"}
ACCEPTED = response(202, {"id": "em_1"}, X_Request_Id="req_ok")


def run(config: CallConfig, script: MockTransport, **call: Any) -> tuple[object, list[float]]:
    slept: list[float] = []
    call.setdefault("body", PAYLOAD)
    result = run_sync(config.flow(SEND, **call), script.send, slept.append)
    return result, slept


def test_success_first_time(config: CallConfig) -> None:
    script = MockTransport([ACCEPTED], strict=True)
    assert run(config, script) == ({"id": "em_1"}, [])
    assert len(script.requests) == 1


def test_503_503_202_sleeps_exactly_and_repeats_the_same_request(config: CallConfig) -> None:
    script = MockTransport([response(503), response(503), ACCEPTED], strict=True)
    result, slept = run(config, script)
    assert result == {"id": "em_1"}
    assert slept == [0.125, 0.25]  # random() = 0.5 of 0.25 s and 0.5 s windows
    assert len(script.requests) == 3
    assert len(set(script.requests)) == 1  # the very same Request, key included
    assert {r.header("idempotency-key") for r in script.requests} == {"key-1"}


def test_retry_after_is_obeyed_exactly(config: CallConfig) -> None:
    script = MockTransport(
        [
            response(429, {"error": "slow", "code": "rate_limit_exceeded"}, Retry_After="2"),
            ACCEPTED,
        ],
        strict=True,
    )
    assert run(config, script) == ({"id": "em_1"}, [2.0])


def test_http_date_retry_after_uses_the_injected_clock(config: CallConfig) -> None:
    # config.now() is 1_000_000.0 = Mon, 12 Jan 1970 13:46:40 GMT
    script = MockTransport(
        [response(503, Retry_After="Mon, 12 Jan 1970 13:46:45 GMT"), ACCEPTED], strict=True
    )
    assert run(config, script) == ({"id": "em_1"}, [5.0])


def test_gives_up_after_max_retries_with_the_last_answer(config: CallConfig) -> None:
    script = MockTransport(
        [response(503, {"error": f"down {i}"}, X_Request_Id=f"r{i}") for i in range(4)], strict=True
    )
    with pytest.raises(PostStackError) as caught:
        run(config, script)
    assert (caught.value.status_code, caught.value.error, caught.value.request_id) == (
        503,
        "down 3",
        "r3",
    )
    assert len(script.requests) == 4


def test_retry_after_beyond_the_cap_fails_at_once_with_retry_after(config: CallConfig) -> None:
    script = MockTransport(
        [response(429, {"error": "slow", "code": "rate_limit_exceeded"}, Retry_After="3600")],
        strict=True,
    )
    with pytest.raises(PostStackError) as caught:
        run(config, script)
    assert (caught.value.status_code, caught.value.retry_after) == (429, 3600.0)
    assert len(script.requests) == 1


def test_quota_429_is_not_retried(config: CallConfig) -> None:
    script = MockTransport(
        [response(429, {"error": "Monthly email limit reached", "code": "monthly_limit_exceeded"})],
        strict=True,
    )
    with pytest.raises(PostStackError) as caught:
        run(config, script)
    assert caught.value.code == "monthly_limit_exceeded"
    assert caught.value.retry_after is None
    assert len(script.requests) == 1


def test_network_failure_becomes_post_stack_error_with_cause(config: CallConfig) -> None:
    failures = [ConnectError(f"refused {i}") for i in range(4)]
    with pytest.raises(PostStackError) as caught:
        run(config, MockTransport(failures, strict=True))
    error = caught.value
    assert (error.status_code, error.code, error.error) == (
        0,
        "connection_error",
        "Connection failed: could not connect to api.poststack.dev:443: refused 3",
    )
    assert error.__cause__ is failures[-1]


def test_read_timeout_is_a_timeout_error(config: CallConfig) -> None:
    with pytest.raises(PostStackError) as caught:
        run(config, MockTransport([ReadTimeout("slow")] * 4, strict=True))
    assert (caught.value.status_code, caught.value.code) == (0, "timeout")


def test_tls_failure_is_never_retried(config: CallConfig) -> None:
    with pytest.raises(PostStackError) as caught:
        run(config, MockTransport([TLSError("certificate verify failed")], strict=True))
    assert caught.value.code == "connection_error"
    assert isinstance(caught.value.__cause__, TLSError)


def test_ambiguous_failure_on_a_non_deduplicated_post_is_not_retried(config: CallConfig) -> None:
    script = MockTransport(
        [RemoteProtocolError("closed after write"), response(200, {"success": True})], strict=True
    )
    slept: list[float] = []
    flow = config.flow(CANCEL, path_params={"id": "em_1"})
    with pytest.raises(PostStackError):
        run_sync(flow, script.send, slept.append)
    assert len(script.requests) == 1


def test_connect_failure_on_a_non_deduplicated_post_is_retried(config: CallConfig) -> None:
    script = MockTransport([ConnectError("refused"), response(200, {"success": True})], strict=True)
    flow = config.flow(CANCEL, path_params={"id": "em_1"})
    assert run_sync(flow, script.send, lambda s: None) == {"success": True}


def test_ambiguous_failure_on_a_send_is_retried_with_the_same_key(config: CallConfig) -> None:
    script = MockTransport(
        [RemoteProtocolError("closed"), ReadTimeout("slow"), ACCEPTED], strict=True
    )
    assert run(config, script)[0] == {"id": "em_1"}
    assert [r.header("idempotency-key") for r in script.requests] == ["key-1"] * 3


def test_per_call_max_retries_and_timeout(config: CallConfig) -> None:
    script = MockTransport([response(503), response(503)], strict=True)
    with pytest.raises(PostStackError):
        run(config, script, max_retries=1, timeout=3)
    assert [r.timeout for r in script.requests] == [3.0, 3.0]


def test_bad_input_fails_before_any_request(config: CallConfig) -> None:
    script = MockTransport([], strict=True)
    with pytest.raises(ValueError, match="max_retries"):
        run(config, script, max_retries=-1)
    with pytest.raises(ValueError, match="timeout"):
        run(config, script, timeout=0)
    with pytest.raises(TypeError, match=r"payload\['when'\]"):
        run(config, script, body={"when": object()})
    with pytest.raises(ValueError, match=r"emails\.get: id must not be empty"):
        config.flow(GET, path_params={"id": ""})
    assert script.requests == []


def test_an_adapter_bug_still_surfaces_as_post_stack_error(config: CallConfig) -> None:
    class Broken:
        calls = 0

        def send(self, request: Request) -> Response:
            self.calls += 1
            raise KeyError("adapter forgot to map this")

    broken = Broken()
    with pytest.raises(PostStackError) as caught:
        run_sync(config.flow(SEND, body=PAYLOAD), broken.send, lambda s: None)
    assert isinstance(caught.value.__cause__, TransportError)
    assert isinstance(caught.value.__cause__.__cause__, KeyError)
    assert (caught.value.status_code, caught.value.code) == (0, "transport_error")
    assert caught.value.error.startswith(
        "The transport failed unexpectedly: talking to api.poststack.dev:443: KeyError"
    )
    assert broken.calls == 1  # nothing is known about it, so it is not repeated


def test_the_flow_refuses_wrong_inputs(config: CallConfig) -> None:
    flow = config.flow(GET, path_params={"id": "x"})
    assert isinstance(next(flow), Send)
    with pytest.raises(TypeError, match="takes a Response or a TransportError"):
        flow.send("nonsense")  # type: ignore[arg-type]  # a wrong type on purpose
    flow = config.flow(GET, path_params={"id": "x"})
    next(flow)
    assert isinstance(flow.send(response(503)), Sleep)
    with pytest.raises(TypeError, match="a Sleep action takes None"):
        flow.send(response(200, {}))


def test_logging_records_what_happened_and_never_secrets(
    config: CallConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="poststack")
    script = MockTransport([response(503, X_Request_Id="req_1"), ACCEPTED], strict=True)
    run(config, script, body={**PAYLOAD, "to": ["secret.person@example.com"]})
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "emails.send POST /emails answered 503 (request id req_1); "
        "retrying in 0.125s (attempt 2 of 4)",
        "emails.send POST /emails answered 202 (request id req_ok, attempt 2)",
    ]
    assert all(r.name == "poststack" for r in caplog.records)
    text = caplog.text
    assert API_KEY not in text
    assert "secret.person" not in text


def test_path_parameters_stay_out_of_logs(
    config: CallConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="poststack")
    run_sync(
        config.flow(GET, path_params={"id": "em_private"}),
        MockTransport([response(200, {})], strict=True).send,
        print,
    )
    assert "em_private" not in caplog.text
    assert "GET /emails/{id}" in caplog.text


# ---- the async driver ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_driver_runs_the_same_machine(config: CallConfig) -> None:
    script = AsyncMockTransport([response(503), RemoteProtocolError("x"), ACCEPTED], strict=True)
    result = await run_async(config.flow(SEND, body=PAYLOAD), script.send, script.sleep)
    assert result == {"id": "em_1"}
    assert script.sleeps == [0.125, 0.25]
    assert {r.header("idempotency-key") for r in script.requests} == {"key-1"}


@pytest.mark.anyio
async def test_async_driver_raises_post_stack_error(config: CallConfig) -> None:
    script = AsyncMockTransport(
        [response(400, {"error": "bad from", "code": "invalid_request"})], strict=True
    )
    with pytest.raises(PostStackError) as caught:
        await run_async(config.flow(SEND, body=PAYLOAD), script.send, script.sleep)
    assert caught.value.code == "invalid_request"


# ---- properties of the whole machine --------------------------------------------------------


def _answer(status: int, code: str | None, retry_after: str | None) -> Response:
    return response(
        status,
        {"error": "e", "code": code} if code else None,
        **({"Retry_After": retry_after} if retry_after is not None else {}),
    )


outcomes = st.one_of(
    st.builds(
        _answer,
        st.sampled_from([200, 202, 400, 404, 408, 409, 422, 429, 500, 502, 503, 504]),
        st.sampled_from([None, "rate_limit_exceeded", "monthly_limit_exceeded", "internal_error"]),
        st.sampled_from([None, "0", "1", "61", "garbage", "-3"]),
    ),
    st.sampled_from([ConnectError("c"), ReadTimeout("r"), RemoteProtocolError("p"), TLSError("t")]),
)


@settings(max_examples=300)
@given(
    answers=st.lists(outcomes, min_size=12, max_size=12),
    max_retries=st.integers(min_value=0, max_value=6),
    name=st.sampled_from(["emails.send", "emails.cancel", "emails.get", "emails.reschedule"]),
    r=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_the_machine_always_terminates_within_the_budget(
    answers: list[Response | TransportError], max_retries: int, name: str, r: float
) -> None:
    config = CallConfig(
        ClientOptions(api_key=API_KEY),
        random=lambda: r,
        new_idempotency_key=lambda: "the-key",
        policy=RetryPolicy(max_retries=max_retries),
    )
    op = endpoint(name)
    kwargs: dict[str, Any] = {"path_params": {"id": "em_1"}}
    if op.method != "GET":
        kwargs["body"] = {"scheduled_at": "2030-01-01T00:00:00Z"}
    script = MockTransport(answers, strict=True)
    slept: list[float] = []
    try:
        run_sync(config.flow(op, **kwargs), script.send, slept.append)
        last = script.requests and answers[len(script.requests) - 1]
        assert isinstance(last, Response)
        assert 200 <= last.status < 300
    except PostStackError:
        pass
    attempts = len(script.requests)
    assert 1 <= attempts <= max_retries + 1
    assert len(slept) == attempts - 1
    assert all(0 <= s <= 60 for s in slept)
    keys = {req.header("idempotency-key") for req in script.requests}
    assert keys == ({"the-key"} if op.method == "POST" else {None})
    if not op.retry_safe:
        # Never repeated after an answer or failure that may have taken effect.
        for earlier in answers[: attempts - 1]:
            if isinstance(earlier, Response):
                assert earlier.status in (408, 429, 503)
            else:
                assert earlier.not_sent
