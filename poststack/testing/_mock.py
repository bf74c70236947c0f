"""The mock transports: record every request, answer from a script or like the API."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from poststack_proto import ENDPOINTS, Endpoint, Request, Response, TransportError

from ._answers import DefaultAnswers

__all__ = ["Answer", "AsyncMockTransport", "MockTransport", "RecordedCall"]


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

    @property
    def method(self) -> str:
        return self.request.method


Answer = Response | TransportError | Callable[[Request], Response]


def _route(method: str, path: str) -> tuple[str | None, str | None]:
    """The operation a request calls, and its first path parameter."""
    segments = path.strip("/").split("/")
    for declared in ENDPOINTS.values():
        if declared.method == method:
            matched = _match(declared, segments)
            if matched is not None:
                return declared.name, matched[0] if matched else None
    return None, None


def _match(declared: Endpoint, segments: list[str]) -> list[str] | None:
    template = declared.path.strip("/").split("/")
    if len(template) != len(segments):
        return None
    params: list[str] = []
    for t, s in zip(template, segments, strict=True):
        if t.startswith("{") and t.endswith("}"):
            params.append(unquote(s))
        elif t != s:
            return None
    return params


class _Recorder:
    def __init__(
        self,
        answers: Iterable[Answer] = (),
        *,
        respond: Callable[[Request], Response] | None = None,
        strict: bool = False,
    ) -> None:
        self.calls: list[RecordedCall] = []
        self.sleeps: list[float] = []
        self.defaults = DefaultAnswers()
        self._queued: list[Answer] = list(answers)
        self._respond = respond
        self._strict = strict
        self._lock = threading.Lock()
        self.closed = False

    def queue(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order (then fall back to the defaults)."""
        with self._lock:
            self._queued.extend(answers)

    def reset(self) -> None:
        """Forget every recorded call, sleep, scripted answer and accepted email."""
        with self._lock:
            self.calls.clear()
            self.sleeps.clear()
            self._queued.clear()
            self.defaults = DefaultAnswers()

    @property
    def requests(self) -> list[Request]:
        """Every request sent, in order."""
        return [call.request for call in self.calls]

    @property
    def pending(self) -> int:
        """Queued answers not used yet."""
        return len(self._queued)

    def payloads(self, operation: str) -> list[Any]:
        """The JSON bodies sent to ``operation`` (e.g. ``"emails.send"``), in order."""
        return [call.payload for call in self.calls if call.operation == operation]

    def _answer(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        operation, path_id = _route(request.method, parts.path)
        try:
            payload = json.loads(request.body) if request.body else None
        except ValueError:
            payload = None
        call = RecordedCall(operation, request, parts.path, dict(parse_qsl(parts.query)), payload)
        with self._lock:
            self.calls.append(call)
            answer = self._queued.pop(0) if self._queued else None
        if answer is not None:
            if isinstance(answer, TransportError):
                raise answer
            return answer if isinstance(answer, Response) else answer(request)
        if self._respond is not None:
            return self._respond(request)
        if self._strict:
            # Named by operation: the client's error message blanks request paths (ids).
            what = operation or f"{request.method} (undeclared path)"
            raise AssertionError(f"strict mock: no answer queued for {what}")
        with self._lock:
            return self.defaults.answer(operation, path_id, payload)


class MockTransport(_Recorder):
    """A blocking transport that records every request and answers from a script.

    Args:
        answers: `Response` objects, `TransportError` instances (raised, as a network
            failure would be) or callables ``request -> Response``, used in order.
        respond: answers every request once ``answers`` are used up.
        strict: with neither left, fail the test (``AssertionError``) instead of giving
            the API-shaped default answer.

    Retries wait through ``sleep``, which records the delay and returns at once.

    It imports only the sans-IO core and the standard library, so it can also drive a
    core flow directly: ``run_sync(config.flow(...), mock.send, mock.sleep)``.
    """

    def send(self, request: Request) -> Response:
        return self._answer(request)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def close(self) -> None:
        self.closed = True


class AsyncMockTransport(_Recorder):
    """The async twin of `MockTransport`; its ``sleep`` records and returns at once."""

    async def send(self, request: Request) -> Response:
        return self._answer(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def aclose(self) -> None:
        self.closed = True
