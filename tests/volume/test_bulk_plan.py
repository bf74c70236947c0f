"""The pure bulk plan (`poststack_proto.BulkPlan`), offline and property-tested.

A simulated driver takes batches in any interleaving, answers each with a random mix of
accepted and refused elements or fails it whole, and records the answers out of order; the
properties below must hold for every such run.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poststack_proto import (
    MAX_BATCH_SIZE,
    BulkBatch,
    BulkPlan,
    PostStackError,
    SharedPause,
    batch_idempotency_key,
    message_idempotency_key,
)
from poststack_proto._bulk import MAX_JOB_ID_LENGTH, check_job_id


def messages(n: int) -> list[dict[str, Any]]:
    return [
        {
            "from": "sender@example.com",
            "to": [f"user{i}@example.com"],
            "subject": f"s{i}",
            "text": "t",
        }
        for i in range(n)
    ]


def fixed_job_id() -> str:
    raise AssertionError("a given job id must not draw a fresh one")


# One element answer: accepted, refused, or (rarely) malformed.
element_answers = st.one_of(
    st.just("accept"),
    st.just("replay"),
    st.sampled_from(["unprocessable_entity", "invalid_request", "monthly_limit_exceeded", None]),
    st.just("garbage"),
)


def answer_for(batch: BulkBatch, kinds: list[object]) -> dict[str, Any]:
    data: list[object] = []
    for i, kind in enumerate(kinds[: batch.size]):
        position = batch.start + i
        if kind == "accept":
            data.append({"id": f"em_{position}"})
        elif kind == "replay":
            data.append({"id": f"em_{position}", "replayed": True})
        elif kind == "garbage":
            data.append(["not", "an", "object"])
        else:
            element: dict[str, object] = {"error": f"refused {position}"}
            if kind is not None:
                element["code"] = kind
            data.append(element)
    while len(data) < batch.size:
        data.append({"id": f"em_{batch.start + len(data)}"})
    return {"data": data}


@st.composite
def runs(draw: st.DrawFn) -> tuple[int, int, list[int], list[object]]:
    n = draw(st.integers(0, 450))
    batch_size = draw(st.integers(1, MAX_BATCH_SIZE))
    # How many batches the simulated driver keeps in flight at each step.
    inflight = draw(st.lists(st.integers(1, 6), min_size=1, max_size=20))
    # For each batch: "fail" (whole batch), "short" (wrong element count) or per-element kinds.
    fates = draw(
        st.lists(
            st.one_of(
                st.just("fail"),
                st.just("short"),
                st.lists(element_answers, max_size=MAX_BATCH_SIZE),
            ),
            min_size=1,
            max_size=10,
        )
    )
    return n, batch_size, inflight, list[object](fates)


def drive(
    plan: BulkPlan, inflight: list[int], fates: list[object], order: st.DataObject | None = None
) -> list[BulkBatch]:
    """Take and record every batch of ``plan``, several out at once, answered out of order."""
    out: list[BulkBatch] = []
    taken: list[BulkBatch] = []
    widths = itertools.cycle(inflight)
    fate_of = itertools.cycle(fates)
    exhausted = False
    while not exhausted or out:
        width = next(widths)
        while not exhausted and len(out) < width:
            batch = plan.next_batch()
            if batch is None:
                exhausted = True
            else:
                out.append(batch)
                taken.append(batch)
        if not out:
            break
        # Answer the newest first: recording order differs from taking order.
        batch = out.pop()
        fate = next(fate_of)
        if fate == "fail":
            plan.record_failure(batch, PostStackError(503, "unavailable", "internal_error"))
        elif fate == "short":
            plan.record_answer(batch, {"data": [{"id": "em_x"}] * (batch.size + 1)})
        else:
            assert isinstance(fate, list)
            plan.record_answer(batch, answer_for(batch, cast("list[object]", fate)))
    return taken


@settings(max_examples=150, deadline=None)
@given(runs())
def test_every_message_ends_with_exactly_one_outcome_in_input_order(
    run: tuple[int, int, list[int], list[object]],
) -> None:
    n, batch_size, inflight, fates = run
    plan = BulkPlan(messages(n), batch_size=batch_size, job_id="job-1", new_job_id=fixed_job_id)
    taken = drive(plan, inflight, fates)
    result = plan.result()

    assert len(result.results) == n
    assert result.sent + result.failed == n
    assert (plan.sent, plan.failed) == (result.sent, result.failed)
    assert result.ok == (result.failed == 0)
    for position, outcome in enumerate(result.results):
        # Exactly one of id / error.
        assert (outcome.id is None) != (outcome.error is None)
        if outcome.id is not None:
            # The id answered for this position, never a neighbour's.
            assert outcome.id == f"em_{position}"
    # No message in two batches, none left out, batches in order and within the cap.
    positions = [p for b in taken for p in range(b.start, b.stop)]
    assert positions == list(range(n))
    assert all(1 <= b.size <= batch_size for b in taken)
    assert [b.index for b in taken] == list(range(len(taken)))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 350), st.integers(1, MAX_BATCH_SIZE), st.integers(1, MAX_BATCH_SIZE))
def test_message_keys_depend_only_on_job_and_position(n: int, size_a: int, size_b: int) -> None:
    def keys(batch_size: int) -> tuple[list[str], list[str]]:
        plan = BulkPlan(
            iter(messages(n)), batch_size=batch_size, job_id="nightly:42", new_job_id=fixed_job_id
        )
        message_keys: list[str] = []
        batch_keys: list[str] = []
        while (batch := plan.next_batch()) is not None:
            message_keys += [e["idempotency_key"] for e in batch.body["emails"]]
            batch_keys.append(batch.idempotency_key)
            assert batch.idempotency_key == batch_idempotency_key(
                "nightly:42", batch.start, batch.stop
            )
        return message_keys, batch_keys

    first, first_batches = keys(size_a)
    again, again_batches = keys(size_a)
    other, _ = keys(size_b)
    # A rerun of the same job gives the same keys, whatever the batch size.
    assert first == again == other == [message_idempotency_key("nightly:42", i) for i in range(n)]
    assert first_batches == again_batches
    # Every key is distinct, and no message key equals a batch key.
    assert len(set(first)) == n
    assert not set(first) & set(first_batches)


def test_the_documented_key_derivation() -> None:
    plan = BulkPlan(messages(150), batch_size=100, job_id="welcome-2026", new_job_id=fixed_job_id)
    first = plan.next_batch()
    second = plan.next_batch()
    assert first is not None
    assert second is not None
    assert plan.next_batch() is None
    assert first.idempotency_key == "welcome-2026:b0-100"
    assert second.idempotency_key == "welcome-2026:b100-150"
    assert first.body["emails"][0]["idempotency_key"] == "welcome-2026:m0"
    assert second.body["emails"][49]["idempotency_key"] == "welcome-2026:m149"


def test_without_a_job_id_keys_come_from_the_injected_source_and_differ_per_run() -> None:
    fresh = iter(["run-a", "run-b"])
    a = BulkPlan(messages(3), new_job_id=lambda: next(fresh))
    b = BulkPlan(messages(3), new_job_id=lambda: next(fresh))
    batch_a, batch_b = a.next_batch(), b.next_batch()
    assert batch_a is not None
    assert batch_b is not None
    assert (a.job_id, b.job_id) == ("run-a", "run-b")
    assert batch_a.body["emails"][2]["idempotency_key"] == "run-a:m2"
    assert batch_b.body["emails"][2]["idempotency_key"] == "run-b:m2"


def test_a_message_with_its_own_key_keeps_it_and_the_input_is_not_modified() -> None:
    given_messages = messages(2)
    given_messages[1]["idempotency_key"] = "order-77"
    plan = BulkPlan(given_messages, job_id="j", new_job_id=fixed_job_id)
    batch = plan.next_batch()
    assert batch is not None
    assert [e["idempotency_key"] for e in batch.body["emails"]] == ["j:m0", "order-77"]
    assert "idempotency_key" not in given_messages[0]


def test_element_errors_keep_the_api_code_and_message() -> None:
    plan = BulkPlan(messages(3), job_id="j", new_job_id=fixed_job_id)
    batch = plan.next_batch()
    assert batch is not None
    plan.record_answer(
        batch,
        {
            "data": [
                {"id": "em_a"},
                {
                    "error": "emails[1].Domain not verified: other.org",
                    "code": "unprocessable_entity",
                },
                {"error": "Monthly email limit reached", "code": "monthly_limit_exceeded"},
            ]
        },
    )
    result = plan.result()
    assert [o.id for o in result.results] == ["em_a", None, None]
    refused, quota = result.results[1].error, result.results[2].error
    assert refused is not None
    assert quota is not None
    assert (refused.status_code, refused.code) == (422, "unprocessable_entity")
    assert "Domain not verified" in refused.error
    assert (quota.status_code, quota.code) == (429, "monthly_limit_exceeded")
    assert result.errors == [(1, refused), (2, quota)]


def test_a_whole_batch_failure_is_each_of_its_elements_failure() -> None:
    plan = BulkPlan(messages(5), batch_size=2, job_id="j", new_job_id=fixed_job_id)
    b0, b1, b2 = plan.next_batch(), plan.next_batch(), plan.next_batch()
    assert b0 is not None
    assert b1 is not None
    assert b2 is not None
    error = PostStackError(500, "boom", "internal_error")
    plan.record_answer(b2, {"data": [{"id": "em_4"}]})
    plan.record_failure(b1, error)
    plan.record_answer(b0, {"data": [{"id": "em_0"}, {"id": "em_1"}]})
    result = plan.result()
    assert [o.id for o in result.results] == ["em_0", "em_1", None, None, "em_4"]
    assert [o.error for o in result.results] == [None, None, error, error, None]
    assert (result.sent, result.failed, result.ok) == (3, 2, False)


def test_the_plan_takes_only_one_batch_of_a_generator_at_a_time() -> None:
    consumed = 0

    def endless() -> Iterator[dict[str, Any]]:
        nonlocal consumed
        for i in itertools.count():
            consumed += 1
            yield {"from": "sender@example.com", "to": [f"u{i}@example.com"], "text": "t"}

    plan = BulkPlan(endless(), batch_size=50, job_id="j", new_job_id=fixed_job_id)
    assert consumed == 0
    assert plan.total is None
    plan.next_batch()
    plan.next_batch()
    assert consumed == 100


def test_result_refuses_while_a_batch_is_out() -> None:
    plan = BulkPlan(messages(1), job_id="j", new_job_id=fixed_job_id)
    assert plan.next_batch() is not None
    with pytest.raises(RuntimeError, match="never recorded"):
        plan.result()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"batch_size": 0}, ValueError),
        ({"batch_size": 101}, ValueError),
        ({"batch_size": 2.0}, TypeError),
        ({"batch_size": True}, TypeError),
        ({"job_id": ""}, ValueError),
        ({"job_id": "has space"}, ValueError),
        ({"job_id": "new\nline"}, ValueError),
        ({"job_id": "é"}, ValueError),
        ({"job_id": "x" * (MAX_JOB_ID_LENGTH + 1)}, ValueError),
        ({"job_id": 7}, TypeError),
    ],
)
def test_bad_options_are_refused_at_once(arguments: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        BulkPlan(messages(1), new_job_id=lambda: "fresh", **arguments)


@pytest.mark.parametrize("bad", ["a string", b"bytes", {"from": "x"}, 42, None])
def test_messages_must_be_an_iterable_of_payloads(bad: Any) -> None:
    with pytest.raises(TypeError, match="iterable of send payloads"):
        BulkPlan(bad, job_id="j", new_job_id=fixed_job_id)


def test_a_non_mapping_in_a_list_is_refused_before_any_batch() -> None:
    items: list[Any] = [*messages(150), "oops"]
    with pytest.raises(TypeError, match="message 150 must be a mapping"):
        BulkPlan(items, job_id="j", new_job_id=fixed_job_id)


def test_a_non_mapping_in_a_generator_is_refused_when_its_batch_is_taken() -> None:
    items: list[Any] = [*messages(3), 7]
    plan = BulkPlan(iter(items), batch_size=2, job_id="j", new_job_id=fixed_job_id)
    assert plan.next_batch() is not None
    with pytest.raises(TypeError, match="message 3 must be a mapping"):
        plan.next_batch()


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E),
        min_size=1,
        max_size=MAX_JOB_ID_LENGTH,
    )
)
def test_every_valid_job_id_gives_header_safe_keys_under_256_characters(job_id: str) -> None:
    assert check_job_id(job_id) == job_id
    key = batch_idempotency_key(job_id, 10**19, 10**19 + 100)
    assert len(key) < 256
    assert all("!" <= c <= "~" for c in key)


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e6),
            st.one_of(st.floats(-5, 120), st.sampled_from([math.nan, math.inf, -math.inf])),
        ),
        max_size=20,
    ),
    st.floats(0, 2e6),
)
def test_the_shared_pause_ends_at_the_latest_requested_time(
    notes: list[tuple[float, float]], now: float
) -> None:
    pause = SharedPause()
    latest = max((t + ra for t, ra in notes if ra > 0 and math.isfinite(ra)), default=None)
    for t, retry_after in notes:
        pause.note(retry_after, t)
    expected = 0.0 if latest is None else max(0.0, latest - now)
    assert pause.remaining(now) == expected
