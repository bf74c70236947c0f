"""The retry policy: which failures are repeated, and after how long.

Rules of this module (the numbers are `RetryPolicy` fields, so each is configurable):

* At most ``max_retries + 1`` attempts. The wait before retry ``n`` (0-based) is full
  jitter: ``random() * min(backoff_cap, backoff_base * 2**n)``, the random source injected.
* Retried: network failures, 408, 429, every 5xx. A ``Retry-After`` (delta-seconds or an
  HTTP-date) replaces the jitter when it is at most ``retry_after_cap`` seconds; a longer
  one ends the call at once, the error carrying ``retry_after``.
* A ``Retry-After`` that cannot be read is treated as absent, never as an error: garbage,
  a negative number, ``NaN``/``inf``, non-ASCII digits, more than 15 digits, an
  HTTP-date that is no real date (year 0, 31 February, 25 o'clock) or any HTTP-date
  when no clock was given. The jittered backoff then applies, exactly as without the
  header (so a 429 with a ``code`` and an unreadable ``Retry-After`` is not retried).
  Parsing never raises, whatever the value.
* A status outside 100-599 is no HTTP answer: it is never retried.
* Never retried: quota 429s (a quota code, or any 429 with a code and no ``Retry-After``),
  every other 4xx, TLS failures.
* A call the server cannot deduplicate (a POST other than a send) is repeated only where
  the request provably took no effect: connect-phase failures, 408, 429 and 503.

This module is pure: the clock (for HTTP-date ``Retry-After``) and the random source are
arguments.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ._errors import TransportError

__all__ = [
    "QUOTA_CODES",
    "RetryPolicy",
    "parse_retry_after",
]

#: 429 codes that mean a plan quota or daily cap: waiting seconds cannot lift them.
QUOTA_CODES: frozenset[str] = frozenset(
    {
        "monthly_limit_exceeded",
        "daily_limit_exceeded",
        "send_limit_exceeded",
        "quota_exceeded",
        "daily_cap_exceeded",
    }
)

# Statuses that prove the server did not act on the request, so even a POST the server
# cannot deduplicate may be repeated after them.
_NOT_ACTED_ON = frozenset({408, 429, 503})

_DELTA_SECONDS = re.compile(r"^\d{1,15}(?:\.\d{1,9})?\Z", re.ASCII)
# "Wednesday, 21-Oct-26 07:28:00 GMT" is the longest form; longer text is no date.
_LONGEST_HTTP_DATE = 40

# The three HTTP-date forms of RFC 9110 §5.6.7. (email.utils would parse them too, but it
# imports socket, and this module may not.)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_IMF_FIXDATE = re.compile(
    r"^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$", re.ASCII
)
_RFC850_DATE = re.compile(
    r"^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$", re.ASCII
)
_ASCTIME_DATE = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$", re.ASCII
)


def _http_date(text: str) -> float | None:
    """Seconds since the epoch for an HTTP-date, or ``None`` if ``text`` is not one."""
    if match := _IMF_FIXDATE.match(text):
        day, month, year, hour, minute, second = match.groups()
    elif match := _RFC850_DATE.match(text):
        day, month, short_year, hour, minute, second = match.groups()
        year = str(1900 + int(short_year) if int(short_year) >= 70 else 2000 + int(short_year))
    elif match := _ASCTIME_DATE.match(text):
        month, day, hour, minute, second, year = match.groups()
    else:
        return None
    import calendar  # noqa: PLC0415 - here: an HTTP-date Retry-After is rare, and a cold start pays for it

    month_number = _MONTHS.get(month.lower())
    fields = (int(year), int(day), int(hour), int(minute), int(second))
    # Year 0 is no date (the proleptic calendar starts at 1); monthrange rejects it.
    if month_number is None or fields[0] < 1:
        return None
    if not (
        1 <= fields[1] <= calendar.monthrange(fields[0], month_number)[1]
        and fields[2] < 24
        and fields[3] < 60
        and fields[4] < 61
    ):
        return None
    return float(calendar.timegm((fields[0], month_number, *fields[1:], 0, 0, 0)))


def parse_retry_after(value: str | None, now: Callable[[], float] | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or ``None`` if it gives none.

    Accepts delta-seconds (``"5"``, also ``"1.5"``) and HTTP-dates (``"Wed, 21 Oct 2026
    07:28:00 GMT"``; a date in the past means 0). Returns ``None`` for anything else:
    garbage, negative numbers, ``inf``/``nan``, or an HTTP-date when no clock is given.

    Args:
        value: the header's value, or ``None`` when absent.
        now: returns the current Unix time; needed only for HTTP-dates.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _DELTA_SECONDS.match(text):
        return float(text)
    if now is None or len(text) > _LONGEST_HTTP_DATE:
        return None
    try:
        when = _http_date(text)
    except (ValueError, OverflowError):  # belt and braces: no date may stop a retry
        return None
    if when is None:
        return None
    delta = when - now()
    return max(0.0, delta) if math.isfinite(delta) else None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Which failed attempts are repeated, and how long to wait first.

    Args:
        max_retries: repeats allowed after the first attempt.
        backoff_base: seconds; the jitter window before retry ``n`` is
            ``backoff_base * 2**n``.
        backoff_cap: the jitter window never exceeds this many seconds.
        retry_after_cap: the longest ``Retry-After`` the client sleeps through.
        quota_codes: 429 codes that are never retried.
    """

    max_retries: int = 3
    backoff_base: float = 0.25
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0
    quota_codes: frozenset[str] = QUOTA_CODES

    def backoff(self, retry: int, random: Callable[[], float]) -> float:
        """The jittered wait before retry number ``retry`` (0 for the first retry)."""
        # 2**62 already dwarfs any cap; the bound keeps the float finite for any retry.
        window = min(self.backoff_cap, self.backoff_base * 2.0 ** min(retry, 62))
        return random() * window

    def after_status(
        self,
        *,
        retry: int,
        status: int,
        code: str | None,
        retry_after: float | None,
        retry_safe: bool,
        random: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before repeating an attempt that got ``status``; ``None``: don't.

        Args:
            retry: how many retries were already made for this call.
            status: the HTTP status of the failed attempt.
            code: the error body's ``code``, if any.
            retry_after: the parsed ``Retry-After``, if any.
            retry_safe: whether the call may be repeated after an ambiguous failure.
            random: the jitter source, returning floats in ``[0, 1)``.
        """
        if retry >= self.max_retries:
            return None
        if status == 429:
            if code in self.quota_codes or (code is not None and retry_after is None):
                return None
        elif status != 408 and not 500 <= status <= 599:
            return None
        if not retry_safe and status not in _NOT_ACTED_ON:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.retry_after_cap else None
        return self.backoff(retry, random)

    def after_transport_error(
        self,
        *,
        retry: int,
        error: TransportError,
        retry_safe: bool,
        random: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before repeating an attempt that got no answer; ``None``: don't."""
        if retry >= self.max_retries or not error.retryable:
            return None
        if not (retry_safe or error.not_sent):
            return None
        return self.backoff(retry, random)
