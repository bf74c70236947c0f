"""Scripted faults: what the sandbox does instead of (or around) answering a request.

A fault is ``(method, path, outcomes)``. Each request whose method and exact path (no query)
match consumes the next outcome of the oldest matching fault; an exhausted fault is forgotten and
requests behave normally again. Outcomes are plain dicts, validated here once so the server can
trust them:

====================================  ==========================================================
``{"status": 503}``                   answer 503 with a default ``{"error", "code"}`` body
``{"status": s, "body": {...}}``      answer with that JSON body (``headers`` adds headers)
``{"status": s, "raw": "text"}``      answer with that raw text body (non-JSON, HTML…)
``{"delay": 2.0}``                    sleep, then go on (alone: handle normally)
``{"close": "before_read"}``          drop the connection before the request is read
``{"close": "after_processing"}``     handle fully, then drop the connection, no response
``{"truncate": True}``                handle normally, send half the response body, drop
``{"pass": True}``                    handle normally
====================================  ==========================================================

The book is shared between the event loop and test threads, so it has its own lock.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

__all__ = ["Fault", "FaultBook", "Outcome", "validate_outcome"]

Outcome = dict[str, Any]
CloseMode = Literal["before_read", "after_processing"]

_KNOWN = frozenset({"status", "headers", "body", "raw", "delay", "close", "truncate", "pass"})
_CLOSE_MODES = ("before_read", "after_processing")


def validate_outcome(raw: object) -> Outcome:
    """Check one outcome's shape; returns a normalised copy.

    Raises:
        ValueError: with a message naming the offending key.
    """
    if not isinstance(raw, Mapping):
        raise ValueError("each outcome must be an object")
    outcome = dict(cast("Mapping[str, Any]", raw))
    unknown = sorted(set(outcome) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown outcome key(s): {', '.join(unknown)}")
    if not outcome:
        raise ValueError("an outcome needs at least one of: status, delay, close, truncate, pass")
    if "status" in outcome:
        status = outcome["status"]
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ValueError("status must be an integer HTTP status (100-599)")
    if "raw" in outcome:
        if not isinstance(outcome["raw"], str):
            raise ValueError("raw must be a string")
        if "body" in outcome:
            raise ValueError("give either body or raw, not both")
        outcome.setdefault("status", 200)
    if "body" in outcome and "status" not in outcome:
        raise ValueError("body needs a status")
    if "headers" in outcome:
        headers = outcome["headers"]
        if not isinstance(headers, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str)
            for k, v in cast("Mapping[object, object]", headers).items()
        ):
            raise ValueError("headers must be an object of string values")
        if "status" not in outcome:
            raise ValueError("headers need a status")
    if "delay" in outcome:
        delay = outcome["delay"]
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise ValueError("delay must be a non-negative number of seconds")
        outcome["delay"] = float(delay)
    if "close" in outcome:
        if outcome["close"] not in _CLOSE_MODES:
            raise ValueError("close must be 'before_read' or 'after_processing'")
        if "status" in outcome or "truncate" in outcome:
            raise ValueError("close cannot be combined with status or truncate")
    for flag in ("truncate", "pass"):
        if flag in outcome and outcome[flag] is not True:
            raise ValueError(f"{flag} must be true")
    return outcome


@dataclass
class Fault:
    """One scripted fault; ``outcomes`` shrinks as requests consume it."""

    id: int
    method: str
    path: str
    outcomes: deque[Outcome] = field(default_factory=deque[Outcome])

    def matches(self, method: str, path: str) -> bool:
        return (self.method == "*" or self.method == method.upper()) and self.path == path

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "outcomes": list(self.outcomes),
        }


class FaultBook:
    """The scripted faults of one sandbox, consumed in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, method: object, path: object, outcomes: object) -> int:
        """Validate and register a fault; returns its id.

        Raises:
            ValueError: a malformed method, path or outcome; nothing is registered.
        """
        if not isinstance(method, str) or not method.strip():
            raise ValueError("method must be an HTTP method or '*'")
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError("path must start with '/'")
        if "?" in path:
            raise ValueError("path must not contain a query string")
        if isinstance(outcomes, (str, bytes)) or not isinstance(outcomes, Sequence):
            raise ValueError("outcomes must be a list")
        items = cast("Sequence[object]", outcomes)
        if not items:
            raise ValueError("outcomes must not be empty")
        checked = [validate_outcome(item) for item in items]
        with self._lock:
            fault = Fault(self._next_id, method.strip().upper(), path, deque(checked))
            self._next_id += 1
            self._faults.append(fault)
            return fault.id

    def take(self, method: str, path: str) -> Outcome | None:
        """Consume the next outcome for this request, if any fault matches."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    outcome = fault.outcomes.popleft()
                    if not fault.outcomes:
                        self._faults.remove(fault)
                    return outcome
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def snapshot(self) -> list[dict[str, Any]]:
        """The faults still pending, with their remaining outcomes."""
        with self._lock:
            return [fault.to_json() for fault in self._faults]
