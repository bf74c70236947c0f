"""The ``verify=`` option of every transport, read in one place.

``verify`` is ``True`` (the library's default trust store), ``False`` (no verification:
local testing only), a path to a CA bundle file or a directory of them, or an
``ssl.SSLContext``. `check` refuses anything else when a transport is built; no context is
built then (that costs milliseconds a serverless cold start does not need), only when the
first connection is opened (`resolved`, `context`). Nor is `ssl` imported before then
(it costs milliseconds too): a context passed in means the caller has imported it already.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import ssl

__all__ = ["Verify", "check", "context", "resolved"]

Verify: TypeAlias = "bool | str | ssl.SSLContext"


def check(verify: object) -> Verify:
    """``verify``, or a TypeError saying what it may be."""
    if isinstance(verify, (bool, str)):
        return verify
    import ssl  # noqa: PLC0415 - here only for an object that may be a context (ssl is loaded then)

    if isinstance(verify, ssl.SSLContext):
        return verify
    raise TypeError(
        "verify must be True, False, a CA bundle path or an ssl.SSLContext, "
        f"not {type(verify).__name__}"
    )


def _from_path(path: str) -> ssl.SSLContext:
    import ssl  # noqa: PLC0415 - as a pool is made, not when a transport is built

    if os.path.isdir(path):
        return ssl.create_default_context(capath=path)
    return ssl.create_default_context(cafile=path)


def resolved(verify: Verify) -> bool | ssl.SSLContext:
    """What a library that takes ``True``/``False``/a context needs: a path becomes a
    context (httpx 0.28 deprecates paths; aiohttp never took them)."""
    return _from_path(verify) if isinstance(verify, str) else verify


def context(verify: Verify) -> ssl.SSLContext:
    """An ``ssl.SSLContext`` for ``verify``: for the h11 transports, which open their own
    TLS connections."""
    import ssl  # noqa: PLC0415 - as a pool is made, not when a transport is built

    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, str):
        return _from_path(verify)
    made = ssl.create_default_context()
    if not verify:
        made.check_hostname = False
        made.verify_mode = ssl.CERT_NONE
    return made
