"""Caller input where it enters: any path id, header or idempotency key either becomes a
request that carries it exactly (the id as one path segment, the header intact) or is
refused with `ValueError`/`TypeError` before anything is sent."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import ClientOptions, build_request, endpoint

from .conftest import examples
from .strategies import Reader

OPTIONS = ClientOptions(api_key="sk_test_fuzz", base_url="https://proxy.example/ps")
REMOVE = endpoint("segments.remove_contact")  # DELETE /segments/{id}/contacts/{contact_id}
SEND = endpoint("emails.send")
PRINTABLE = re.compile(r"[\t\x20-\x7e]*\Z")
TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
DOTTY = "./\\%2eEfF a?#"  # an alphabet dense in dot segments and escapes
ODD_IDS: list[object] = [None, True, 1.5, b"x", ["a"], "", " ", "\ud800", 0, -1]
NAMES = ["X-Trace", "Host", "Idempotency-Key", "x.y_z", "content-length", "X Trace", "", "é"]
SECRET = "S3CR3T"
VALUES: list[object] = [
    *["v", "", "a\r\nb", "\x00", "\x7f", "\u2028", "é", "\t x ", 5, None, b"v"],
    *[f"tok_{SECRET}\n", f"{SECRET}\u2028", f"{SECRET} é", f"\x00{SECRET}", SECRET],
]


def dot_segments(text: str) -> bool:
    return any(part in {".", ".."} for part in re.split(r"[/\\]", text))


def id_from(read: Reader) -> object:
    mode = read.byte() % 4
    if mode == 0:
        return "".join(read.pick(DOTTY) for _ in range(read.byte() % 9))
    if mode == 1:
        return read.text(read.byte() % 16)
    if mode == 2:
        return read.number(8, signed=True)
    return read.pick(ODD_IDS)


def check_ids(the_id: object, contact_id: object) -> None:
    try:
        request = build_request(
            OPTIONS, REMOVE, path_params={"id": the_id, "contact_id": contact_id}
        )
    except (ValueError, TypeError):
        return
    parts = urlsplit(request.url)
    assert (parts.query, parts.fragment) == ("", "")
    segments = parts.path.split("/")
    assert segments[:3] == ["", "ps", "segments"]
    assert segments[4] == "contacts"
    assert len(segments) == 6
    for given_id, segment in ((the_id, segments[3]), (contact_id, segments[5])):
        assert unquote(segment) == str(given_id)
        assert segment.strip()
        assert not dot_segments(segment)
        assert not dot_segments(unquote(segment))
        assert not dot_segments(unquote(unquote(segment)))


@examples(3_000)
@given(raw=st.binary(max_size=48))
def test_an_id_is_one_segment_or_refused(raw: bytes) -> None:
    read = Reader(raw)
    check_ids(id_from(read), id_from(read))


@examples(1_000)
@given(
    the_id=st.one_of(st.text(alphabet=DOTTY, max_size=8), st.text(max_size=12), st.integers()),
    contact_id=st.one_of(st.text(alphabet=DOTTY, max_size=8), st.text(max_size=12)),
)
def test_a_structured_id_too(the_id: object, contact_id: object) -> None:
    check_ids(the_id, contact_id)


def check_headers(extra: dict[Any, Any], key: str | None) -> None:
    try:
        request = build_request(
            OPTIONS,
            SEND,
            body={"from": "a@example.com"},
            idempotency_key=key,
            new_idempotency_key=lambda: "generated",
            extra_headers=extra,
        )
    except TypeError:
        return
    except ValueError as refused:
        message = str(refused)
        # A value may be a secret: a refusal never repeats one (names are not secrets).
        if not any(SECRET in str(name) for name in extra):
            assert SECRET not in message
        return
    sent = request.headers[len(request.headers) - len(extra) :] if extra else ()
    assert sent == tuple(extra.items())
    for name, value in request.headers:
        assert TOKEN.match(name)
        assert PRINTABLE.match(value)
    assert request.header("idempotency-key") == (key if key is not None else "generated")


@examples(3_000)
@given(raw=st.binary(max_size=64))
def test_headers_and_keys_are_carried_intact_or_refused(raw: bytes) -> None:
    read = Reader(raw)
    extra: dict[Any, Any] = {}
    for _ in range(read.byte() % 4):
        name = read.pick(NAMES) if read.byte() % 2 else read.text(10)
        extra[name] = read.pick(VALUES) if read.byte() % 2 else read.text(20)
    key = None if read.byte() % 2 else read.text(12)
    check_headers(extra, key)


@examples(1_000)
@given(
    extra=st.dictionaries(
        st.one_of(st.sampled_from(NAMES), st.text(max_size=10)),
        st.one_of(st.text(max_size=20), st.sampled_from(VALUES)),
        max_size=3,
    ),
    key=st.one_of(st.none(), st.text(max_size=10)),
)
def test_structured_headers_and_keys_too(extra: dict[str, str], key: str | None) -> None:
    check_headers(extra, key)
