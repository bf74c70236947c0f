"""Who may call the emulated API: bearer keys, their permissions, and per-key rate limits.

By default any well-formed key (``sk_test_…`` or ``sk_live_…``) is accepted with full access, so
examples work with any key. A fixed key list (``Sandbox(keys=...)``) replaces that rule; keys minted
through ``POST /api-keys`` are accepted in both modes until revoked.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, cast

from ._errors import ApiError

__all__ = [
    "KEY_PATTERN",
    "PERMISSIONS",
    "Caller",
    "Keyring",
    "Permission",
    "RateLimiter",
    "new_key",
]

Permission = Literal["full_access", "sending_access"]
PERMISSIONS: tuple[Permission, ...] = ("full_access", "sending_access")
# Placeholder keys from documentation ("sk_live_...") count as well formed, so the guide's snippets
# run verbatim against the sandbox.
KEY_PATTERN = re.compile(r"^sk_(test|live)_[A-Za-z0-9_\-.]{1,200}$")


def new_key(mode: Literal["test", "live"] = "test") -> str:
    """A fresh, well-formed API key."""
    return f"sk_{mode}_{secrets.token_hex(16)}"


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated key of a request."""

    key: str
    permission: Permission
    api_key_id: int | None = None
    domain_id: int | None = None

    @property
    def test_mode(self) -> bool:
        return self.key.startswith("sk_test_")


# Looks up a key minted through the API: the caller, or None; raises ApiError if revoked.
MintedLookup = Callable[[str], "Caller | None"]


class Keyring:
    """Decides which bearer keys are accepted and with what permission."""

    def __init__(self, keys: Mapping[str, Permission] | Iterable[str] | None = None) -> None:
        self.fixed: dict[str, Permission] | None
        if keys is None:
            self.fixed = None
        elif isinstance(keys, Mapping):
            pairs = cast("Mapping[str, Permission]", keys)
            self.fixed = {str(k): v for k, v in pairs.items()}
        else:
            self.fixed = {str(k): "full_access" for k in keys}
        if self.fixed is not None:
            if not self.fixed:
                raise ValueError("keys must not be empty")
            for key, permission in self.fixed.items():
                if not KEY_PATTERN.match(key):
                    raise ValueError(f"malformed API key {key!r} (want sk_test_… or sk_live_…)")
                if permission not in PERMISSIONS:
                    raise ValueError(f"unknown permission {permission!r} for key {key!r}")
        self.minted: MintedLookup | None = None

    def default_key(self) -> str:
        """The key the sandbox advertises: the first full-access fixed key, or a fresh test key."""
        if self.fixed is not None:
            for key, permission in self.fixed.items():
                if permission == "full_access":
                    return key
            return next(iter(self.fixed))
        return new_key("test")

    def authenticate(self, authorization: str | None) -> Caller:
        """Resolve an ``Authorization`` header value to a caller.

        Raises:
            ApiError: 401 ``unauthorized`` when the header is missing, malformed or unknown.
        """
        if not authorization:
            raise ApiError(401, "Missing API key: send 'Authorization: Bearer sk_…'")
        scheme, _, key = authorization.partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise ApiError(401, "Malformed Authorization header: expected 'Bearer <api key>'")
        if not KEY_PATTERN.match(key):
            raise ApiError(401, "Invalid API key: expected sk_test_… or sk_live_…")
        if self.minted is not None:
            found = self.minted(key)
            if found is not None:
                return found
        if self.fixed is None:
            return Caller(key, "full_access")
        permission = self.fixed.get(key)
        if permission is None:
            raise ApiError(401, "Invalid API key")
        return Caller(key, permission)


class RateLimiter:
    """A token bucket per key: ``rate`` requests per second, bursts up to ``max(1, rate)``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, key: str, rate: float | None) -> tuple[int, int] | None:
        """Take a token for ``key``.

        Returns ``(limit, remaining)`` for the rate-limit headers, or ``None`` when unlimited.

        Raises:
            ApiError: 429 ``rate_limit_exceeded`` with ``Retry-After`` (whole seconds, ≥ 1).
        """
        if rate is None:
            return None
        capacity = max(1.0, rate)
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = math.ceil((1.0 - tokens) / rate)
                raise ApiError(
                    429,
                    f"Rate limit exceeded: {rate:g} requests per second",
                    "rate_limit_exceeded",
                    headers={
                        "Retry-After": str(max(1, wait)),
                        "X-RateLimit-Limit": f"{capacity:g}",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": str(max(1, wait)),
                    },
                )
            tokens -= 1.0
            self._buckets[key] = (tokens, now)
        return math.floor(capacity), math.floor(tokens)

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
