"""``emails.send_many`` on both clients, end to end against the sandbox."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.types import SendEmailParams
from poststack_proto import PostStackError, Request, Response
from poststack_sandbox import Sandbox
from poststack_transports import make_async_transport

from .conftest import message, subjects_stored


def client(sandbox: Sandbox, **options: Any) -> PostStack:
    return PostStack(api_key=sandbox.api_key, base_url=sandbox.url, **options)


def aclient(sandbox: Sandbox, **options: Any) -> AsyncPostStack:
    return AsyncPostStack(api_key=sandbox.api_key, base_url=sandbox.url, **options)


def assert_each_sent_once(sandbox: Sandbox, n: int) -> None:
    stored = subjects_stored(sandbox)
    assert sorted(stored) == sorted(f"message {i}" for i in range(n))


def test_sync_results_are_in_input_order_and_each_email_is_applied_once(sandbox: Sandbox) -> None:
    progress: list[tuple[int, int, int | None]] = []
    with client(sandbox) as ps:
        result = ps.emails.send_many(
            [message(i) for i in range(250)],
            job_id="order-test",
            on_progress=lambda sent, failed, total: progress.append((sent, failed, total)),
        )
        assert (result.sent, result.failed, result.ok, len(result)) == (250, 0, True, 250)
        assert result.job_id == "order-test"
        # Each id names the email of its own position.
        for i in (0, 99, 100, 249):
            email_id = result.results[i].id
            assert email_id is not None
            assert ps.emails.get(email_id)["email"]["subject"] == f"message {i}"
    assert_each_sent_once(sandbox, 250)
    # One report per batch (100, 100, 50), counts growing to the totals, total known.
    assert progress == [(100, 0, 250), (200, 0, 250), (250, 0, 250)]


def test_rerunning_a_job_sends_nothing_twice(sandbox: Sandbox) -> None:
    batch = [message(i) for i in range(130)]
    with client(sandbox) as ps:
        first = ps.emails.send_many(batch, job_id="nightly-7")
        # A different batch size after a "crash": element keys alone still match.
        again = ps.emails.send_many(batch, job_id="nightly-7", batch_size=30)
    assert [o.id for o in again.results] == [o.id for o in first.results]
    assert all(o.replayed for o in again.results)
    assert not any(o.replayed for o in first.results)
    assert_each_sent_once(sandbox, 130)


def test_without_a_job_id_each_run_sends_again(sandbox: Sandbox) -> None:
    with client(sandbox) as ps:
        first = ps.emails.send_many([message(0), message(1)])
        second = ps.emails.send_many([message(0), message(1)])
    assert first.job_id != second.job_id
    assert len(sandbox.emails()) == 4


def test_a_refused_element_is_that_messages_failure_only(sandbox: Sandbox) -> None:
    messages: list[Any] = [message(i) for i in range(5)]
    messages[2] = {"from": "sender@example.com", "subject": "no recipient", "text": "x"}
    with client(sandbox) as ps:
        result = ps.emails.send_many(messages, job_id="refusal")
    assert [o.ok for o in result.results] == [True, True, False, True, True]
    error = result.results[2].error
    assert isinstance(error, PostStackError)
    assert error.code == "invalid_request"
    assert error.status_code == 400
    assert "emails[2]" in error.error
    assert (result.sent, result.failed, result.ok) == (4, 1, False)
    assert result.errors == [(2, error)]


def test_a_batch_failing_after_its_retries_fails_each_of_its_messages(sandbox: Sandbox) -> None:
    # The second batch meets 500 on every attempt (1 + 1 retry); the others go through.
    sandbox.add_fault("POST", "/emails/batch", [{"pass": True}, {"status": 500}, {"status": 500}])
    with client(sandbox, max_retries=1) as ps:
        result = ps.emails.send_many([message(i) for i in range(25)], batch_size=10, job_id="j")
    errors = [o.error for o in result.results]
    assert all(e is None for e in errors[:10] + errors[20:])
    assert all(isinstance(e, PostStackError) and e.status_code == 500 for e in errors[10:20])
    assert errors[10] is errors[19]  # one error object: the batch's
    assert (result.sent, result.failed) == (15, 10)
    assert sorted(subjects_stored(sandbox)) == sorted(
        f"message {i}" for i in [*range(10), *range(20, 25)]
    )


def test_a_batch_retried_after_a_lost_answer_is_applied_once(sandbox: Sandbox) -> None:
    # The server handles the batch, then drops the connection: the retry carries the same keys.
    sandbox.add_fault("POST", "/emails/batch", [{"close": "after_processing"}])
    with client(sandbox) as ps:
        result = ps.emails.send_many([message(i) for i in range(40)], batch_size=20, job_id="lost")
    assert result.ok
    assert_each_sent_once(sandbox, 40)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"batch_size": 0}, ValueError),
        ({"batch_size": 101}, ValueError),
        ({"concurrency": 0}, ValueError),
        ({"concurrency": 1.5}, TypeError),
        ({"job_id": "two words"}, ValueError),
        ({"on_progress": "print"}, TypeError),
    ],
)
def test_bad_options_fail_before_anything_is_sent(
    sandbox: Sandbox, options: dict[str, Any], error: type[Exception]
) -> None:
    before = sandbox.stats()["requests"]
    with client(sandbox) as ps, pytest.raises(error):
        ps.emails.send_many([message(0)], **options)
    assert sandbox.stats()["requests"] == before


def test_a_non_mapping_message_in_a_list_fails_before_anything_is_sent(sandbox: Sandbox) -> None:
    before = sandbox.stats()["requests"]
    bad: list[Any] = [message(0), message(1), ["not", "a", "dict"]]
    with client(sandbox) as ps, pytest.raises(TypeError, match="message 2 must be a mapping"):
        ps.emails.send_many(bad)
    assert sandbox.stats()["requests"] == before


def test_a_non_mapping_message_in_a_generator_stops_the_job_after_what_was_out(
    sandbox: Sandbox,
) -> None:
    bad: list[Any] = [message(0), message(1), 42]
    with client(sandbox) as ps, pytest.raises(TypeError, match="message 2 must be a mapping"):
        ps.emails.send_many(iter(bad), batch_size=2, job_id="gen")
    assert sorted(subjects_stored(sandbox)) == ["message 0", "message 1"]


def test_nothing_is_printed_by_default_and_progress_draws_a_bar(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    with client(sandbox) as ps:
        ps.emails.send_many([message(i) for i in range(3)])
        quiet = capsys.readouterr()
        ps.emails.send_many([message(i) for i in range(3)], progress=True)
        loud = capsys.readouterr()
    assert (quiet.out, quiet.err) == ("", "")
    assert loud.out == ""
    assert "3/3" in loud.err


def test_sync_threads_send_every_message_once_in_order(sandbox: Sandbox) -> None:
    with client(sandbox, transport="h11") as ps:
        result = ps.emails.send_many(
            (message(i) for i in range(120)), batch_size=10, concurrency=4, job_id="threads"
        )
        for i in (0, 57, 119):
            email_id = result.results[i].id
            assert email_id is not None
            assert ps.emails.get(email_id)["email"]["subject"] == f"message {i}"
    assert result.sent == 120
    assert_each_sent_once(sandbox, 120)


@pytest.mark.anyio
@pytest.mark.parametrize("transport", ["httpx", "aiohttp", "h11"])
async def test_async_send_many_over_every_transport(sandbox: Sandbox, transport: str) -> None:
    async with aclient(sandbox, transport=transport) as ps:
        result = await ps.emails.send_many(
            [message(i) for i in range(230)], batch_size=50, concurrency=3, job_id=transport
        )
        email_id = result.results[177].id
        assert email_id is not None
        assert (await ps.emails.get(email_id))["email"]["subject"] == "message 177"
    assert (result.sent, result.failed) == (230, 0)
    assert_each_sent_once(sandbox, 230)


@pytest.mark.parametrize("anyio_backend", ["trio"])
@pytest.mark.anyio
async def test_async_send_many_runs_on_trio(sandbox: Sandbox) -> None:
    async with aclient(sandbox) as ps:
        result = await ps.emails.send_many([message(i) for i in range(30)], batch_size=7)
    assert result.ok
    assert_each_sent_once(sandbox, 30)


class StopJob(Exception):
    pass


@pytest.mark.anyio
async def test_a_million_message_generator_is_read_one_batch_per_worker_at_a_time(
    sandbox: Sandbox,
) -> None:
    consumed = 0

    def million() -> Iterator[SendEmailParams]:
        nonlocal consumed
        for i in range(1_000_000):
            consumed += 1
            yield message(i)

    concurrency, batch_size = 3, 10
    seen: list[tuple[int, int, int | None]] = []

    def check(sent: int, failed: int, total: int | None) -> None:
        seen.append((sent, failed, total))
        # What was read is what was answered plus at most one batch per worker.
        assert consumed <= sent + failed + concurrency * batch_size
        if len(seen) == 12:
            raise StopJob

    async with aclient(sandbox) as ps:
        with pytest.raises(StopJob):
            await ps.emails.send_many(
                million(),
                batch_size=batch_size,
                concurrency=concurrency,
                on_progress=check,
                job_id="million",
            )
    assert len(seen) >= 12
    assert all(total is None for _, _, total in seen)
    # The batches out when the callback stopped the job were finished, nothing more started.
    assert consumed <= 12 * batch_size + concurrency * batch_size
    assert len(sandbox.emails()) == consumed


class Recording:
    """An async transport that notes when each request left and what came back."""

    def __init__(self) -> None:
        self.inner = make_async_transport("httpx")
        self.log: list[tuple[float, float, int]] = []

    async def send(self, request: Request) -> Response:
        sent = time.monotonic()
        response = await self.inner.send(request)
        self.log.append((sent, time.monotonic(), response.status))
        return response

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.anyio
async def test_a_429_with_retry_after_holds_every_batch_of_the_run(sandbox: Sandbox) -> None:
    throttled = {
        "status": 429,
        "headers": {"Retry-After": "1"},
        "body": {"error": "Rate limit exceeded", "code": "rate_limit_exceeded"},
    }
    sandbox.add_fault("POST", "/emails/batch", [{"pass": True}, throttled])
    recording = Recording()
    try:
        async with aclient(sandbox, transport=recording) as ps:
            result = await ps.emails.send_many(
                [message(i) for i in range(80)], batch_size=10, concurrency=4, job_id="pause"
            )
    finally:
        await recording.aclose()
    assert result.ok
    assert_each_sent_once(sandbox, 80)
    answered_429 = next(done for _, done, status in recording.log if status == 429)
    later = [sent for sent, _, _ in recording.log if sent > answered_429]
    assert later, "the run went on after the 429"
    # Nothing left during the second after the 429 arrived: every batch waited, not just one.
    assert min(later) >= answered_429 + 0.95


def test_send_many_is_typed_for_both_clients() -> None:
    # The signature users see: keyword-only options with the documented defaults.
    import inspect

    for emails in (PostStack, AsyncPostStack):
        method = emails.emails.resource_class.send_many
        parameters = inspect.signature(method).parameters
        assert list(itertools.islice(parameters, 2)) == ["self", "messages"]
        assert parameters["batch_size"].default == 100
        assert parameters["concurrency"].default is None
        assert parameters["progress"].default is False
        assert all(
            p.kind is inspect.Parameter.KEYWORD_ONLY
            for name, p in parameters.items()
            if name not in ("self", "messages")
        )


def test_a_job_stopped_half_way_and_rerun_sends_each_message_once(sandbox: Sandbox) -> None:
    batch = [message(i) for i in range(90)]
    reports: list[int] = []

    def crash_after_three_batches(sent: int, failed: int, total: int | None) -> None:
        reports.append(sent)
        if len(reports) == 3:
            raise KeyboardInterruptLike

    with client(sandbox) as ps:
        with pytest.raises(KeyboardInterruptLike):
            ps.emails.send_many(
                batch, batch_size=10, job_id="crash", on_progress=crash_after_three_batches
            )
        assert len(sandbox.emails()) == 30
        rerun = ps.emails.send_many(batch, batch_size=10, job_id="crash")
    assert rerun.ok
    assert [o.replayed for o in rerun.results] == [True] * 30 + [False] * 60
    assert_each_sent_once(sandbox, 90)


class KeyboardInterruptLike(Exception):
    """Stands for whatever stopped a job (a deploy, a crash) between two batches."""


@pytest.mark.anyio
async def test_concurrent_batches_through_faults_apply_each_message_once(sandbox: Sandbox) -> None:
    throttled = {
        "status": 429,
        "headers": {"Retry-After": "0"},
        "body": {"error": "slow down", "code": "rate_limit_exceeded"},
    }
    sandbox.add_fault(
        "POST",
        "/emails/batch",
        [
            {"status": 503},
            {"close": "after_processing"},
            {"pass": True},
            {"close": "before_read"},
            throttled,
            {"status": 502},
            {"truncate": True},
            {"close": "after_processing"},
        ],
    )
    # Eight scripted faults go to whichever batch asks next: with four in flight one batch
    # may meet several in a row, so its retries must outnumber them all (the default three
    # would let an unlucky interleaving fail a batch, which is not what this test is about).
    async with aclient(sandbox, max_retries=8) as ps:
        result = await ps.emails.send_many(
            (message(i) for i in range(400)), batch_size=25, concurrency=4, job_id="faulty"
        )
    assert result.ok, result.errors
    assert sandbox.faults() == []
    assert_each_sent_once(sandbox, 400)
    by_subject = {e["publicId"]: e["subject"] for e in sandbox.emails()}
    assert [by_subject[o.id or ""] for o in result.results] == [f"message {i}" for i in range(400)]
