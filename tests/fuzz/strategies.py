"""What a hostile or broken network can hand the core: statuses, headers, bodies, failures.

Each strategy mixes the plausible (API-shaped JSON, real HTTP-dates) with the absurd
(random bytes, JSON nested tens of thousands deep, statuses no server sends), so that
every branch of every parser is reached and none of them is trusted.

Hypothesis spends far more time per value it draws than the core spends reading an
answer, so most cases are *decoded from one drawn byte string* (the way libFuzzer's
FuzzedDataProvider works): the first bytes pick the status, the headers and the kind of
body, the rest is the body. One draw per answer keeps the suite at tens of thousands of
cases a minute, and Hypothesis still shrinks a failure to its smallest byte string.
Structured strategies (``st.builds``) are mixed in for what bytes reach poorly.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    Response,
    TLSError,
    TransportError,
    WriteError,
)

T = TypeVar("T")


class Reader:
    """Reads one drawn byte string as a sequence of choices (libFuzzer's FuzzedDataProvider).

    Every read succeeds: past the end it yields zeros, which decode to the simplest choice,
    so Hypothesis shrinks a failure toward short, zero-filled inputs.
    """

    __slots__ = ("at", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.at = 0

    def byte(self) -> int:
        at = self.at
        self.at += 1
        return self.raw[at] if at < len(self.raw) else 0

    def pick(self, choices: Sequence[T]) -> T:
        return choices[self.byte() % len(choices)]

    def number(self, size: int, *, signed: bool = False) -> int:
        return int.from_bytes(bytes(self.byte() for _ in range(size)), "big", signed=signed)

    def float64(self) -> float:
        return float(struct.unpack(">d", bytes(self.byte() for _ in range(8)))[0])

    def take(self, size: int) -> bytes:
        piece = self.raw[self.at : self.at + size]
        self.at += size
        return piece

    def rest(self) -> bytes:
        piece = self.raw[self.at :]
        self.at = len(self.raw)
        return piece

    def text(self, size: int) -> str:
        """Up to ``size`` bytes as text: UTF-8 where it decodes, Latin-1 where not."""
        piece = self.take(size)
        try:
            return piece.decode("utf-8")
        except UnicodeDecodeError:
            return piece.decode("latin-1")


# -- statuses ----------------------------------------------------------------------------

API_STATUSES = [200, 201, 202, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504]
statuses = st.one_of(
    st.sampled_from([*API_STATUSES, -(2**63), 2**63, 10**30, 0, 99, 100, 103, 600]),
    st.integers(min_value=-1000, max_value=10_000),
)
success_statuses = st.integers(min_value=200, max_value=299)

# -- bodies ------------------------------------------------------------------------------
#
# Hypothesis spends most of its time per drawn value, so bodies are drawn as a few raw
# bytes and then read as a sequence of JSON tokens ("token soup"): one cheap draw gives
# valid objects, lists and scalars, every kind of broken JSON, and bytes that are no
# UTF-8, and shrinks to the smallest failing token sequence.

TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b" ",
    b'"error"',
    b'"code"',
    b'"message"',
    b'"data"',
    b'"meta"',
    b'"totalPages"',
    b'"id"',
    b'"x"',
    b'"rate_limit_exceeded"',
    b'"\\ud800"',
    b'"\\u2028"',
    b"0",
    b"1",
    b"-7",
    b"2.5e3",
    b"1e999",
    b"9" * 30,
    b"NaN",
    b"null",
    b"true",
    b"false",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"<html>",
    b"\r\n",
]


def soup(raw: bytes) -> bytes:
    """``raw`` read as one JSON token per byte."""
    return b"".join([TOKENS[byte % len(TOKENS)] for byte in raw])


@st.composite
def deep_json(draw: st.DrawFn) -> bytes:
    """JSON nested up to far beyond any parser's recursion limit, closed or cut off."""
    depth = draw(st.sampled_from([1, 2, 10, 500, 999, 1_000, 1_001, 3_000, 20_000, 60_000]))
    opener, closer = draw(
        st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b'{"error":', b"}"), (b'{"data":', b"}")])
    )
    body = opener * depth + b"1"
    return body + closer * depth if draw(st.booleans()) else body


FIXED_BODIES = [
    b"",
    b"null",
    b"   ",
    b"{}",
    b"[]",
    b'{"id": "em_1"}',
    b'{"data": [{"id": 1}], "meta": {"page": 1, "totalPages": 3}}',
    b'{"error": "Too many requests", "code": "rate_limit_exceeded"}',
    b'{"error": "Monthly limit", "code": "monthly_limit_exceeded"}',
    b"<html><body>502 Bad Gateway</body></html>",
    b"\xff\xfe\x00\x00",
    b'{"id": NaN}',
    b"1" * 5_000,
    b"x" * 70_000,
]

bodies = st.one_of(
    st.binary(max_size=32).map(soup),
    st.binary(max_size=96),
    deep_json(),
    st.sampled_from(FIXED_BODIES),
)

# -- headers -----------------------------------------------------------------------------

RETRY_AFTERS = [
    "0",
    "1",
    "1.5",
    "61",
    "9999999",
    "9" * 16,
    "-1",
    "NaN",
    "inf",
    "1e309",
    "",
    " 5 ",
    "Mon, 01 Jan 0000 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Wed, 21 Oct 2026 07:28:00 GMT",
    "Wednesday, 21-Oct-26 07:28:00 GMT",
    "Wed Oct 21 07:28:00 2026",
    "Sun Feb 30 00:00:00 0000",
]


@st.composite
def http_dates(draw: st.DrawFn) -> str:
    """HTTP-date shaped text in each of the three forms, with any numbers in the fields."""
    day, hour, minute, second = draw(st.tuples(*[st.integers(0, 99)] * 4))
    year = draw(st.integers(0, 10**8))
    month = draw(st.sampled_from(["Jan", "Feb", "Mar", "Apr", "Dec", "Foo", "jan"]))
    clock = f"{hour:02d}:{minute:02d}:{second:02d}"
    form = draw(st.sampled_from([0, 1, 2]))
    if form == 0:
        return f"Mon, {day:02d} {month} {year:04d} {clock} GMT"
    if form == 1:
        return f"Monday, {day:02d}-{month}-{year % 100:02d} {clock} GMT"
    return f"Mon {month} {day:2d} {clock} {year:04d}"


retry_after_values = st.one_of(
    st.sampled_from(RETRY_AFTERS),
    http_dates(),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats().map(str),
    st.text(max_size=30),
)
HEADER_NAMES = ["Retry-After", "retry-after", "X-Request-Id", "Content-Type", "X-Other", "", "é\n"]
ODD_VALUES = ["", "req_1", "text/html", "application/json; charset=utf-8", "\u2028", "\x00", "é"]
# Every name with every value, drawn in one step each: headers are a dimension of every
# answer, and a draw per character would cost more than the parsers under test.
HEADER_POOL = [(name, value) for name in HEADER_NAMES for value in [*RETRY_AFTERS, *ODD_VALUES]]
headers = st.lists(
    st.one_of(st.sampled_from(HEADER_POOL), st.tuples(st.just("Retry-After"), retry_after_values)),
    max_size=3,
).map(tuple)

STATUS_TABLE = [*API_STATUSES, 0, -1, 99, 100, 101, 103, 199, 299, 301, 304, 418, 599, 600, 999]
DEPTHS = [1, 2, 10, 500, 999, 1_000, 1_001, 3_000, 20_000, 60_000]
OPENERS = [(b"[", b"]"), (b'{"a":', b"}"), (b'{"error":', b"}"), (b'{"data":', b"}")]


def status_from(read: Reader) -> int:
    """A status from the table, or (for a first byte of 255) any 64-bit integer."""
    first = read.byte()
    if first == 255:
        return read.number(8, signed=True)
    return STATUS_TABLE[first % len(STATUS_TABLE)]


def body_from(read: Reader) -> bytes:
    """A body: token soup, raw bytes, deep JSON or a fixed answer, by the first byte."""
    mode = read.byte() % 4
    if mode == 0:
        return soup(read.rest())
    if mode == 1:
        return read.rest()
    if mode == 2:
        depth = read.pick(DEPTHS)
        opener, closer = read.pick(OPENERS)
        return opener * depth + b"1" + (closer * depth if read.byte() % 2 else b"")
    return read.pick(FIXED_BODIES)


def response_from(raw: bytes | Reader, *, success: bool = False) -> Response:
    """A whole answer from one byte string: status, up to three headers, then the body."""
    read = raw if isinstance(raw, Reader) else Reader(raw)
    status = 200 + read.byte() % 100 if success else status_from(read)
    pairs = tuple(read.pick(HEADER_POOL) for _ in range(read.byte() % 4))
    return Response(status, pairs, body_from(read))


raw_cases = st.binary(max_size=48)
#: Answers decoded from one drawn byte string: cheap, so they carry the example counts.
responses = raw_cases.map(response_from)
success_responses = raw_cases.map(lambda raw: response_from(raw, success=True))
#: Answers drawn field by field: richer headers, slower; run at lower counts.
structured_responses = st.builds(Response, statuses, headers, bodies)
structured_success_responses = st.builds(Response, success_statuses, headers, bodies)

# -- transport failures ------------------------------------------------------------------

FAILURE_KINDS: list[type[TransportError]] = [
    TransportError,
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    WriteError,
    RemoteProtocolError,
    TLSError,
]
FAILURE_TEXTS = [
    "",
    "[Errno 111] Connection refused",
    "timed out",
    "Server disconnected without sending a response.",
    "\u2028\x00é",
]


def failure_from(raw: bytes | Reader) -> TransportError:
    """A transport failure of any kind, with a typical message or the bytes as text."""
    read = raw if isinstance(raw, Reader) else Reader(raw)
    kind = read.pick(FAILURE_KINDS)
    if read.byte() % 2:
        return kind(read.text(40))
    return kind(read.pick(FAILURE_TEXTS))


transport_errors = raw_cases.map(failure_from)


def _failure(kind: type[TransportError], args: list[str | int]) -> TransportError:
    return kind(*args)


structured_transport_errors = st.builds(
    _failure,
    st.sampled_from(FAILURE_KINDS),
    st.lists(st.one_of(st.text(max_size=60), st.integers()), max_size=2),
)


def outcome_from(raw: bytes | Reader) -> Response | TransportError:
    """An attempt's outcome: an answer, or (one time in four) a failure."""
    read = raw if isinstance(raw, Reader) else Reader(raw)
    if read.byte() % 4 == 0:
        return failure_from(read)
    return response_from(read)


def script_from(read: Reader) -> list[Response | TransportError]:
    """One to six outcomes, each decoded from its own slice of the bytes."""
    count = read.byte() % 6 + 1
    return [outcome_from(read.take(read.byte() % 48)) for _ in range(count)]


def retry_after_from(read: Reader) -> str:
    """A ``Retry-After`` value: a known one, an HTTP-date of any numbers, digits, or text."""
    mode = read.byte() % 4
    if mode == 0:
        return read.pick(RETRY_AFTERS)
    if mode == 1:
        day, hour, minute, second = (read.byte() % 100 for _ in range(4))
        year = read.number(4) % 10**8
        month = read.pick(["Jan", "Feb", "Mar", "Apr", "Dec", "Foo", "jan"])
        clock = f"{hour:02d}:{minute:02d}:{second:02d}"
        return read.pick(
            [
                f"Mon, {day:02d} {month} {year:04d} {clock} GMT",
                f"Monday, {day:02d}-{month}-{year % 100:02d} {clock} GMT",
                f"Mon {month} {day:2d} {clock} {year:04d}",
            ]
        )
    if mode == 2:
        digits = "".join(str(read.byte() % 10) for _ in range(read.byte() % 24))
        return read.pick(["", "-", "+", " "]) + digits + read.pick(["", ".5", ".", "e3", " "])
    return read.text(read.byte() % 32)


outcomes = raw_cases.map(outcome_from)
structured_outcomes = st.one_of(structured_responses, structured_transport_errors)
