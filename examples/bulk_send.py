"""Send one message to many recipients with ``emails.send_many``, safely re-runnable.

A bulk job must survive being run twice (a crash, a deploy, a re-queued task) without
emailing anyone twice. ``send_many`` with a ``job_id`` derives every message's idempotency
key from the job id and the message's position (``<job id>:m<n>``), so a re-run carries the
same keys and the API replays instead of sending. It batches 100 messages a request, keeps a
few batches in flight, and pauses every batch when one meets a 429.

    python examples/bulk_send.py    # the embedded sandbox, or POSTSTACK_* from the environment
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from poststack import PostStack, PostStackError
from poststack.types import SendEmailParams

JOB_ID = "newsletter-2026-11"


def newsletter(recipients: list[str]) -> Iterator[SendEmailParams]:
    """The messages, made as they are sent: a generator is never read ahead of the batches."""
    for address in recipients:
        yield {
            "from": "News <news@example.com>",
            "to": [address],
            "subject": "The November newsletter",
            "text": "What we shipped this month.",
        }


def main() -> int:
    recipients = [f"member{n}@example.com" for n in range(250)]
    with contextlib.ExitStack() as stack:
        if os.environ.get("POSTSTACK_BASE_URL"):
            ps = stack.enter_context(PostStack())
        else:
            from poststack_sandbox import Sandbox

            # The sandbox refuses unknown sending domains, as the API does: register ours.
            sandbox = stack.enter_context(Sandbox(domains=["example.com"]))
            ps = stack.enter_context(PostStack(api_key=sandbox.api_key, base_url=sandbox.url))
        try:
            first = ps.emails.send_many(newsletter(recipients), job_id=JOB_ID)
            rerun = ps.emails.send_many(newsletter(recipients), job_id=JOB_ID)  # run again
        except PostStackError as error:
            print(f"bulk send stopped: {error}", file=sys.stderr)
            return 1
    for position, refusal in first.errors:
        print(f"message {position} refused: {refusal.code}: {refusal.error}")
    batches = -(-len(first.results) // 100)
    print(f"{first.sent} sent, {first.failed} refused, in {batches} batches")
    same = [r.id for r in rerun.results] == [r.id for r in first.results]
    replayed = all(r.replayed for r in rerun.results)
    print(f"run again: {'nothing resent' if same and replayed else 'RESENT'}")
    return 0 if first.ok else 1


if __name__ == "__main__":
    sys.exit(main())
