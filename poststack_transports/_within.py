"""`within`: an awaitable bounded in time on asyncio, for the async adapters.

Apart from `_limits` (which exports it, imported on first use) because it needs `asyncio`,
which a sync transport never loads.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["within"]

T = TypeVar("T")

if sys.version_info >= (3, 11):

    async def within(seconds: float, work: Awaitable[T]) -> T:
        """``await work``, or ``asyncio.TimeoutError`` after ``seconds`` (asyncio only)."""
        async with asyncio.timeout(seconds):  # no extra task, unlike wait_for before 3.12
            return await work

else:  # pragma: no cover - Python 3.10

    async def within(seconds: float, work: Awaitable[T]) -> T:
        """``await work``, or ``asyncio.TimeoutError`` after ``seconds`` (asyncio only)."""
        return await asyncio.wait_for(work, seconds)
