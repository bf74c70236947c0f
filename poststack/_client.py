"""``poststack._client``: the official package's low-level clients, on this SDK's core.

`PostStackClient` and `AsyncPostStackClient` send a request to any path of the API
(``client.get("/emails", {"page": 2})``), for endpoints no resource method covers yet. They
share everything with `PostStack`: options and their checks, retries, ``Idempotency-Key``
on every POST, `PostStackError` for every failure, and the transports (``transport=`` also
takes an ``httpx.BaseTransport``, such as ``httpx.MockTransport``, as the official one did).

The module also holds what official code reaches for here: ``DEFAULT_BASE_URL``,
``DEFAULT_TIMEOUT``, ``DEFAULT_MAX_RETRIES``, and the ``time`` and ``asyncio`` modules whose
``sleep`` tests patch (retries look ``sleep`` up when they wait, so such patches apply).
"""

from __future__ import annotations

import asyncio
import time

from poststack_proto import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT

from ._async._lowlevel import AsyncPostStackClient
from ._sync._lowlevel import PostStackClient

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncPostStackClient",
    "PostStackClient",
    "asyncio",
    "time",
]
