"""Small pure helpers shared by the sandbox modules: clocks, identifiers, addresses, timestamps.

Nothing here touches the network or the store; every function is deterministic given its inputs
(identifier generation aside, which uses :mod:`secrets` so ids cannot collide across restarts).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone

__all__ = [
    "format_ts",
    "new_public_id",
    "new_request_id",
    "now",
    "parse_address",
    "parse_iso8601",
]

# A deliberately plain address check: one "@", no spaces or angle brackets, a dot in the domain.
# The real service validates more strictly; the sandbox only needs to reject what is clearly wrong.
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_NAMED = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<addr>[^<>]+)>\s*$")


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def format_ts(moment: datetime) -> str:
    """ISO-8601 with milliseconds and a ``Z`` suffix, the form the API returns."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def new_public_id(prefix: str) -> str:
    """A public identifier such as ``em_3f9a…`` (prefix plus 24 hex digits)."""
    return f"{prefix}_{secrets.token_hex(12)}"


def new_request_id() -> str:
    """A value for the ``X-Request-Id`` response header, unique per response."""
    return f"req_{secrets.token_hex(12)}"


def parse_address(value: str) -> tuple[str | None, str] | None:
    """Split ``"Name <addr@domain>"`` or ``"addr@domain"`` into ``(name, address)``.

    Returns ``None`` when the value is not an address the sandbox accepts.
    """
    match = _NAMED.match(value)
    if match is not None:
        name = match.group("name").strip().strip('"').strip() or None
        address = match.group("addr").strip()
    else:
        name, address = None, value.strip()
    if not _ADDRESS.match(address):
        return None
    return name, address


def parse_iso8601(value: str) -> datetime | None:
    """Parse an ISO-8601 date-time (``Z`` allowed); naive values are taken as UTC.

    Returns ``None`` when the string is not ISO-8601.
    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
