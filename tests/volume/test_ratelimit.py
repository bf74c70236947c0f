"""Rate limiters: the in-process token bucket, the client hook, and the Redis-shared limiter."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poststack import AsyncPostStack, LocalRateLimiter, PostStack, RateLimiter
from poststack.contrib.redis import RedisRateLimiter
from poststack_proto import Request, Response
from poststack_sandbox import Sandbox
from poststack_transports import make_async_transport

from .conftest import free_port, message


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_local_limiter_spaces_requests_after_its_burst() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(rate=10, burst=3, clock=clock)
    assert [round(limiter.acquire(), 9) for _ in range(5)] == [0, 0, 0, 0.1, 0.2]
    clock.now = 10.0  # a quiet spell refills the burst
    assert [round(limiter.acquire(), 9) for _ in range(4)] == [0, 0, 0, 0.1]


def test_a_pause_holds_every_request_until_it_ends() -> None:
    clock = Clock()
    pauses_only = LocalRateLimiter(clock=clock)
    limited = LocalRateLimiter(rate=10, clock=clock)
    for limiter in (pauses_only, limited):
        limiter.pause(2.0)
    clock.now = 0.5
    assert pauses_only.acquire() == 1.5
    assert pauses_only.acquire() == 1.5
    assert limited.acquire() == 1.5
    assert round(limited.acquire(), 9) == 1.6  # spaced after the pause, no burst at its end
    clock.now = 3.0
    assert pauses_only.acquire() == 0.0


@given(
    st.floats(0.5, 1000),
    st.integers(1, 10),
    st.lists(st.floats(0, 5), min_size=1, max_size=60),
)
def test_no_window_holds_more_than_burst_plus_rate_times_its_length(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = Clock()
    limiter = LocalRateLimiter(rate=rate, burst=burst, clock=clock)
    sends: list[float] = []
    for gap in gaps:
        clock.now += gap
        wait = limiter.acquire()
        assert wait >= 0
        sends.append(clock.now + wait)
    sends.sort()
    interval = 1 / rate
    for i in range(len(sends)):
        for j in range(i + burst, len(sends)):
            # Sends i..j are j-i+1 requests; beyond the burst they need the spacing.
            assert sends[j] - sends[i] >= (j - i - burst + 1) * interval - 1e-6 * (1 + sends[j])


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"rate": 0}, ValueError),
        ({"rate": -1}, ValueError),
        ({"rate": float("inf")}, ValueError),
        ({"rate": "10"}, TypeError),
        ({"rate": 1, "burst": 0}, ValueError),
        ({"rate": 1, "burst": 1.5}, TypeError),
    ],
)
def test_limiter_options_are_checked(arguments: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        LocalRateLimiter(**arguments)


class RecordingLimiter:
    """A limiter that lets everything through and remembers what it was asked."""

    def __init__(self) -> None:
        self.acquired = 0
        self.pauses: list[float] = []

    def acquire(self) -> float:
        self.acquired += 1
        return 0.0

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)


def test_the_client_asks_its_limiter_before_every_attempt(sandbox: Sandbox) -> None:
    limiter = RecordingLimiter()
    assert isinstance(limiter, RateLimiter)
    throttled = {
        "status": 429,
        "headers": {"Retry-After": "0.2"},
        "body": {"error": "slow down", "code": "rate_limit_exceeded"},
    }
    sandbox.add_fault("POST", "/emails", [{"status": 503}, throttled])
    with PostStack(api_key=sandbox.api_key, base_url=sandbox.url, rate_limiter=limiter) as ps:
        ps.emails.send(message(0))  # 503, 429, then accepted: three attempts
        assert (limiter.acquired, limiter.pauses) == (3, [0.2])
        ps.with_options(timeout=5).emails.get(sandbox.emails()[0]["publicId"])
        assert limiter.acquired == 4  # a copy made by with_options shares the limiter


@pytest.mark.anyio
async def test_the_async_client_waits_for_its_limiter(sandbox: Sandbox) -> None:
    clock = Clock()
    limiter = LocalRateLimiter(rate=1, clock=clock)
    slept: list[float] = []
    inner = make_async_transport("httpx")

    class SleepRecording:
        """The real transport, except that its sleep (the client's sleep) only records."""

        async def send(self, request: Request) -> Response:
            return await inner.send(request)

        async def sleep(self, seconds: float) -> None:
            slept.append(seconds)

        async def aclose(self) -> None:
            await inner.aclose()

    transport = SleepRecording()
    try:
        async with AsyncPostStack(
            api_key=sandbox.api_key, base_url=sandbox.url, transport=transport, rate_limiter=limiter
        ) as ps:
            for i in range(3):
                await ps.emails.send(message(i))
    finally:
        await transport.aclose()
    assert slept == [1.0, 2.0]  # the clock stood still: slots 1 s apart
    assert len(sandbox.emails()) == 3


def test_a_rate_limiter_must_have_acquire_and_pause() -> None:
    with pytest.raises(TypeError, match="rate_limiter must have acquire"):
        PostStack(api_key="sk_test_x", rate_limiter=object())  # type: ignore[arg-type]  # the misuse under test


def test_redis_limiters_share_one_schedule_and_one_pause(redis_url: str) -> None:
    a = RedisRateLimiter(redis_url, rate=10, name="share")
    b = RedisRateLimiter(redis_url, rate=10, name="share")
    other = RedisRateLimiter(redis_url, rate=10, name="another-key")
    try:
        calls: list[tuple[float, float, float]] = []  # (local time before, after, wait)
        for limiter in (a, b) * 5:
            before = time.time()
            wait = limiter.acquire()
            calls.append((before, time.time(), wait))
        # Ten requests from two "processes" took ten slots at least 0.1 s apart. Redis's clock
        # reads somewhere between a call's before and after, hence the bounds:
        first_before, _, first_wait = calls[0]
        assert first_wait == 0.0
        for k, (_, after, wait) in enumerate(calls):
            assert after + wait - (first_before + first_wait) >= k * 0.1 - 0.001
            assert 0 <= wait <= k * 0.1 + 1e-6
        assert other.acquire() == 0.0  # another name, another budget
        a.pause(30)
        assert 29 < b.acquire() <= 30
        assert other.acquire() < 1
    finally:
        for limiter in (a, b, other):
            limiter.close()


def test_redis_limiter_fails_open_when_redis_is_gone(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0", rate=1)
    with caplog.at_level(logging.WARNING, logger="poststack"):
        assert limiter.acquire() == 0.0
        limiter.pause(5)
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]
    assert "unavailable" in caplog.records[0].getMessage()


def test_redis_limiter_options_are_checked(redis_url: str) -> None:
    with pytest.raises(ValueError, match="either redis_url or client"):
        RedisRateLimiter(rate=1)
    with pytest.raises(ValueError, match="name"):
        RedisRateLimiter(redis_url, rate=1, name="a{b}")
    with pytest.raises(ValueError, match="rate"):
        RedisRateLimiter(redis_url, rate=0)


WORKER = textwrap.dedent(
    """
    import json, sys
    from poststack import PostStack
    from poststack.contrib.redis import RedisRateLimiter

    redis_url, worker, count, rate = sys.argv[1:5]
    limiter = RedisRateLimiter(redis_url, rate=float(rate), name="procs")
    outcomes = []
    # The key and URL come from the environment, never from the command line.
    with PostStack(max_retries=0, rate_limiter=limiter) as ps:
        for i in range(int(count)):
            try:
                ps.emails.send({"from": "sender@example.com", "to": ["u@example.com"],
                                "subject": f"w{worker}-{i}", "text": "t"})
                outcomes.append("ok")
            except Exception as exc:
                outcomes.append(getattr(exc, "code", type(exc).__name__))
    print(json.dumps(outcomes))
    """
)


def test_processes_sharing_a_redis_limiter_stay_under_the_api_limit(
    sandbox: Sandbox, redis_url: str
) -> None:
    # Four processes, 15 sends each, no retries: a single 429 would show as a failure.
    sandbox.configure(rate_limit_per_second=40)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, redis_url, str(w), "15", "40"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "POSTSTACK_API_KEY": sandbox.api_key,
                "POSTSTACK_BASE_URL": sandbox.url,
            },
        )
        for w in range(4)
    ]  # fmt: skip
    outcomes: list[str] = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err
            outcomes += json.loads(out)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
    assert outcomes == ["ok"] * 60
    assert len(sandbox.emails()) == 60


# -- across fork() (gunicorn --preload, Celery prefork) ---------------------------------


def _in_a_forked_child(work: Any, timeout: float = 20.0) -> str:
    """Run ``work()`` (returning str) in a forked child; its result, or why it failed.

    A child that hangs is killed at ``timeout`` and reported as ``"hung"``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, str(work()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            with os.fdopen(read_end, "rb") as pipe:
                out = pipe.read().decode()
            return out if os.waitstatus_to_exitcode(status) == 0 else f"exit {status}: {out}"
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(read_end)
    return "hung"


# The parent's extra thread (the point of the first test) never runs in the child.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_local_limiter_held_by_another_thread_at_fork_works_in_the_child() -> None:
    import threading

    inside, release = threading.Event(), threading.Event()

    def clock() -> float:
        if threading.current_thread().name == "holder":  # blocks while holding the lock
            inside.set()
            release.wait(10)
        return time.monotonic()

    limiter = LocalRateLimiter(100, burst=1, clock=clock)
    holder = threading.Thread(target=limiter.acquire, name="holder")
    holder.start()
    try:
        assert inside.wait(10)  # the holder is inside acquire(), the lock taken
        waited = _in_a_forked_child(lambda: repr(limiter.acquire()), timeout=10)
    finally:
        release.set()
        holder.join(10)
    assert waited != "hung", "the child inherited a lock held by the parent's thread"
    assert 0.0 <= float(waited) <= 0.01 + 1e-9  # one slot reserved by the holder at most


def test_a_forked_child_keeps_the_parents_pause_in_a_bucket_of_its_own() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(10, burst=1, clock=clock)
    limiter.pause(5)

    def child() -> str:
        return json.dumps([limiter.acquire(), limiter.acquire()])

    assert json.loads(_in_a_forked_child(child)) == [5.0, 5.1]
    # The child's reservations were its own: the parent's bucket did not move.
    assert limiter.acquire() == 5.0


def test_a_redis_limiter_made_before_fork_is_shared_with_the_child(redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url, rate=1, name="fork-shared")
    try:
        assert limiter.acquire() == 0.0  # the parent's connection is now pooled
        child = _in_a_forked_child(lambda: repr(limiter.acquire()))
        assert 0.9 < float(child) <= 1.0  # the child took the next slot of the one budget
        assert 1.9 < limiter.acquire() <= 2.0  # and the parent the one after it
    finally:
        limiter.close()
