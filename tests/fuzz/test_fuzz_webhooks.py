"""Webhook deliveries of any bytes, header and secret: `verify_signature` answers a bool and
never raises; `construct_event` returns the event or raises `WebhookVerificationError`."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import (
    WebhookVerificationError,
    construct_event,
    sign_payload,
    verify_signature,
)

from .conftest import examples
from .strategies import Reader, body_from

ODD_PAYLOADS: list[object] = [None, 5, 10**12, 1.5, ["a"], bytearray(b"{}"), memoryview(b"{}")]
ODD_SECRETS: list[object] = [None, 5, b"bytes", [None, "s"], "", [], ["", "s"]]
FIXED_HEADERS = ["sha256=", "sha256=" + "0" * 64, "sha256=" + "g" * 64, ",,=,", "v1=abc", ""]


def check_any(payload: object, header: object, secret: object) -> None:
    verified = verify_signature(payload, header, secret)  # type: ignore[arg-type]  # any input
    assert verified is False or verified is True
    try:
        event = construct_event(payload, header, secret)  # type: ignore[arg-type]  # any input
    except WebhookVerificationError:
        return
    assert verified
    assert isinstance(event, dict)


@examples(3_500)
@given(raw=st.binary(max_size=64))
def test_verification_of_anything_is_a_bool(raw: bytes) -> None:
    read = Reader(raw)
    secret = read.pick([read.text(16), [read.text(8), read.text(8)], read.pick(ODD_SECRETS)])
    mode = read.byte() % 4
    header: object = None
    if mode == 1:
        header = read.pick(FIXED_HEADERS)
    elif mode >= 2:
        header = read.text(read.byte() % 80)
    payload_mode = read.byte() % 3
    payload: object = read.pick(ODD_PAYLOADS) if payload_mode == 0 else None
    if payload_mode == 1:
        payload = read.text(40)
    elif payload_mode == 2:
        payload = body_from(read)
    check_any(payload, header, secret)


@examples(1_000)
@given(
    payload=st.one_of(st.binary(max_size=40), st.text(max_size=40), st.sampled_from(ODD_PAYLOADS)),
    header=st.one_of(st.none(), st.text(max_size=80), st.sampled_from(FIXED_HEADERS)),
    secret=st.one_of(st.text(max_size=16), st.lists(st.text(max_size=8), max_size=3)),
)
def test_verification_of_structured_anything_too(
    payload: object, header: object, secret: object
) -> None:
    check_any(payload, header, secret)


@examples(3_500)
@given(raw=st.binary(max_size=64))
def test_a_genuine_delivery_is_its_event_or_a_verification_error(raw: bytes) -> None:
    read = Reader(raw)
    secret = read.text(12) or "s"
    other = read.text(12) or "o"
    rotating = bool(read.byte() % 2)
    payload: bytes | str = read.text(40) if read.byte() % 4 == 0 else body_from(read)
    try:
        signature = sign_payload(payload, secret)
    except UnicodeEncodeError:  # a str with a lone surrogate cannot be signed or sent
        return
    header = f"sha256={'1' * 64}, {signature}" if rotating else signature
    assert verify_signature(payload, header, [other, secret])
    try:
        event = construct_event(payload, header, secret)
    except WebhookVerificationError:
        try:
            parsed = json.loads(payload)
        except (ValueError, RecursionError):
            return
        assert not isinstance(parsed, dict)
        return
    assert repr(event) == repr(json.loads(payload))  # repr: NaN is not equal to itself
    if other != secret:
        assert not verify_signature(payload, signature, other)
