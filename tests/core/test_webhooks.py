from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import (
    WebhookVerificationError,
    construct_event,
    sign_payload,
    verify_signature,
)

SECRET = "whsec_current"
OLD = "whsec_previous"
BODY = b'{"type":"email.delivered","data":{"id":"em_1"}}'


def hexdigest(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_sign_payload_is_hmac_sha256_over_the_raw_bytes() -> None:
    assert sign_payload(BODY, SECRET) == "sha256=" + hexdigest(SECRET, BODY)


def test_a_genuine_delivery_verifies() -> None:
    header = f"sha256={hexdigest(SECRET, BODY)}"
    assert verify_signature(BODY, header, SECRET)
    assert verify_signature(BODY.decode(), header, SECRET)
    assert verify_signature(BODY, header.upper().replace("SHA256=", "sha256="), SECRET)


def test_rotation_dual_signatures_any_element_may_match() -> None:
    header = f"sha256={hexdigest(SECRET, BODY)}, sha256={hexdigest(OLD, BODY)}"
    assert verify_signature(BODY, header, SECRET)
    assert verify_signature(BODY, header, OLD)
    assert verify_signature(BODY, header, ["whsec_unrelated", OLD])
    assert not verify_signature(BODY, header, "whsec_unrelated")


def test_receiver_holding_both_secrets_accepts_either_single_signature() -> None:
    assert verify_signature(BODY, sign_payload(BODY, OLD), [SECRET, OLD])


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        "sha256=zz" + "0" * 62,
        "sha256=" + "0" * 63,
        "sha1=" + hexdigest(SECRET, BODY)[:40],
        "v1=" + hexdigest(SECRET, BODY),
        "t=123,v1=abc",
        ",,,",
        "garbage",
        "sha256=" + hexdigest("wrong", BODY),
    ],
)
def test_malformed_or_wrong_headers_are_false_never_an_exception(header: str | None) -> None:
    assert verify_signature(BODY, header, SECRET) is False


def test_other_schemes_are_ignored_next_to_a_valid_one() -> None:
    header = f"v1=abc, sha512=def, sha256={hexdigest(SECRET, BODY)}"
    assert verify_signature(BODY, header, SECRET)


def test_a_modified_body_fails() -> None:
    header = sign_payload(BODY, SECRET)
    assert not verify_signature(BODY.replace(b"em_1", b"em_2"), header, SECRET)
    reserialised = json.dumps(json.loads(BODY)).encode()  # spaces after separators
    assert not verify_signature(reserialised, header, SECRET)


def test_empty_secrets_never_verify() -> None:
    header = sign_payload(BODY, "")
    assert not verify_signature(BODY, header, "")
    assert not verify_signature(BODY, header, [])


def test_bad_argument_types_are_false() -> None:
    # Wrong types on purpose: a receiver may hand over whatever its framework gave it.
    assert not verify_signature(12345, sign_payload(BODY, SECRET), SECRET)  # type: ignore[arg-type]
    assert not verify_signature(BODY, 42, SECRET)  # type: ignore[arg-type]


def test_construct_event_verifies_then_parses() -> None:
    event = construct_event(BODY, sign_payload(BODY, SECRET), SECRET)
    assert event == {"type": "email.delivered", "data": {"id": "em_1"}}


@pytest.mark.parametrize(
    ("body", "header", "message"),
    [
        (BODY, "", "missing X-PostStack-Signature"),
        (BODY, "sha256=" + "0" * 64, "does not match"),
        (b"not json", sign_payload(b"not json", SECRET), "not valid JSON"),
        (b"[1,2]", sign_payload(b"[1,2]", SECRET), "not an object"),
    ],
)
def test_construct_event_says_which_step_failed(body: bytes, header: str, message: str) -> None:
    with pytest.raises(WebhookVerificationError, match=message):
        construct_event(body, header, SECRET)


@given(
    body=st.binary(max_size=512),
    secret=st.text(min_size=1, max_size=40),
    header=st.text(max_size=200),
)
def test_verification_never_raises(body: bytes, secret: str, header: str) -> None:
    assert verify_signature(body, header, secret) in (True, False)
    assert verify_signature(body, sign_payload(body, secret), secret)
