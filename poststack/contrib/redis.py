"""One rate limit shared by every client in every process and host: `RedisRateLimiter`.

::

    from poststack import PostStack
    from poststack.contrib.redis import RedisRateLimiter

    limiter = RedisRateLimiter("redis://localhost:6379/0", rate=10)   # 10 requests/s in all
    ps = PostStack(rate_limiter=limiter)

Every client given a limiter with the same Redis and ``name`` shares one budget of ``rate``
requests per second (and ``burst`` back to back), and a 429's ``Retry-After`` seen by any of
them holds all the others until it has passed.

The algorithm is GCRA (the "generic cell rate algorithm" of ATM networks, a token bucket kept
as one timestamp) with reservations: one Lua script, run atomically by Redis, reads the
server's clock (``TIME``, so the hosts' clocks need not agree), takes the next free slot and
returns how long the caller must wait for it. A pause is a second key holding the time it ends.
Both keys share a hash tag, so the script also runs on Redis Cluster.

If Redis cannot be reached, the limiter lets the request through and logs a warning on the
``poststack`` logger (fail open): the API's own limit, and the client's retries of its 429s,
remain the backstop, and an outage of the limiter does not stop mail.

Needs ``pip install 'poststack[redis]'``.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import redis

from .._ratelimit import check_rate

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("poststack")

# KEYS[1]: the theoretical arrival time of the next request (µs of Redis server time).
# KEYS[2]: when the current pause ends (µs).
# ARGV[1]: µs between requests (0: no rate, pauses only); ARGV[2]: the burst tolerance in µs.
# Returns the µs the caller waits before sending (its reserved slot).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local send_at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
if interval > 0 then
  local base = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
  send_at = math.max(send_at, base - tolerance)
  local tat = math.max(base, send_at) + interval
  redis.call('SET', KEYS[1], string.format('%.0f', tat),
             'PX', math.ceil((tat - now) / 1000) + 1000)
end
return send_at - now
"""

# KEYS[1]: when the current pause ends (µs). ARGV[1]: the pause in µs, from now.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local ends = now + tonumber(ARGV[1])
if ends > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], string.format('%.0f', ends),
             'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 0
"""


class RedisRateLimiter:
    """A `poststack.RateLimiter` whose state lives in Redis, shared by every client using it.

    Args:
        redis_url: ``redis://[:password@]host:port/db`` (or ``rediss://``, ``unix://``).
        rate: requests per second for all sharing clients together; ``None`` shares only the
            pauses of 429s.
        burst: requests allowed back to back after a quiet spell.
        name: limiters with the same name (and Redis) share one budget: one per API key.
        client: an existing ``redis.Redis`` to use instead of ``redis_url``.

    Raises:
        TypeError, ValueError: a bad rate, burst or name.
    """

    def __init__(
        self,
        redis_url: str | None = None,
        *,
        rate: float | None,
        burst: int = 1,
        name: str = "default",
        client: redis.Redis | None = None,
    ) -> None:
        self.rate, self.burst = check_rate(rate, burst)
        if not isinstance(name, str) or not name or "}" in name or "{" in name:  # pyright: ignore[reportUnnecessaryIsInstance]  # callers may be untyped
            raise ValueError("name must be a non-empty str without braces")
        if client is not None and redis_url is None:
            self._redis = client
        elif redis_url is not None and client is None:
            self._redis = redis.Redis.from_url(redis_url)  # pyright: ignore[reportUnknownMemberType]  # redis-py leaves **kwargs untyped
        else:
            raise ValueError("give either redis_url or client")
        self.name = name
        interval = 0 if self.rate is None else round(1_000_000 / self.rate)
        self._arguments = (interval, (self.burst - 1) * interval)
        prefix = f"poststack:ratelimit:{{{name}}}"
        self._tat_key = f"{prefix}:tat"
        self._pause_key = f"{prefix}:pause"
        self._acquire: Any = self._redis.register_script(_ACQUIRE)
        self._pause: Any = self._redis.register_script(_PAUSE)

    def acquire(self) -> float:
        try:
            waited = self._acquire(keys=[self._tat_key, self._pause_key], args=self._arguments)
        except redis.RedisError as exc:
            logger.warning("rate limiter %r unavailable, sending unlimited: %s", self.name, exc)
            return 0.0
        return max(0, int(waited)) / 1_000_000

    def pause(self, seconds: float) -> None:
        if not seconds > 0 or not math.isfinite(seconds):
            return
        try:
            self._pause(keys=[self._pause_key], args=[math.ceil(seconds * 1_000_000)])
        except redis.RedisError as exc:
            logger.warning("rate limiter %r unavailable, pause not shared: %s", self.name, exc)

    def close(self) -> None:
        """Release this limiter's Redis connections."""
        self._redis.close()

    def __repr__(self) -> str:
        return f"RedisRateLimiter(rate={self.rate!r}, burst={self.burst!r}, name={self.name!r})"
