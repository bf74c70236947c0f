"""Any answer in, only a result or a `PostStackError` out: success bodies, error answers,
``Retry-After`` and the retry decision."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import PostStackError, Response, RetryPolicy, parse_retry_after, parse_success
from poststack_proto._responses import error_code, error_from_response

from .conftest import examples, outcome
from .strategies import (
    STATUS_TABLE,
    Reader,
    bodies,
    headers,
    raw_cases,
    response_from,
    retry_after_from,
    retry_after_values,
    status_from,
    statuses,
    structured_responses,
    structured_success_responses,
)

KINDS = ["json", "text", "bytes"]
CODES = [None, "quota_exceeded", "rate_limit_exceeded", "monthly_limit_exceeded", "", "x"]


def clock_from(read: Reader) -> float | None:
    """No clock, a plausible one, or any float at all (NaN and infinities included)."""
    mode = read.byte() % 3
    if mode == 0:
        return None
    return 1.8e9 + read.number(4) if mode == 1 else read.float64()


def check_success(kind: str, answer: Response) -> None:
    result = outcome(parse_success, kind, answer)
    if isinstance(result, PostStackError):
        assert kind == "json"
        assert (result.status_code, result.code, result.body) == (
            answer.status,
            "invalid_response",
            answer.body,
        )
        assert result.request_id == answer.request_id
        assert len(result.error) < 400
        return
    if kind == "json":
        assert isinstance(result, dict)
    elif kind == "text":
        assert isinstance(result, str)
    else:
        assert result == answer.body


@examples(6_000)
@given(raw=raw_cases)
def test_a_success_answer_is_a_result_or_an_invalid_response(raw: bytes) -> None:
    read = Reader(raw)
    kind = read.pick(KINDS)
    check_success(kind, response_from(read, success=True))


@examples(1_000)
@given(kind=st.sampled_from(KINDS), answer=structured_success_responses)
def test_a_structured_success_answer_too(kind: str, answer: Response) -> None:
    check_success(kind, answer)


def check_error(answer: Response, now: float | None) -> None:
    error = error_from_response(answer, None if now is None else (lambda: now))
    assert type(error) is PostStackError
    assert (error.status_code, error.body) == (answer.status, answer.body)
    assert 0 < len(error.error) <= 400
    assert error.retry_after is None or (
        math.isfinite(error.retry_after) and error.retry_after >= 0
    )
    if not 200 <= answer.status <= 599:
        assert error.code == "invalid_response"
    code = error_code(answer)
    assert code is None or (isinstance(code, str) and code)
    assert str(error)
    assert repr(error)


@examples(6_000)
@given(raw=raw_cases)
def test_any_answer_maps_to_one_short_post_stack_error(raw: bytes) -> None:
    read = Reader(raw)
    now = clock_from(read)
    check_error(response_from(read), now)


@examples(1_000)
@given(answer=structured_responses, now=st.one_of(st.none(), st.floats()))
def test_any_structured_answer_too(answer: Response, now: float | None) -> None:
    check_error(answer, now)


@examples(1_000)
@given(body=bodies, status=statuses, headers=headers)
def test_error_bodies_and_headers_drawn_field_by_field(
    body: bytes, status: int, headers: tuple[tuple[str, str], ...]
) -> None:
    error = error_from_response(Response(status, headers, body))
    assert error.status_code == status
    assert error.error.strip()
    assert set(error.headers) == {name.lower() for name, _ in headers}


def check_wait(wait: float | None) -> None:
    assert wait is None or (math.isfinite(wait) and wait >= 0)


@examples(4_000)
@given(raw=st.binary(max_size=24))
def test_retry_after_is_a_finite_wait_or_absent(raw: bytes) -> None:
    read = Reader(raw)
    now = clock_from(read)
    check_wait(parse_retry_after(retry_after_from(read), None if now is None else (lambda: now)))


@examples(1_000)
@given(value=retry_after_values, now=st.one_of(st.none(), st.floats()))
def test_structured_retry_after_values_too(value: str, now: float | None) -> None:
    check_wait(parse_retry_after(value, None if now is None else (lambda: now)))


@examples(3_000)
@given(raw=st.binary(max_size=40))
def test_the_retry_decision_is_a_bounded_wait_or_none(raw: bytes) -> None:
    read = Reader(raw)
    policy = RetryPolicy(
        max_retries=read.byte() % 11,
        backoff_base=read.byte() / 25.5,
        backoff_cap=read.byte() / 2.55,
        retry_after_cap=read.number(2) / 65.535,
    )
    retry = read.byte() % 21
    status = status_from(read) if read.byte() % 2 else read.pick(STATUS_TABLE)
    code = read.pick(CODES)
    retry_safe = bool(read.byte() % 2)
    r = read.byte() / 256
    value = None if read.byte() % 3 == 0 else retry_after_from(read)
    wait = policy.after_status(
        retry=retry,
        status=status,
        code=code,
        retry_after=parse_retry_after(value, lambda: 1.8e9),
        retry_safe=retry_safe,
        random=lambda: r,
    )
    if wait is None:
        return
    assert 0 <= wait <= max(policy.backoff_cap, policy.retry_after_cap)
    assert retry < policy.max_retries
    assert 500 <= status <= 599 or status in {408, 429}
    if code in {"quota_exceeded", "monthly_limit_exceeded"}:
        assert status != 429
