"""The one object every handler reaches for: store, faults, keys, limits, counters, timers.

``SandboxState`` is created with the sandbox (before the server starts, so the in-process
``Sandbox`` methods work at any time) and lives in the aiohttp application under :data:`STATE`.
Mutable settings and counters are guarded by ``lock`` because test threads read and reset them
while the event loop serves requests.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ._auth import Keyring, Permission, RateLimiter
from ._domain_docs import register_verified
from ._faults import FaultBook
from ._store import Store

if TYPE_CHECKING:
    from ._webhooks import WebhookDispatcher

__all__ = [
    "DEFAULT_DELIVERY_DELAY",
    "DEFAULT_TIME_SCALE",
    "STATE",
    "SandboxState",
    "Settings",
    "check_domain_name",
]

# Seconds between the simulated delivery steps (queued -> sent -> delivered): small, but never
# zero, so code that reads "delivered" right after a send fails here as it would in production.
DEFAULT_DELIVERY_DELAY = 0.05
# The service's long waits (webhook retry backoff, workflow waits) run this many times
# faster in the sandbox (1 h -> 3.6 s).
DEFAULT_TIME_SCALE = 0.001

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def check_domain_name(value: object) -> str:
    """A lower-cased domain name, or ``ValueError``."""
    if not isinstance(value, str):
        raise ValueError(f"a domain must be a string, not {type(value).__name__}")
    name = value.strip().lower().rstrip(".")
    if not _HOSTNAME.match(name):
        raise ValueError(f"not a valid domain name: {value!r}")
    return name


@dataclass
class Settings:
    """Run-time knobs, changeable through ``POST /_sandbox/config``."""

    rate_limit_per_second: float | None = None
    monthly_quota: int | None = None
    delivery_delay: float = DEFAULT_DELIVERY_DELAY
    time_scale: float = DEFAULT_TIME_SCALE

    def to_json(self) -> dict[str, Any]:
        return {
            "rate_limit_per_second": self.rate_limit_per_second,
            "monthly_quota": self.monthly_quota,
            "delivery_delay": self.delivery_delay,
            "time_scale": self.time_scale,
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
        delivery_delay: float = DEFAULT_DELIVERY_DELAY,
        time_scale: float = DEFAULT_TIME_SCALE,
        domains: Iterable[str] = (),
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
            time_scale=time_scale,
        )
        if isinstance(domains, str):
            raise TypeError("domains must be a list of domain names, not a string")
        # Pre-registered, verified sending domains; re-created by reset().
        self.domains = list(dict.fromkeys(check_domain_name(d) for d in domains))
        # Opened last, so a bad option raises before there is a database to leak.
        self.store = Store(db)
        self.connections = 0
        self.requests = 0
        self.sent_this_month = 0
        # Set when the server starts, on the loop that serves requests.
        self.loop: asyncio.AbstractEventLoop | None = None
        self.webhooks: WebhookDispatcher | None = None
        self.timers: dict[int, asyncio.TimerHandle] = {}
        # Other timers (scheduled broadcasts, A/B test ends…), by a name such as "broadcast:3".
        self.jobs: dict[str, asyncio.TimerHandle] = {}
        # Listeners for the inbox's live updates (each gets a "changed" notification).
        self.listeners: set[asyncio.Queue[str]] = set()
        # Called with (method, path, status, request id) after each answered request (the CLI).
        self.request_log: Callable[[str, str, int, str], None] | None = None
        self.seed_domains()

    def seed_domains(self) -> None:
        """Create (or verify) every pre-registered domain."""
        for name in self.domains:
            register_verified(self.store, name)

    def register_domain(self, name: str) -> dict[str, Any]:
        """Pre-register one more verified domain (kept across ``reset()``); returns it."""
        checked = check_domain_name(name)
        with self.lock:
            if checked not in self.domains:
                self.domains.append(checked)
        return register_verified(self.store, checked)

    def notify(self, what: str = "changed") -> None:
        """Tell the inbox pages that something changed (call on the server loop)."""
        for queue in list(self.listeners):
            if queue.qsize() < 100:
                queue.put_nowait(what)

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
                elif name == "time_scale":
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                        raise ValueError("time_scale must be a positive number")
                    self.settings.time_scale = float(value)
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
            for handle in [*self.timers.values(), *self.jobs.values()]:
                handle.cancel()
            self.timers.clear()
            self.jobs.clear()
            self.store.clear()
            self.faults.clear()
            self.limiter.clear()
            self.connections = 0
            self.requests = 0
            self.sent_this_month = 0
        self.seed_domains()
        self.notify()


STATE = web.AppKey("poststack_sandbox.state", SandboxState)
