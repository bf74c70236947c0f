"""Offline helpers for testing code that uses PostStack, with no server and no network.

::

    from poststack import PostStack
    from poststack.testing import MockTransport

    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", transport=transport)
    signup_user(ps, "ada@example.com")          # your code
    assert transport.payloads("emails.send")[0]["to"] == ["ada@example.com"]

By default every send is accepted (``202 {"id": "em_test_1"}``, then ``em_test_2``...) and
every other call answers ``{"success": true}``; `MockTransport.queue` scripts other answers
(errors included) in order. For a full emulation of the API use `poststack_sandbox`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

from poststack_proto import ENDPOINTS, Endpoint, Request, Response, TransportError

__all__ = ["AsyncMockTransport", "MockTransport", "RecordedCall", "json_response"]


def json_response(status: int, body: object, *, request_id: str = "req_test") -> Response:
    """A `Response` with a JSON body, as the API would send it."""
    return Response(
        status,
        (("content-type", "application/json"), ("x-request-id", request_id)),
        json.dumps(body).encode(),
    )


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request the client sent, with what it meant."""

    operation: str | None  # "emails.send"..., None for a path no endpoint declares
    request: Request
    path: str
    query: dict[str, str]
    payload: Any  # the parsed JSON body, or None

    @property
    def idempotency_key(self) -> str | None:
        return self.request.header("idempotency-key")


def _operation(method: str, path: str) -> str | None:
    segments = path.strip("/").split("/")
    for declared in ENDPOINTS.values():
        if declared.method == method and _matches(declared, segments):
            return declared.name
    return None


def _matches(declared: Endpoint, segments: list[str]) -> bool:
    template = declared.path.strip("/").split("/")
    if len(template) != len(segments):
        return False
    return all(
        t == s or (t.startswith("{") and t.endswith("}"))
        for t, s in zip(template, segments, strict=True)
    )


Answer = Response | TransportError | Callable[[Request], Response]


class _Recorder:
    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self.calls: list[RecordedCall] = []
        self._queued: list[Answer] = list(answers)
        self._ids = itertools.count(1)
        self.closed = False

    def queue(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order (then fall back to the defaults)."""
        self._queued.extend(answers)

    def payloads(self, operation: str) -> list[Any]:
        """The JSON bodies sent to ``operation`` (e.g. ``"emails.send"``), in order."""
        return [call.payload for call in self.calls if call.operation == operation]

    def _answer(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        operation = _operation(request.method, parts.path)
        payload = json.loads(request.body) if request.body else None
        self.calls.append(
            RecordedCall(operation, request, parts.path, dict(parse_qsl(parts.query)), payload)
        )
        if self._queued:
            answer = self._queued.pop(0)
            if isinstance(answer, TransportError):
                raise answer
            return answer if isinstance(answer, Response) else answer(request)
        if operation == "emails.send":
            return json_response(202, {"id": f"em_test_{next(self._ids)}"})
        if operation == "emails.batch":
            body = cast("dict[str, Any]", payload) if isinstance(payload, dict) else {}
            emails = cast("list[Any]", body.get("emails") or [])
            results = [{"id": f"em_test_{next(self._ids)}"} for _ in emails]
            return json_response(202, {"data": results})
        return json_response(200, {"success": True})


class MockTransport(_Recorder):
    """A blocking transport that records every request and answers from a script."""

    def send(self, request: Request) -> Response:
        return self._answer(request)

    def close(self) -> None:
        self.closed = True


class AsyncMockTransport(_Recorder):
    """The async twin of `MockTransport`; its ``sleep`` returns at once."""

    async def send(self, request: Request) -> Response:
        return self._answer(request)

    async def sleep(self, seconds: float) -> None:
        return None

    async def aclose(self) -> None:
        self.closed = True
