"""The base of every resource: holds the client's call function, nothing else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["AsyncCall", "AsyncResource"]

AsyncCall = Callable[..., Awaitable[Any]]


class AsyncResource:
    """One resource (``ps.emails``, ``ps.domains``...) of a client."""

    __slots__ = ("_call",)

    def __init__(self, call: AsyncCall) -> None:
        self._call = call
