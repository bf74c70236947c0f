"""A webhook receiver with nothing but the standard library: verify, then trust.

PostStack signs each delivery: ``X-PostStack-Signature: sha256=<hex>``, an HMAC-SHA256 of
the exact body bytes under your endpoint's signing secret (two comma-separated signatures
while a secret rotates). `poststack.verify_signature` checks it in constant time. Verify the
raw bytes *before* parsing them, answer 400 to anything unsigned or forged, and answer 2xx
quickly (do slow work elsewhere): PostStack counts other answers as failed deliveries.

    POSTSTACK_WEBHOOK_SECRET=whsec_... python examples/webhook_receiver.py 8000

To try it with the sandbox: create a webhook whose url is http://127.0.0.1:8000/webhooks
(``ps.webhooks.create(...)`` answers its ``signingSecret``), then send an email.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from poststack import verify_signature

SIGNATURE_HEADER = "X-PostStack-Signature"
MAX_BODY = 1 << 20  # deliveries are small; refuse anything absurd before reading it

Event = dict[str, Any]


def make_server(
    secrets: str | Sequence[str],
    on_event: Callable[[Event], None],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
) -> ThreadingHTTPServer:
    """A server whose POST /webhooks hands each verified event to ``on_event``.

    ``secrets``: the signing secret, or ``[new, old]`` while you rotate it.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/webhooks":
                self._answer(404, "not found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                self._answer(400, "bad length")
                return
            body = self.rfile.read(length)  # the raw bytes: what was signed
            if not verify_signature(body, self.headers.get(SIGNATURE_HEADER), secrets):
                self._answer(400, "bad signature")
                return
            try:
                event = json.loads(body)
            except ValueError:
                self._answer(400, "not JSON")
                return
            on_event(event)
            self._answer(200, "ok")

        def _answer(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the default logs every request to stderr

    return ThreadingHTTPServer((host, port), Handler)


def print_event(event: Event) -> None:
    data = event.get("data", {})
    print(f"{event.get('type')}: email {data.get('email_id')} is {data.get('status')}", flush=True)


def main(argv: Sequence[str]) -> int:
    secret = os.environ.get("POSTSTACK_WEBHOOK_SECRET")
    if not secret:
        print("set POSTSTACK_WEBHOOK_SECRET to the webhook's signing secret", file=sys.stderr)
        return 2
    port = int(argv[0]) if argv else 8000
    server = make_server(secret, print_event, port=port)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}/webhooks", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
