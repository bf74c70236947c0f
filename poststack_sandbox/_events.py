"""Account events other than email events (``contact.*``, ``domain.*``, ``broadcast.*``…):
one place that sends them to subscribed webhooks and wakes the inbox page.

Email events go through :func:`._delivery.add_event`; everything else comes here. Must run on the
server's loop when the server runs (before it starts, the webhook part is skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._state import SandboxState
from ._store import Document

__all__ = ["HOOKS", "contact_data", "emit"]

# Called with every event after its webhooks (workflows start runs from here).
HOOKS: list[Callable[[SandboxState, str, dict[str, Any]], None]] = []


def emit(state: SandboxState, event_type: str, data: dict[str, Any]) -> None:
    """Deliver ``event_type`` with ``data`` to every active webhook subscribed to it."""
    if state.webhooks is not None:
        state.webhooks.emit(event_type, data)
    for hook in HOOKS:
        hook(state, event_type, data)
    state.notify()


def contact_data(contact: Document) -> dict[str, Any]:
    """The ``data`` of a ``contact.*`` event."""
    return {
        "contact_id": contact["publicId"],
        "email": contact["email"],
        "first_name": contact["firstName"],
        "last_name": contact["lastName"],
        "unsubscribed": contact["unsubscribed"],
        "properties": contact["properties"],
    }
