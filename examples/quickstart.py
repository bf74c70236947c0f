"""Send one email through the SDK and print what the API answered.

With no configuration this starts the embedded PostStack sandbox (a local emulator of the
API) on a free loopback port and sends to it, so it runs anywhere, offline. Point it at a
real account by setting POSTSTACK_API_KEY and POSTSTACK_BASE_URL (https://api.poststack.dev).

    python examples/quickstart.py
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

from poststack import PostStack, PostStackError

FINAL = {"delivered", "bounced", "complained", "failed"}


def send_one(ps: PostStack) -> None:
    result = ps.emails.send(
        {
            "from": "Acme <hello@acme.example>",
            "to": ["user@example.com"],
            "subject": "Hello from Python!",
            "html": "<h1>Welcome!</h1><p>Your account is ready.</p>",
            "text": "Welcome! Your account is ready.",
            "tags": ["welcome"],
        }
    )
    print(f"sent: {json.dumps(result)}")
    # Delivery happens after the API accepted the email: look again for a few seconds.
    deadline = time.monotonic() + 10
    email = ps.emails.get(result["id"])["email"]
    while email["status"] not in FINAL and time.monotonic() < deadline:
        time.sleep(0.2)
        email = ps.emails.get(result["id"])["email"]
    events = [event["eventType"] for event in email.get("events", [])]
    print(f"status: {email['status']} (events: {', '.join(events) or 'none yet'})")


def main() -> int:
    with contextlib.ExitStack() as stack:
        if os.environ.get("POSTSTACK_BASE_URL"):
            ps = stack.enter_context(PostStack())  # key and URL from the environment
        else:
            from poststack_sandbox import Sandbox

            # The sandbox refuses unknown sending domains, as the API does: register ours.
            sandbox = stack.enter_context(Sandbox(domains=["acme.example"]))
            print(f"PostStack sandbox running at {sandbox.url}")
            ps = stack.enter_context(PostStack(api_key=sandbox.api_key, base_url=sandbox.url))
        try:
            send_one(ps)
        except PostStackError as error:
            print(f"API error {error.status_code}: {error.error} (request {error.request_id})")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
