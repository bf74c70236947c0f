"""Send email with nothing but the standard library's http.client and poststack_proto.

`poststack_proto` builds each request, reads each answer, maps errors and decides the
retries (one Idempotency-Key across all attempts of a send); this file moves the bytes.
Each attempt opens its own connection: simple and safe (a connection that failed mid-way is
never reused); keep one open per host if you send a lot.

    poststack sandbox          # in another terminal; it prints the two variables to export
    python examples/embed_http_client.py   # with POSTSTACK_API_KEY and POSTSTACK_BASE_URL set
"""

from __future__ import annotations

import http.client
import os
import random
import ssl
import sys
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import poststack_proto as proto


def send(request: proto.Request) -> proto.Response:
    """One attempt; each failure is raised as the core kind that says how far it got."""
    url = urlsplit(request.url)
    connection_class = (
        http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    )  # HTTPSConnection verifies the certificate and the host name by default
    connection = connection_class(url.hostname or "", url.port, timeout=request.timeout)
    deadline = time.monotonic() + request.timeout  # the timeout bounds the whole attempt
    try:
        try:
            connection.connect()
        except ssl.SSLError as exc:
            raise proto.TLSError(str(exc)) from exc
        except TimeoutError as exc:
            raise proto.ConnectTimeout(str(exc)) from exc
        except OSError as exc:  # refused, unreachable, DNS
            raise proto.ConnectError(str(exc)) from exc
        target = url.path + (f"?{url.query}" if url.query else "")
        try:
            connection.request(request.method, target, request.body, dict(request.headers))
        except OSError as exc:
            raise proto.WriteError(str(exc)) from exc
        try:
            if connection.sock is not None:
                connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))
            answer = connection.getresponse()
            return proto.Response(answer.status, tuple(answer.getheaders()), answer.read())
        except TimeoutError as exc:
            raise proto.ReadTimeout(str(exc)) from exc
        except (http.client.HTTPException, OSError) as exc:  # closed, reset, not HTTP
            raise proto.RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        connection.close()


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
                "subject": "Sent through http.client",
                "text": "poststack_proto decided; the standard library carried the bytes.",
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
