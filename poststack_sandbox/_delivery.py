"""Simulated delivery: the events an accepted email goes through, and when.

An accepted email gets a ``queued`` event at once; ``delivery_delay`` seconds later (or at its
``scheduledAt``, then ``delivery_delay`` later) a ``sent`` event (status ``sending``); after another
``delivery_delay`` a ``delivered`` event. As on the service, the send is answered (202) before
``sent``: the default delay is small but not zero. With ``delivery_delay=0`` the whole pipeline
runs before the send is answered, for tests that want to read ``delivered`` at once.
Every event is appended to the stored email and emitted to webhooks as ``email.<type>``; a
``bounced`` or ``complained`` event also suppresses the recipient, as the service does.

Timers run on the server's event loop; all functions here must be called on that loop.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ._events import emit
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, now, parse_address, parse_iso8601

__all__ = [
    "EVENT_STATUS",
    "EVENT_TYPES",
    "add_event",
    "cancel_timer",
    "resume_pending",
    "start_delivery",
]

EVENT_TYPES = (
    "queued",
    "sent",
    "delivered",
    "deferred",
    "bounced",
    "soft_bounced",
    "opened",
    "clicked",
    "complained",
    "unsubscribed",
    "failed",
)

# How an event moves the email's status; events not listed leave it as it is.
EVENT_STATUS = {
    "queued": "queued",
    "sent": "sending",
    "delivered": "delivered",
    "deferred": "deferred",
    "bounced": "bounced",
    "complained": "complained",
    "failed": "failed",
}

_EVENT_FIELDS = (
    "geoCountry",
    "geoRegion",
    "geoCity",
    "uaClientName",
    "uaClientType",
    "uaOs",
    "uaDeviceType",
)


def add_event(
    state: SandboxState,
    email_id: int,
    event_type: str,
    *,
    metadata: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> Document | None:
    """Append one event to a stored email, move its status, and emit the webhook.

    Returns the event, or ``None`` when the email no longer exists.
    """
    with state.store.transaction():
        email = state.store.get("emails", email_id)
        if email is None:
            return None
        event: Document = {
            "id": state.store.next_counter("events"),
            "emailId": email_id,
            "eventType": event_type,
            "metadata": metadata,
            **{name: (fields or {}).get(name) for name in _EVENT_FIELDS},
            "isPrefetch": bool((fields or {}).get("isPrefetch", False)),
            "createdAt": format_ts(now()),
        }
        email["events"].append(event)
        if event_type in EVENT_STATUS:
            email["status"] = EVENT_STATUS[event_type]
        if event_type == "sent":
            email["sentAt"] = event["createdAt"]
        state.store.update("emails", email)
        if event_type in _SUPPRESSING:
            _suppress(state, email, event)
    emit(
        state,
        f"email.{event_type}",
        {
            "email_id": email["publicId"],
            "from": email["fromAddress"],
            "to": email["toAddresses"],
            "subject": email["subject"],
            "tags": email["tags"],
            "status": email["status"],
            "test_mode": email["testMode"],
            "metadata": event["metadata"],
        },
    )
    return event


# Events after which the service suppresses the recipient, and the suppression reason.
_SUPPRESSING = {"bounced": "hard_bounce", "complained": "complaint"}


def _suppress(state: SandboxState, email: Document, event: Document) -> None:
    """Suppress the event's ``metadata.recipient``, or every ``to`` address when not given."""
    metadata: dict[str, Any] = event["metadata"] or {}
    recipient: object = metadata.get("recipient")
    addresses = [recipient] if isinstance(recipient, str) else email["toAddresses"]
    for raw in addresses:
        parsed = parse_address(raw)
        address = (parsed[1] if parsed else raw).lower()
        if state.store.get_by_key("suppressions", address) is None:
            state.store.insert(
                "suppressions",
                {
                    "id": 0,
                    "email": address,
                    "reason": _SUPPRESSING[event["eventType"]],
                    "createdAt": event["createdAt"],
                },
                key=address,
            )


def _step(state: SandboxState, email_id: int, event_type: str) -> None:
    state.timers.pop(email_id, None)
    email = state.store.get("emails", email_id)
    if email is None or email.get("_cancelled"):
        return
    add_event(state, email_id, event_type)
    if event_type == "sent":
        _after(state, email_id, state.settings.delivery_delay, "delivered")


def _after(state: SandboxState, email_id: int, delay: float, event_type: str) -> None:
    if delay <= 0 or state.loop is None:
        _step(state, email_id, event_type)
        return
    state.timers[email_id] = state.loop.call_later(delay, _step, state, email_id, event_type)


def cancel_timer(state: SandboxState, email_id: int) -> None:
    handle = state.timers.pop(email_id, None)
    if handle is not None:
        handle.cancel()


def start_delivery(state: SandboxState, email: Document, *, at: datetime | None = None) -> None:
    """(Re)arm the pipeline of a queued email: ``sent`` at ``at`` or after the delay."""
    cancel_timer(state, email["id"])
    delay = state.settings.delivery_delay
    if at is not None:
        delay = max(0.0, (at - now()).total_seconds()) + delay
    _after(state, email["id"], delay, "sent")


def resume_pending(state: SandboxState) -> None:
    """After a restart on a database file, re-arm emails that were still on their way."""
    for email in state.store.all("emails"):
        if email.get("_cancelled"):
            continue
        if email["status"] == "queued":
            scheduled = email.get("scheduledAt")
            at = parse_iso8601(scheduled) if isinstance(scheduled, str) else None
            start_delivery(state, email, at=at)
        elif email["status"] == "sending":
            _after(state, email["id"], state.settings.delivery_delay, "delivered")
