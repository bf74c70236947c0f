"""Send several different emails in one request with `emails.batch`, and read each answer.

A batch holds up to 100 emails. Each is validated and accepted or refused on its own: the
answer's ``data`` has one element per email, in order, either ``{"id": ...}`` or
``{"error": ..., "code": ...}``. A refused element does not fail the others, so always
look at every element. Each element carries its own idempotency key, so sending the same
batch again (after a timeout, from a re-queued job) sends nothing twice.

    python examples/batch_send.py    # the embedded sandbox, or POSTSTACK_* from the environment
"""

from __future__ import annotations

import contextlib
import os
import sys

from poststack import PostStack, PostStackError
from poststack.types import SendEmailParams

ORDERS = [(1001, "ada@example.com"), (1002, "grace@example.com"), (1003, "not-an-address")]


def shipping_notice(order_id: int, address: str) -> SendEmailParams:
    return {
        "from": "Shop <orders@example.com>",
        "to": [address],
        "subject": f"Order {order_id} has shipped",
        "text": f"Your order {order_id} is on its way.",
        "idempotency_key": f"shipped-{order_id}",
    }


def send_notices(ps: PostStack) -> tuple[dict[int, str], dict[int, str]]:
    """Returns (order -> email id, order -> why it was refused)."""
    answer = ps.emails.batch({"emails": [shipping_notice(o, a) for o, a in ORDERS]})
    accepted: dict[int, str] = {}
    refused: dict[int, str] = {}
    for (order_id, _), element in zip(ORDERS, answer["data"], strict=True):
        if "id" in element:
            accepted[order_id] = element["id"]
        else:
            refused[order_id] = f"{element.get('code')}: {element.get('error')}"
    return accepted, refused


def main() -> int:
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
            accepted, refused = send_notices(ps)
            again, _ = send_notices(ps)  # a retry of the whole batch: replayed, not resent
        except PostStackError as error:  # the batch as a whole: auth, network, quota...
            print(f"batch failed: {error}", file=sys.stderr)
            return 1
    for order_id, email_id in accepted.items():
        print(f"order {order_id}: sent {email_id}")
    for order_id, reason in refused.items():
        print(f"order {order_id}: refused ({reason})")
    print(f"sent again: {'the same emails' if again == accepted else 'NEW EMAILS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
