# Generated from poststack/_async/_resource.py by scripts/unasync.py; do not edit by hand.
"""The base of every resource: holds the client's call function, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Call", "Resource"]

Call = Callable[..., Any]


class Resource:
    """One resource (``ps.emails``, ``ps.domains``...) of a client."""

    __slots__ = ("_call",)

    def __init__(self, call: Call) -> None:
        self._call = call
