"""Verifying PostStack webhook deliveries, and reading their events.

Rules of this module:

* The signature header ``X-PostStack-Signature`` is a comma-separated list of
  ``<scheme>=<hex>`` elements: one ``sha256=`` element normally, two while a secret
  rotation's grace window lasts. Each ``sha256`` value is HMAC-SHA256 over the raw body
  bytes, keyed with the UTF-8 bytes of the signing secret.
* A delivery is genuine when any ``sha256`` element matches any of the given secrets.
  Other schemes and malformed elements are ignored; every comparison is constant-time.
* `verify_signature` answers ``True``/``False`` and never raises for a bad header or body;
  `construct_event` verifies, then parses, and raises `WebhookVerificationError` saying
  which step failed, and nothing else, whatever the bytes (a body nested too deeply for
  the JSON parser included).
* Only the raw bytes the server sent can be verified: a body parsed and re-serialised by a
  framework will not match.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = [
    "SIGNATURE_HEADER",
    "WebhookVerificationError",
    "construct_event",
    "sign_payload",
    "verify_signature",
]

SIGNATURE_HEADER = "X-PostStack-Signature"
_HEX_DIGITS = frozenset("0123456789abcdef")
_SHA256_HEX_LENGTH = 64


class WebhookVerificationError(ValueError):
    """A webhook delivery failed verification or could not be read as an event."""


def _as_bytes(payload: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(payload, str):
        return payload.encode("utf-8")
    if isinstance(payload, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
        return bytes(payload)
    # bytes(5) would be five zero bytes, and bytes(10**12) a MemoryError: refuse, don't guess.
    raise TypeError(f"the payload must be bytes or str, got {type(payload).__name__}")


def _secrets(secret: str | Sequence[str]) -> list[bytes]:
    if isinstance(secret, str):
        return [secret.encode("utf-8")] if secret else []
    return [s.encode("utf-8") for s in secret if isinstance(s, str) and s]  # pyright: ignore[reportUnnecessaryIsInstance]


def _sha256_elements(header: str) -> list[str]:
    found: list[str] = []
    for element in header.split(","):
        scheme, sep, value = element.strip().partition("=")
        if not sep or scheme.strip().lower() != "sha256":
            continue
        value = value.strip().lower()
        if len(value) == _SHA256_HEX_LENGTH and _HEX_DIGITS.issuperset(value):
            found.append(value)
    return found


def _hmac_sha256(key: bytes, body: bytes) -> str:
    # hashlib and hmac (with OpenSSL's hashes) cost a cold start ~4 ms: a program that only
    # sends email never loads them.
    import hashlib  # noqa: PLC0415
    import hmac  # noqa: PLC0415

    return hmac.new(key, body, hashlib.sha256).hexdigest()


def sign_payload(payload: bytes | str, secret: str) -> str:
    """The ``sha256=<hex>`` element PostStack sends for ``payload`` under ``secret``.

    Useful to test your own webhook receiver.
    """
    digest = _hmac_sha256(secret.encode("utf-8"), _as_bytes(payload))
    return f"sha256={digest}"


def verify_signature(
    payload: bytes | str,
    header: str | None,
    secret: str | Sequence[str],
) -> bool:
    """Whether ``header`` proves that PostStack sent ``payload``.

    Args:
        payload: the raw request body, exactly as received.
        header: the ``X-PostStack-Signature`` value.
        secret: the signing secret, or several (old and new while you rotate).

    Returns:
        True if any ``sha256`` element matches any secret. False for a missing,
        malformed or non-matching header, an empty secret, or an unreadable payload.
    """
    if not isinstance(header, str) or not header:
        return False
    try:
        body = _as_bytes(payload)
        keys = _secrets(secret)
    except (TypeError, ValueError, AttributeError):
        return False
    candidates = _sha256_elements(header)
    if not candidates or not keys:
        return False
    import hmac  # noqa: PLC0415 - on first use, as in _hmac_sha256

    matched = False
    for key in keys:
        expected = _hmac_sha256(key, body)
        for candidate in candidates:
            # No early exit: how long verification takes says nothing about which matched.
            matched |= hmac.compare_digest(expected, candidate)
    return matched


def construct_event(
    payload: bytes | str,
    header: str | None,
    secret: str | Sequence[str],
) -> dict[str, Any]:
    """Verify a delivery, then parse it.

    Returns:
        The event as a dict (the JSON object PostStack sent).

    Raises:
        WebhookVerificationError: the signature is missing or does not match, or the
            verified body is not a JSON object.
    """
    if not header:
        raise WebhookVerificationError(f"missing {SIGNATURE_HEADER} header")
    if not verify_signature(payload, header, secret):
        raise WebhookVerificationError(
            f"{SIGNATURE_HEADER} does not match the payload for the given secret(s); "
            "verify the raw request body, not a re-serialised one"
        )
    try:
        event = json.loads(_as_bytes(payload))
    except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for non-UTF bytes
        raise WebhookVerificationError(f"the signed payload is not valid JSON: {exc}") from None
    except RecursionError:
        raise WebhookVerificationError(
            "the signed payload is JSON nested too deeply to read"
        ) from None
    if not isinstance(event, dict):
        raise WebhookVerificationError(
            f"the signed payload is JSON but not an object (got {type(event).__name__})"
        )
    return event  # pyright: ignore[reportUnknownVariableType]
