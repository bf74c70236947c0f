"""The one object every handler reaches for: store, faults, keys, limits, counters, timers.

``SandboxState`` is created with the sandbox (before the server starts, so the in-process
``Sandbox`` methods work at any time) and lives in the aiohttp application under :data:`STATE`.
Mutable settings and counters are guarded by ``lock`` because test threads read and reset them
while the event loop serves requests.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ._auth import Keyring, Permission, RateLimiter
from ._faults import FaultBook
from ._store import Store

if TYPE_CHECKING:
    from ._webhooks import WebhookDispatcher

__all__ = ["STATE", "SandboxState", "Settings"]


@dataclass
class Settings:
    """Run-time knobs, changeable through ``POST /_sandbox/config``."""

    rate_limit_per_second: float | None = None
    monthly_quota: int | None = None
    delivery_delay: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "rate_limit_per_second": self.rate_limit_per_second,
            "monthly_quota": self.monthly_quota,
            "delivery_delay": self.delivery_delay,
        }


class SandboxState:
    """Everything one running sandbox knows."""

    def __init__(
        self,
        *,
        db: str | None = None,
        keys: Mapping[str, Permission] | Iterable[str] | None = None,
        rate_limit_per_second: float | None = None,
        monthly_quota: int | None = None,
        delivery_delay: float = 0.0,
    ) -> None:
        self.lock = threading.RLock()
        self.faults = FaultBook()
        self.keyring = Keyring(keys)
        self.api_key = self.keyring.default_key()
        self.limiter = RateLimiter()
        self.settings = Settings()
        self.configure(
            rate_limit_per_second=rate_limit_per_second,
            monthly_quota=monthly_quota,
            delivery_delay=delivery_delay,
        )
        # Opened last, so a bad option raises before there is a database to leak.
        self.store = Store(db)
        self.connections = 0
        self.requests = 0
        self.sent_this_month = 0
        # Set when the server starts, on the loop that serves requests.
        self.loop: asyncio.AbstractEventLoop | None = None
        self.webhooks: WebhookDispatcher | None = None
        self.timers: dict[int, asyncio.TimerHandle] = {}

    def configure(self, **changes: Any) -> Settings:
        """Validate and apply settings; unknown names raise ``ValueError``."""
        with self.lock:
            for name, value in changes.items():
                if name == "rate_limit_per_second":
                    if value is not None and (
                        isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0
                    ):
                        raise ValueError("rate_limit_per_second must be a positive number or null")
                    self.settings.rate_limit_per_second = None if value is None else float(value)
                elif name == "monthly_quota":
                    if value is not None and (
                        isinstance(value, bool) or not isinstance(value, int) or value < 0
                    ):
                        raise ValueError("monthly_quota must be a non-negative integer or null")
                    self.settings.monthly_quota = value
                elif name == "delivery_delay":
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                        raise ValueError("delivery_delay must be a non-negative number of seconds")
                    self.settings.delivery_delay = float(value)
                else:
                    raise ValueError(f"unknown setting {name!r}")
            self.limiter.clear()
            return Settings(**self.settings.to_json())

    def count_connection(self) -> None:
        with self.lock:
            self.connections += 1

    def count_request(self) -> None:
        with self.lock:
            self.requests += 1

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"connections": self.connections, "requests": self.requests}

    def reset(self) -> None:
        """Forget every stored resource, fault, idempotency key and counter; keep settings."""
        with self.lock:
            for handle in self.timers.values():
                handle.cancel()
            self.timers.clear()
            self.store.clear()
            self.faults.clear()
            self.limiter.clear()
            self.connections = 0
            self.requests = 0
            self.sent_this_month = 0


STATE = web.AppKey("poststack_sandbox.state", SandboxState)
