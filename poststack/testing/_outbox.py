"""An outbox: every send of every client the application makes, recorded, none sent."""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from .._base import TRANSPORT_HOOKS
from ._mock import AsyncMockTransport, MockTransport, RecordedCall

__all__ = ["Outbox", "SentEmail", "capture_sends"]


@dataclass(frozen=True)
class SentEmail:
    """One email a client sent (a batch contributes one per element).

    Attributes:
        payload: the JSON object the API received for this email.
        id: the id the default answer gave it (None when a scripted answer was used).
        idempotency_key: the body's key, else the request's ``Idempotency-Key``.
        call: the recorded HTTP request it came in.
    """

    payload: dict[str, Any]
    id: str | None
    idempotency_key: str | None
    call: RecordedCall

    def __getitem__(self, key: str) -> Any:
        return self.payload[key]

    @property
    def to(self) -> list[str]:
        return list(self.payload.get("to") or [])

    @property
    def subject(self) -> str | None:
        return self.payload.get("subject")


class Outbox:
    """Records what clients without an explicit ``transport=`` send, while installed.

    Every `PostStack` and `AsyncPostStack` made inside `capture_sends` (or the
    ``poststack_outbox`` pytest fixture), by your code or a library's, uses this outbox's
    mock transports: nothing leaves the process, sends are answered like the API would
    (``em_test_1``...), and `queue` scripts other answers (errors included).
    """

    def __init__(self) -> None:
        self.sync = MockTransport()
        self.async_ = AsyncMockTransport()
        self._share()

    def _share(self) -> None:
        # One id sequence, one store of accepted emails and one script for both kinds of
        # client: a scripted answer goes to whichever client asks next.
        self.async_.defaults = self.sync.defaults
        self.async_._queued = self.sync._queued  # pyright: ignore[reportPrivateUsage]
        self.async_._lock = self.sync._lock  # pyright: ignore[reportPrivateUsage]

    def _transport(self, kind: str) -> Any:
        return self.async_ if kind == "async" else self.sync

    @property
    def calls(self) -> list[RecordedCall]:
        """Every request, sync and async clients alike (each group in its own order)."""
        return [*self.sync.calls, *self.async_.calls]

    def queue(self, *answers: Any) -> None:
        """Script the next answers, for whichever clients ask next (see `MockTransport`)."""
        self.sync.queue(*answers)

    @property
    def emails(self) -> list[SentEmail]:
        """Every email sent through ``emails.send`` and ``emails.batch``, in order."""
        found: list[SentEmail] = []
        # The default answers keep the very payload objects they accepted.
        ids = {id(p): email_id for email_id, (_, p) in self.sync.defaults.emails.items()}
        for call in self.calls:
            if call.operation == "emails.send":
                elements = [call.payload]
            elif call.operation == "emails.batch":
                elements = list(cast("dict[str, Any]", call.payload or {}).get("emails") or [])
            else:
                continue
            for element in elements:
                payload = cast("dict[str, Any]", element) if isinstance(element, dict) else {}
                key = payload.get("idempotency_key") or call.idempotency_key
                found.append(SentEmail(payload, ids.get(id(payload)), key, call))
        return found

    def __len__(self) -> int:
        return len(self.emails)

    def __iter__(self) -> Iterator[SentEmail]:
        return iter(self.emails)

    def __getitem__(self, index: int) -> SentEmail:
        return self.emails[index]

    def clear(self) -> None:
        """Forget everything recorded so far (scripted answers included)."""
        self.sync.reset()
        self.async_.reset()
        self._share()

    def find(self, **fields: Any) -> list[SentEmail]:
        """The emails whose payload has every given field; ``to`` matches if the address
        is among the recipients (``to="ada@example.com"``), ``from_`` stands for ``from``."""
        return [email for email in self.emails if _matches(email.payload, fields)]

    def assert_sent(self, count: int | None = None, **fields: Any) -> list[SentEmail]:
        """Assert that emails matching ``fields`` were sent (exactly ``count`` if given);
        returns them. The failure message lists what was sent instead."""
        found = self.find(**fields)
        if (count is None and not found) or (count is not None and len(found) != count):
            wanted = "some" if count is None else str(count)
            raise AssertionError(
                f"expected {wanted} email(s) matching {fields!r}, found {len(found)}; "
                f"sent: {_summary(self.emails)}"
            )
        return found

    def assert_nothing_sent(self) -> None:
        if self.emails:
            raise AssertionError(f"expected no email, sent: {_summary(self.emails)}")


def _matches(payload: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    for name, wanted in fields.items():
        key = "from" if name == "from_" else name
        value = payload.get(key)
        if key in ("to", "cc", "bcc") and isinstance(wanted, str):
            if wanted not in (value or []):
                return False
        elif value != wanted:
            return False
    return True


def _summary(emails: list[SentEmail]) -> str:
    if not emails:
        return "nothing"
    return "; ".join(f"to={e.to} subject={e.subject!r}" for e in emails)


@contextmanager
def capture_sends() -> Generator[Outbox, None, None]:
    """Within the block, every client made without ``transport=`` records into one
    `Outbox` instead of sending. Nests; the innermost block wins."""
    outbox = Outbox()
    TRANSPORT_HOOKS.append(outbox._transport)  # pyright: ignore[reportPrivateUsage]
    try:
        yield outbox
    finally:
        TRANSPORT_HOOKS.remove(outbox._transport)  # pyright: ignore[reportPrivateUsage]
