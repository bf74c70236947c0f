"""In-memory transports for resource tests: record every `Request`, answer from a script."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from poststack_proto import Request, Response

Responder = Callable[[Request], Response]


def json_response(body: Any, status: int = 200) -> Response:
    return Response(
        status, (("Content-Type", "application/json"),), json.dumps(body).encode("utf-8")
    )


class RecordingTransport:
    """A sync transport: ``send(request) -> Response`` and ``close()``."""

    def __init__(self, respond: Responder) -> None:
        self.requests: list[Request] = []
        self._respond = respond
        self.closed = False

    def send(self, request: Request) -> Response:
        self.requests.append(request)
        return self._respond(request)

    def close(self) -> None:
        self.closed = True


class AsyncRecordingTransport:
    """An async transport: ``send``, ``sleep`` and ``aclose``; sleeping is recorded, not done."""

    def __init__(self, respond: Responder) -> None:
        self.requests: list[Request] = []
        self.sleeps: list[float] = []
        self._respond = respond
        self.closed = False

    async def send(self, request: Request) -> Response:
        self.requests.append(request)
        return self._respond(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def aclose(self) -> None:
        self.closed = True
