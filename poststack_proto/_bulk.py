"""The plan of a bulk send: many messages through ``POST /emails/batch``, as pure state.

`BulkPlan` owns everything about ``emails.send_many`` that is not I/O: it cuts any iterable of
messages into batches (lazily: it holds at most the batches handed out and not yet answered),
gives every message and every batch an idempotency key, maps each batch's answer back to its
messages, and keeps the results in input order. `SharedPause` is the one pause every in-flight
request of a bulk send obeys after a 429 with ``Retry-After``. The clients drive a plan the way
they drive a single call's flow; no clock and no randomness is read here.

Rules of this module:

* Every message ends with exactly one outcome: an email id, or a `PostStackError`. An element
  the API refused inside an accepted batch is that element's failure; a batch that failed as a
  whole (after the call's own retries) gives each of its elements the batch's error.
* Keys are a function of the job id and positions only, so rerunning a job sends nothing twice:

  - message at 0-based input position ``i``: ``f"{job_id}:m{i}"`` (the payload's
    ``idempotency_key`` field; a message that already carries its own key keeps it);
  - batch covering positions ``start`` to ``stop`` (``stop`` excluded):
    ``f"{job_id}:b{start}-{stop}"`` (the ``Idempotency-Key`` header).

  Without a job id, the plan asks its injected ``new_job_id`` for one, so keys are fresh per
  run. A job id is 1 to `MAX_JOB_ID_LENGTH` visible ASCII characters (no space or control
  character: the batch key travels in an HTTP header), so every key stays under 256 characters.
* Misuse (a message that is not a mapping, a bad ``batch_size`` or job id) raises
  `TypeError` / `ValueError`; for a sized collection, before the first batch is handed out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import Any, cast

from ._errors import PostStackError

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_JOB_ID_LENGTH",
    "BulkBatch",
    "BulkPlan",
    "BulkSendOutcome",
    "BulkSendResult",
    "SharedPause",
    "batch_idempotency_key",
    "check_batch_size",
    "check_job_id",
    "element_error",
    "message_idempotency_key",
]

#: The API's cap on ``POST /emails/batch`` (422 "Batch size exceeds limit" above it).
MAX_BATCH_SIZE = 100
#: Longest job id: keeps ``f"{job_id}:b{start}-{stop}"`` under 256 characters for any position
#: a run can reach (two 20-digit numbers).
MAX_JOB_ID_LENGTH = 200

# The HTTP status a code of a refused batch element stands for (the status the API answers a
# single send with for that code). A code missing or unknown here: 422, the batch refusal status.
_STATUS_OF_CODE: dict[str, int] = {
    "invalid_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "unprocessable_entity": 422,
    "rate_limit_exceeded": 429,
    "monthly_limit_exceeded": 429,
    "daily_limit_exceeded": 429,
    "send_limit_exceeded": 429,
    "quota_exceeded": 429,
    "daily_cap_exceeded": 429,
    "internal_error": 500,
}


def check_batch_size(batch_size: object) -> int:
    """``batch_size`` if it is an int in ``1..MAX_BATCH_SIZE``; else `TypeError`/`ValueError`."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise TypeError(f"batch_size must be an int, got {type(batch_size).__name__}")
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}")
    return batch_size


def check_job_id(job_id: object) -> str:
    """``job_id`` if it is 1..`MAX_JOB_ID_LENGTH` visible ASCII characters."""
    if not isinstance(job_id, str):
        raise TypeError(f"job_id must be a str, got {type(job_id).__name__}")
    if not 1 <= len(job_id) <= MAX_JOB_ID_LENGTH:
        raise ValueError(f"job_id must be 1 to {MAX_JOB_ID_LENGTH} characters, got {len(job_id)}")
    if not all("!" <= c <= "~" for c in job_id):
        raise ValueError(
            "job_id must be visible ASCII (letters, digits, punctuation; no spaces): "
            "it is part of an HTTP header"
        )
    return job_id


def message_idempotency_key(job_id: str, position: int) -> str:
    """The key of the message at 0-based input ``position`` of job ``job_id``."""
    return f"{job_id}:m{position}"


def batch_idempotency_key(job_id: str, start: int, stop: int) -> str:
    """The key of the batch holding input positions ``start`` up to (excluding) ``stop``."""
    return f"{job_id}:b{start}-{stop}"


def element_error(element: Mapping[str, object]) -> PostStackError:
    """The `PostStackError` of a refused batch element ``{"error": ..., "code": ...}``."""
    code = element.get("code")
    code = code if isinstance(code, str) else None
    text = element.get("error")
    text = text if isinstance(text, str) and text else "refused"
    return PostStackError(_STATUS_OF_CODE.get(code or "", 422), text, code)


@dataclass(frozen=True, slots=True)
class BulkSendOutcome:
    """What became of one message: ``id`` when accepted, ``error`` when not (never both).

    Attributes:
        id: the email's id (``em_...``), or ``None``.
        error: why it was not sent, or ``None``.
        replayed: the API recognised the idempotency key and sent nothing new.
    """

    id: str | None
    error: PostStackError | None
    replayed: bool = False

    @property
    def ok(self) -> bool:
        """True when the message was accepted (now or by an earlier run)."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class BulkSendResult:
    """The outcome of ``emails.send_many``: one `BulkSendOutcome` per message, in input order.

    Attributes:
        results: one outcome per message, in the order the messages came.
        job_id: the job id every key was derived from (given, or made for this run).
    """

    results: list[BulkSendOutcome]
    job_id: str

    @property
    def sent(self) -> int:
        """How many messages were accepted."""
        return sum(1 for outcome in self.results if outcome.error is None)

    @property
    def failed(self) -> int:
        """How many messages were not."""
        return sum(1 for outcome in self.results if outcome.error is not None)

    @property
    def ok(self) -> bool:
        """True when every message was accepted."""
        return all(outcome.error is None for outcome in self.results)

    @property
    def errors(self) -> list[tuple[int, PostStackError]]:
        """``(position, error)`` of every failed message."""
        return [(i, o.error) for i, o in enumerate(self.results) if o.error is not None]

    def __len__(self) -> int:
        return len(self.results)


@dataclass(frozen=True, slots=True)
class BulkBatch:
    """One batch handed out by a plan: send ``body`` with ``idempotency_key`` and report back.

    Attributes:
        index: 0-based batch number, in input order.
        start: input position of its first message.
        body: the ``POST /emails/batch`` payload: ``{"emails": [...]}``, every message
            carrying its idempotency key.
        idempotency_key: the batch's ``Idempotency-Key``.
    """

    index: int
    start: int
    body: dict[str, list[dict[str, Any]]]
    idempotency_key: str

    @property
    def size(self) -> int:
        """How many messages the batch holds."""
        return len(self.body["emails"])

    @property
    def stop(self) -> int:
        """The input position after its last message."""
        return self.start + self.size


class SharedPause:
    """One "wait until" for every request of a bulk send (pure: the caller passes the time).

    A 429 with ``Retry-After`` seen by any request moves the end of the pause; every request
    asks `remaining` before it goes out, so the whole job waits, not just the batch that was
    told to.
    """

    __slots__ = ("_until",)

    def __init__(self) -> None:
        self._until = -math.inf

    def note(self, retry_after: float, now: float) -> None:
        """The server asked for ``retry_after`` seconds of quiet at time ``now``."""
        if retry_after > 0 and math.isfinite(retry_after):
            self._until = max(self._until, now + retry_after)

    def remaining(self, now: float) -> float:
        """Seconds to wait from ``now`` before the next request (0.0: go)."""
        return max(0.0, self._until - now)


class BulkPlan:
    """The state of one bulk send. Not thread-safe: a driver with threads takes a lock.

    Args:
        messages: any iterable of send payloads (mappings); consumed lazily, one batch at a
            time, by `next_batch`.
        batch_size: messages per batch, ``1..MAX_BATCH_SIZE``.
        job_id: the job's id, or ``None`` to take one from ``new_job_id``.
        new_job_id: makes a fresh job id (injected randomness; e.g. a UUID4's hex).

    Raises:
        TypeError, ValueError: a bad ``batch_size`` or job id; for a `Sequence` of messages,
            any message that is not a mapping (before anything is handed out).
    """

    __slots__ = (
        "_batch_size",
        "_batches",
        "_outcomes",
        "_pending",
        "_source",
        "failed",
        "job_id",
        "sent",
        "total",
    )

    def __init__(
        self,
        messages: Iterable[Mapping[str, Any]],
        *,
        batch_size: int = MAX_BATCH_SIZE,
        job_id: str | None = None,
        new_job_id: Callable[[], str],
    ) -> None:
        check_batch_size(batch_size)
        self.job_id = check_job_id(new_job_id() if job_id is None else job_id)
        given: Any = messages
        if isinstance(given, (str, bytes, Mapping)) or not hasattr(given, "__iter__"):
            raise TypeError(
                f"messages must be an iterable of send payloads, got {type(messages).__name__}"
            )
        #: How many messages there are, when the iterable knows (``len()``); else ``None``.
        self.total: int | None = len(given) if isinstance(given, Sized) else None
        if isinstance(messages, Sequence):
            for position, message in enumerate(messages):
                _check_message(position, message)
        self._source: Iterator[Mapping[str, Any]] = iter(messages)
        self._batches = itertools.count()
        # Outcomes in input order; None while the message's batch is out.
        self._outcomes: list[BulkSendOutcome | None] = []
        self._pending = 0
        #: Messages accepted / failed so far.
        self.sent = 0
        self.failed = 0
        self._batch_size = batch_size

    @property
    def pending(self) -> int:
        """Batches handed out and not yet recorded."""
        return self._pending

    def next_batch(self) -> BulkBatch | None:
        """The next batch, taking up to ``batch_size`` messages from the input; ``None`` at the end.

        Raises:
            TypeError: a message is not a mapping (named by its position); the plan stays usable
                for the batches already out, and hands out nothing more.
        """
        start = len(self._outcomes)
        chunk = list(itertools.islice(self._source, self._batch_size))
        if not chunk:
            return None
        emails: list[dict[str, Any]] = []
        job_id = self.job_id
        for offset, message in enumerate(chunk):
            position = start + offset
            _check_message(position, message)
            payload = dict(message)
            if payload.get("idempotency_key") is None:
                payload["idempotency_key"] = f"{job_id}:m{position}"
            emails.append(payload)
        stop = start + len(emails)
        self._outcomes.extend(itertools.repeat(None, len(emails)))
        self._pending += 1
        return BulkBatch(
            next(self._batches), start, {"emails": emails}, f"{job_id}:b{start}-{stop}"
        )

    def record_answer(self, batch: BulkBatch, answer: object) -> None:
        """Record the batch's 2xx answer ``{"data": [...]}``, one element per message.

        An answer that does not have exactly one element per message fails every message of
        the batch with ``code="invalid_response"`` (nothing is guessed).
        """
        data: object = (
            cast("Mapping[str, object]", answer).get("data")
            if isinstance(answer, Mapping)
            else None
        )
        if not isinstance(data, list) or len(cast("list[object]", data)) != batch.size:
            self.record_failure(
                batch,
                PostStackError(
                    202,
                    f"the batch answer does not have one element per email (sent {batch.size})",
                    "invalid_response",
                ),
            )
            return
        outcomes = self._outcomes
        position = batch.start
        sent = 0
        for item in cast("list[object]", data):
            if not isinstance(item, Mapping):
                outcomes[position] = BulkSendOutcome(
                    None,
                    PostStackError(202, "a batch element is not an object", "invalid_response"),
                )
                position += 1
                continue
            element = cast("Mapping[str, object]", item)
            email_id = element.get("id")
            if isinstance(email_id, str) and email_id:
                outcomes[position] = BulkSendOutcome(
                    email_id, None, element.get("replayed") is True
                )
                sent += 1
            else:
                outcomes[position] = BulkSendOutcome(None, element_error(element))
            position += 1
        self.sent += sent
        self.failed += batch.size - sent
        self._pending -= 1

    def record_failure(self, batch: BulkBatch, error: PostStackError) -> None:
        """The batch failed as a whole: each of its messages fails with ``error``."""
        failed = BulkSendOutcome(None, error)
        self._outcomes[batch.start : batch.stop] = [failed] * batch.size
        self.failed += batch.size
        self._pending -= 1

    def result(self) -> BulkSendResult:
        """Every outcome, in input order.

        Raises:
            RuntimeError: a batch that was handed out has not been recorded.
        """
        if self._pending:
            raise RuntimeError(f"{self._pending} batch(es) handed out and never recorded")
        # No None is left: every batch handed out was recorded.
        return BulkSendResult(cast("list[BulkSendOutcome]", self._outcomes), self.job_id)


def _check_message(position: int, message: object) -> None:
    if type(message) is not dict and not isinstance(message, Mapping):
        raise TypeError(
            f"message {position} must be a mapping (a send payload dict), "
            f"got {type(message).__name__}"
        )
