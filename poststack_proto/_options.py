"""Client options: validated once, when a client is made, never on the hot path.

Rules of this module:

* Every option is checked in `ClientOptions.__post_init__`; a bad value raises
  `TypeError` / `ValueError` naming the option and what was wrong, before anything is
  built or sent. The API key's value never appears in any message or repr.
* The headers every request carries are computed once here (`ClientOptions.base_headers`)
  so building a request only appends what differs per call.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast
from urllib.parse import urlsplit

from ._http import Headers
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NO_TIMEOUT",
    "USER_AGENT",
    "ClientOptions",
    "check_max_retries",
    "check_timeout",
    "has_control_characters",
    "is_loopback_host",
]

DEFAULT_BASE_URL = "https://api.poststack.dev"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
#: What ``timeout=None`` (no timeout, as in the official client) becomes: ~31 years, a
#: bound no call reaches that every transport's timer accepts (``inf`` overflows sockets).
NO_TIMEOUT = 1e9
USER_AGENT = f"PostStack-Python-SDK/{__version__}"

# A header value may not carry control characters (a key with a newline in it would let
# whoever controls the key inject headers), nor anything outside printable ASCII, which
# HTTP cannot carry as text (U+2028, non-Latin-1) or not every transport sends (obs-text).
_BAD_HEADER_VALUE = re.compile(r"[^\x20-\x7e]")
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")  # \Z: "$" would let a final "\n" in
_RESERVED_HEADERS = frozenset({"authorization", "content-length", "host"})


def has_control_characters(value: str) -> bool:
    """True when ``value`` cannot be a header value (it would let a caller inject headers)."""
    return _BAD_HEADER_VALUE.search(value) is not None


def check_timeout(timeout: object, *, name: str = "timeout") -> float:
    """``timeout`` as a float (``None``: `NO_TIMEOUT`), or `TypeError`/`ValueError`."""
    if timeout is None:
        return NO_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(timeout).__name__}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"{name} must be a positive, finite number of seconds, got {timeout!r}")
    return float(timeout)


def check_max_retries(max_retries: object, *, name: str = "max_retries") -> int:
    """``max_retries`` as an int, or `TypeError`/`ValueError` saying what is wrong."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise TypeError(f"{name} must be an int, got {type(max_retries).__name__}")
    if max_retries < 0:
        raise ValueError(f"{name} must be 0 or more, got {max_retries}")
    return max_retries


def _check_api_key(api_key: object) -> str:
    if not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, got {type(api_key).__name__}")
    if not api_key.strip():
        raise ValueError("api_key is empty")
    if api_key != api_key.strip() or _BAD_HEADER_VALUE.search(api_key):
        # Never echo the key: say only what kind of character is wrong.
        raise ValueError(
            "api_key contains whitespace or control characters, or characters outside ASCII"
        )
    return api_key


# A host name (letters, digits, hyphens, dots); IP literals are checked by ipaddress.
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"  # "_" too: compose service names
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# RFC 3986 path characters: unreserved, sub-delims, ":", "@", "/" and %XX escapes.
_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_base_url(base_url: object) -> str:
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str, got {type(base_url).__name__}")
    if _CONTROL.search(base_url.strip()):
        # urlsplit would silently drop a tab or newline; refuse rather than guess.
        raise ValueError("base_url may not contain control characters")
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"base_url must start with https:// (or http://), got {base_url!r}")
    if not parts.hostname:
        raise ValueError(f"base_url has no host: {base_url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"base_url may not carry a query or fragment: {base_url!r}")
    if parts.username or parts.password:
        raise ValueError("base_url may not carry credentials; pass api_key instead")
    if not _HOST.fullmatch(parts.hostname) and not _is_ip_literal(parts.hostname):
        raise ValueError(
            f"base_url has an invalid host {parts.hostname!r} (write a non-ASCII name in its "
            "punycode form, xn--...)"
        )
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise ValueError(f"base_url has an invalid port: {base_url!r}") from None
    if not _PATH.fullmatch(parts.path):
        raise ValueError(
            "base_url's path may hold only URL characters (spaces and non-ASCII "
            f"percent-encoded): {base_url!r}"
        )
    # Trailing slashes are tolerated; a path prefix (a proxy's /poststack) is kept.
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _check_headers(default_headers: object) -> Headers:
    items: list[tuple[object, object]]
    if isinstance(default_headers, Mapping):
        items = list(cast("Mapping[object, object]", default_headers).items())
    else:
        items = list(cast("Iterable[tuple[object, object]]", default_headers))
    checked: list[tuple[str, str]] = []
    for name, value in items:
        if not isinstance(name, str) or not _HEADER_NAME.match(name):
            raise ValueError(f"default_headers: {name!r} is not a valid header name")
        if not isinstance(value, str) or _BAD_HEADER_VALUE.search(value):
            raise ValueError(
                f"default_headers[{name!r}] must be a str without control characters "
                "(printable ASCII only)"
            )
        if name.lower() in _RESERVED_HEADERS:
            raise ValueError(f"default_headers may not set {name!r}; the client sets it")
        checked.append((name, value))
    return tuple(checked)


def is_loopback_host(host: str) -> bool:
    """True for hosts that never leave this machine (where plain http is harmless).

    An address must be a loopback address (``127.0.0.0/8``, ``::1``); a name must be
    ``localhost`` or end in ``.localhost`` (RFC 6761). A DNS name that merely starts with
    ``127.`` is not loopback.
    """
    host = host.strip("[]").lower().rstrip(".")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost" or host.endswith(".localhost")


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """What every call of one client shares. Immutable; `replace` makes variants.

    The retry budget (``max_retries``) is not here: it lives in the `RetryPolicy` of the
    client's `CallConfig`, its one home.

    Args:
        api_key: the secret key (``sk_live_...`` / ``sk_test_...``). Never shown.
        base_url: the API root; default ``https://api.poststack.dev``.
        timeout: seconds per attempt, for connecting and for the answer.
        default_headers: extra headers sent on every request.
        allow_insecure_http: permit ``http://`` to a host that is not loopback.

    Raises:
        TypeError, ValueError: an option is of the wrong type or out of range; the
            message names the option.
    """

    api_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    timeout: float = DEFAULT_TIMEOUT
    default_headers: Headers = ()
    allow_insecure_http: bool = False
    base_headers: Headers = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        api_key = _check_api_key(self.api_key)
        base_url = _check_base_url(self.base_url)
        parts = urlsplit(base_url)
        if (
            parts.scheme == "http"
            and not self.allow_insecure_http
            and not is_loopback_host(parts.hostname or "")
        ):
            raise ValueError(
                f"base_url {base_url!r} uses plain http to a host that is not loopback; the API "
                "key would travel in clear. Use https, or pass allow_insecure_http=True."
            )
        headers = _check_headers(self.default_headers)
        set_ = object.__setattr__  # frozen dataclass: normalise in place, once
        set_(self, "base_url", base_url)
        set_(self, "timeout", check_timeout(self.timeout))
        set_(self, "default_headers", headers)
        overridden = {name.lower() for name, _ in headers}
        base: list[tuple[str, str]] = [("Authorization", f"Bearer {api_key}")]
        for name, value in (("Content-Type", "application/json"), ("User-Agent", USER_AGENT)):
            if name.lower() not in overridden:
                base.append((name, value))
        base.extend(headers)
        set_(self, "base_headers", tuple(base))

    def replace(self, **changes: Any) -> ClientOptions:
        """A copy with ``changes`` applied and validated again."""
        return replace(self, **changes)
