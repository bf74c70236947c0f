"""The retry policy, pinned case by case and then as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import (
    QUOTA_CODES,
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    RetryPolicy,
    TLSError,
    TransportError,
    WriteError,
    parse_retry_after,
)

NOW = 1_700_000_000.0  # 2023-11-14T22:13:20Z


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("0", 0.0),
        ("5", 5.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("120", 120.0),
        ("-1", None),
        ("-0.5", None),
        ("inf", None),
        ("Infinity", None),
        ("nan", None),
        ("1e3", None),
        ("soon", None),
        ("5 seconds", None),
        ("0x10", None),
        ("Tue, 14 Nov 2023 22:13:50 GMT", 30.0),
        ("Tue, 14 Nov 2023 22:13:20 GMT", 0.0),
        ("Tue, 14 Nov 2023 22:00:00 GMT", 0.0),  # in the past: go now
        ("Wed, 15 Nov 2023 22:13:20 GMT", 86400.0),
        ("Tue, 14 Nov 2023 22:13:50", None),  # no zone: not an HTTP-date
        ("Tue, 14 Nov 2023 22:13:50 +0000", None),  # not one of the three HTTP-date forms
        ("Tuesday, 14-Nov-23 22:13:50 GMT", 30.0),  # RFC 850
        ("Tue Nov 14 22:13:50 2023", 30.0),  # asctime
        ("Tue, 31 Feb 2023 22:13:50 GMT", None),
        ("Tue, 14 Nov 2023 24:13:50 GMT", None),
        ("Tue, 99 Nov 2023 22:13:50 GMT", None),
        ("Mon, 32 Foo", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, lambda: NOW) == seconds


def test_http_date_needs_a_clock() -> None:
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT") is None
    assert parse_retry_after("3") == 3.0


POLICY = RetryPolicy()


def half() -> float:
    return 0.5


@pytest.mark.parametrize(
    ("retry", "expected"),
    [(0, 0.125), (1, 0.25), (2, 0.5), (3, 1.0), (5, 4.0), (6, 4.0), (7, 4.0), (40, 4.0)],
)
def test_backoff_is_full_jitter_capped_at_eight_seconds(retry: int, expected: float) -> None:
    policy = RetryPolicy(max_retries=100)
    assert policy.backoff(retry, half) == expected
    assert policy.backoff(retry, lambda: 0.0) == 0.0


def status_wait(
    status: int,
    *,
    code: str | None = None,
    retry_after: float | None = None,
    safe: bool = True,
    retry: int = 0,
) -> float | None:
    return POLICY.after_status(
        retry=retry, status=status, code=code, retry_after=retry_after, retry_safe=safe, random=half
    )


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 521, 599])
def test_transient_statuses_are_retried_with_backoff(status: int) -> None:
    assert status_wait(status) == 0.125


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 413, 422, 451, 499])
def test_other_4xx_are_never_retried(status: int) -> None:
    assert status_wait(status) is None
    assert status_wait(status, retry_after=1.0) is None


@pytest.mark.parametrize("code", sorted(QUOTA_CODES))
def test_quota_429s_are_never_retried(code: str) -> None:
    assert status_wait(429, code=code) is None
    assert status_wait(429, code=code, retry_after=1.0) is None


def test_429_rules() -> None:
    assert status_wait(429, code="rate_limit_exceeded", retry_after=2.0) == 2.0
    assert status_wait(429, code="rate_limit_exceeded") is None  # a code and no Retry-After
    assert status_wait(429) == 0.125  # neither: a proxy's 429, ordinary backoff
    assert status_wait(429, retry_after=0.0) == 0.0


def test_retry_after_is_obeyed_exactly_up_to_the_cap() -> None:
    assert status_wait(503, retry_after=60.0) == 60.0
    assert status_wait(503, retry_after=60.001) is None
    assert status_wait(429, code="rate_limit_exceeded", retry_after=3600.0) is None
    assert status_wait(500, retry_after=7.5) == 7.5


def test_no_retry_once_the_budget_is_spent() -> None:
    assert status_wait(503, retry=2) == 0.5
    assert status_wait(503, retry=3) is None
    assert (
        RetryPolicy(max_retries=0).after_status(
            retry=0, status=503, code=None, retry_after=None, retry_safe=True, random=half
        )
        is None
    )


@pytest.mark.parametrize(
    ("status", "retried"),
    [(408, True), (429, True), (503, True), (500, False), (502, False), (504, False)],
)
def test_calls_the_server_cannot_dedupe_retry_only_where_nothing_happened(
    status: int, retried: bool
) -> None:
    assert (status_wait(status, safe=False) is not None) is retried


def failure_wait(error: TransportError, *, safe: bool = True, retry: int = 0) -> float | None:
    return POLICY.after_transport_error(retry=retry, error=error, retry_safe=safe, random=half)


@pytest.mark.parametrize(
    ("error", "safe_call", "unsafe_call"),
    [
        (ConnectError("refused"), True, True),
        (ConnectTimeout("slow"), True, True),
        (ReadTimeout("slow"), True, False),
        (WriteError("broken pipe"), True, False),
        (RemoteProtocolError("closed"), True, False),
        (TLSError("bad certificate"), False, False),
    ],
)
def test_network_failures(error: TransportError, safe_call: bool, unsafe_call: bool) -> None:
    assert (failure_wait(error, safe=True) is not None) is safe_call
    assert (failure_wait(error, safe=False) is not None) is unsafe_call


# ---- properties -------------------------------------------------------------------------

statuses = st.integers(min_value=100, max_value=599)
codes = st.one_of(
    st.none(), st.sampled_from([*sorted(QUOTA_CODES), "rate_limit_exceeded", "internal_error"])
)
retry_afters = st.one_of(st.none(), st.floats(min_value=0, max_value=10_000, allow_nan=False))
unit = st.floats(min_value=0.0, max_value=1.0, exclude_max=True, allow_nan=False)
policies = st.builds(
    RetryPolicy,
    max_retries=st.integers(min_value=0, max_value=10),
    backoff_base=st.floats(min_value=0.0, max_value=5.0, allow_nan=False),
    backoff_cap=st.floats(min_value=0.0, max_value=30.0, allow_nan=False),
)


@given(policy=policies, retry=st.integers(min_value=0, max_value=200), r=unit)
def test_every_backoff_lies_in_zero_to_cap(policy: RetryPolicy, retry: int, r: float) -> None:
    wait = policy.backoff(retry, lambda: r)
    assert 0.0 <= wait <= policy.backoff_cap
    assert wait <= policy.backoff_base * 2**retry + 1e-12


@given(
    status=statuses,
    code=codes,
    retry_after=retry_afters,
    safe=st.booleans(),
    retry=st.integers(0, 5),
    r=unit,
)
def test_status_decisions(
    status: int, code: str | None, retry_after: float | None, safe: bool, retry: int, r: float
) -> None:
    wait = POLICY.after_status(
        retry=retry,
        status=status,
        code=code,
        retry_after=retry_after,
        retry_safe=safe,
        random=lambda: r,
    )
    if wait is None:
        return
    # Only transient statuses are ever retried, and only within the budget.
    assert status in (408, 429) or status >= 500
    assert retry < POLICY.max_retries
    if not safe:
        assert status in (408, 429, 503)
    if status == 429:
        assert code not in QUOTA_CODES
        assert code is None or retry_after is not None
    if retry_after is not None:
        assert wait == retry_after <= 60.0  # obeyed exactly
    else:
        assert 0.0 <= wait <= 8.0


@given(
    status=statuses,
    code=codes,
    retry_after=st.floats(min_value=0, max_value=60, allow_nan=False),
    r=unit,
)
def test_a_retry_after_within_the_cap_is_obeyed_whenever_the_status_is_retried(
    status: int, code: str | None, retry_after: float, r: float
) -> None:
    wait = POLICY.after_status(
        retry=0,
        status=status,
        code=code,
        retry_after=retry_after,
        retry_safe=True,
        random=lambda: r,
    )
    retryable = (status in (408, 429) or status >= 500) and not (
        status == 429 and code in QUOTA_CODES
    )
    assert wait == (retry_after if retryable else None)


ambiguous_failures = st.sampled_from([ReadTimeout("x"), WriteError("x"), RemoteProtocolError("x")])


@given(error=ambiguous_failures, retry=st.integers(0, 10))
def test_a_non_deduplicated_call_is_never_retried_after_an_ambiguous_failure(
    error: TransportError, retry: int
) -> None:
    assert (
        POLICY.after_transport_error(retry=retry, error=error, retry_safe=False, random=half)
        is None
    )
