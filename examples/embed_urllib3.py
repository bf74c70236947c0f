"""Send email through urllib3, an HTTP stack poststack ships no adapter for.

The core, `poststack_proto`, decides everything: it builds the request (with the key, the
JSON body and one Idempotency-Key for every attempt), reads each answer, maps errors and
chooses when to retry and how long to wait. This file only moves bytes: `send` turns a
`Request` into a `Response` over urllib3, or raises one of the core's neutral failures.

    poststack sandbox          # in another terminal; it prints the two variables to export
    python examples/embed_urllib3.py   # with POSTSTACK_API_KEY and POSTSTACK_BASE_URL set
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from typing import Any

import urllib3
from urllib3 import exceptions as u3

import poststack_proto as proto

pool = urllib3.PoolManager(retries=False)  # the core retries; urllib3 must not


def send(request: proto.Request) -> proto.Response:
    """One attempt. Every urllib3 failure becomes the core kind that says how far it got."""
    try:
        answer = pool.request(
            request.method,
            request.url,
            body=request.body or None,
            headers=dict(request.headers),
            timeout=urllib3.Timeout(total=request.timeout),  # bounds the whole attempt
            redirect=False,
        )
    except u3.NewConnectionError as exc:  # refused, unreachable, DNS (a ConnectTimeoutError too)
        raise proto.ConnectError(str(exc)) from exc
    except u3.ConnectTimeoutError as exc:
        raise proto.ConnectTimeout(str(exc)) from exc
    except u3.SSLError as exc:
        raise proto.TLSError(str(exc)) from exc
    except u3.ReadTimeoutError as exc:
        raise proto.ReadTimeout(str(exc)) from exc
    except u3.HTTPError as exc:  # reset, closed without an answer, malformed answer
        raise proto.RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc
    return proto.Response(answer.status, tuple(answer.headers.items()), answer.data)


config = proto.CallConfig(
    proto.ClientOptions(
        api_key=os.environ["POSTSTACK_API_KEY"],
        base_url=os.environ.get("POSTSTACK_BASE_URL", proto.DEFAULT_BASE_URL),
    ),
    random=random.random,  # backoff jitter
    new_idempotency_key=lambda: str(uuid.uuid4()),
    now=time.time,  # for Retry-After given as an HTTP date
)


def call(operation: str, *, idempotency_key: str | None = None, **arguments: Any) -> Any:
    """Run one API operation ("emails.send", "emails.get"...) to its result or PostStackError."""
    flow = config.flow(proto.endpoint(operation), idempotency_key=idempotency_key, **arguments)
    return proto.run_sync(flow, send, time.sleep)


def main() -> int:
    try:
        sent = call(
            "emails.send",
            body={
                "from": "hello@example.com",
                "to": ["user@example.com"],
                "subject": "Sent through urllib3",
                "text": "poststack_proto decided; urllib3 carried the bytes.",
            },
        )
        email = call("emails.get", path_params={"id": sent["id"]})["email"]
    except proto.PostStackError as error:
        print(f"failed: {error}", file=sys.stderr)
        return 1
    print(f"sent {sent['id']}: {email['subject']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
