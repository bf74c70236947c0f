"""Send a handful of emails concurrently with AsyncPostStack, at most a few in flight.

One client (one connection pool) for the whole program; `asyncio.Semaphore` bounds how many
sends are in flight; each send retries on its own, with its own idempotency key, and a
failure of one does not stop the others.

With no configuration this starts the embedded sandbox (a local emulator of the API) and
sends to it. Set POSTSTACK_API_KEY and POSTSTACK_BASE_URL to send elsewhere.

    python examples/async_send.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

from poststack import AsyncPostStack, PostStackError

RECIPIENTS = [f"user{n}@example.com" for n in range(1, 9)] + ["not-an-address"]
IN_FLIGHT = 4


async def send_all(ps: AsyncPostStack, recipients: list[str]) -> dict[str, str]:
    """Send one email per recipient; returns recipient -> email id, or "error: ..."."""
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def send_one(address: str) -> tuple[str, str]:
        async with limit:
            try:
                result = await ps.emails.send(
                    {
                        "from": "Acme <hello@example.com>",
                        "to": [address],
                        "subject": "Your weekly summary",
                        "text": "Here is what happened this week.",
                    }
                )
            except PostStackError as error:
                return address, f"error: {error.status_code} {error.code}"
            return address, result["id"]

    return dict(await asyncio.gather(*(send_one(a) for a in recipients)))


async def main() -> int:
    async with contextlib.AsyncExitStack() as stack:
        if os.environ.get("POSTSTACK_BASE_URL"):
            ps = await stack.enter_async_context(AsyncPostStack())
        else:
            from poststack_sandbox import AsyncSandbox

            sandbox = await stack.enter_async_context(AsyncSandbox())
            ps = await stack.enter_async_context(
                AsyncPostStack(api_key=sandbox.api_key, base_url=sandbox.url)
            )
            # A new sandbox knows no sending domain: add ours and verify it, as in production.
            domain = await ps.domains.create({"name": "example.com"})
            await ps.domains.verify(domain["domain"]["id"])
        outcomes = await send_all(ps, RECIPIENTS)
    for address, outcome in outcomes.items():
        print(f"{address}: {outcome}")
    failed = sum(outcome.startswith("error") for outcome in outcomes.values())
    print(f"{len(outcomes) - failed} sent, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
