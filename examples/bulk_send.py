"""Send one message to many recipients: chunks of 100, keys derived from a job id.

A bulk job must survive being run twice (a crash, a deploy, a re-queued task) without
emailing anyone twice. So every message's idempotency key is derived from the job's id and
the message's position, ``<job id>-<n>``: a re-run produces the same keys and the API
replays instead of sending.

NOTE: `ps.emails.send_many(...)` (issue #10) does all of this, with bounded concurrency and
one shared pause on a 429. Once it is merged, `send_bulk` below becomes one call of it;
until then this example shows the same plan with `emails.batch`.

    python examples/bulk_send.py    # the embedded sandbox, or POSTSTACK_* from the environment
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from poststack import PostStack, PostStackError
from poststack.types import SendEmailParams

BATCH_LIMIT = 100  # the API's most emails per batch request


def send_bulk(
    ps: PostStack, job_id: str, messages: Sequence[SendEmailParams]
) -> tuple[list[str | None], dict[int, str]]:
    """Send ``messages``; returns (email id or None per message, position -> refusal)."""
    ids: list[str | None] = []
    refused: dict[int, str] = {}
    for start in range(0, len(messages), BATCH_LIMIT):
        chunk: list[SendEmailParams] = []
        for n, message in enumerate(messages[start : start + BATCH_LIMIT], start):
            keyed = message.copy()
            keyed["idempotency_key"] = f"{job_id}-{n}"
            chunk.append(keyed)
        answer = ps.emails.batch({"emails": chunk})
        for n, element in enumerate(answer["data"], start):
            ids.append(element.get("id"))
            if "id" not in element:
                refused[n] = f"{element.get('code')}: {element.get('error')}"
    return ids, refused


def main() -> int:
    recipients = [f"member{n}@example.com" for n in range(250)]
    messages: list[SendEmailParams] = [
        {
            "from": "News <news@example.com>",
            "to": [address],
            "subject": "The November newsletter",
            "text": "What we shipped this month.",
        }
        for address in recipients
    ]
    with contextlib.ExitStack() as stack:
        if os.environ.get("POSTSTACK_BASE_URL"):
            ps = stack.enter_context(PostStack())
        else:
            from poststack_sandbox import Sandbox

            sandbox = stack.enter_context(Sandbox())
            ps = stack.enter_context(PostStack(api_key=sandbox.api_key, base_url=sandbox.url))
            # A new sandbox knows no sending domain: add ours and verify it, as in production.
            ps.domains.verify(ps.domains.create({"name": "example.com"})["domain"]["id"])
        try:
            ids, refused = send_bulk(ps, "newsletter-2026-11", messages)
            rerun, _ = send_bulk(ps, "newsletter-2026-11", messages)  # the job, run again
        except PostStackError as error:
            print(f"bulk send stopped: {error}", file=sys.stderr)
            return 1
    sent = sum(email_id is not None for email_id in ids)
    print(f"{sent} sent, {len(refused)} refused, in {-(-len(messages) // BATCH_LIMIT)} batches")
    print(f"run again: {'nothing resent' if rerun == ids else 'RESENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
