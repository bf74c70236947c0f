"""A soak: every adapter sends through the sandbox while about a quarter of the attempts
meet an injected fault (5xx, 429, the connection dropped before or after the server
applied the send, a truncated answer, a stall). An oracle counts the emails the server
stored per logical send (each has its own subject and idempotency key):

* **0 duplicated**: no logical send is stored twice, however many attempts it took.
* **0 lost**: every send that returned succeeded with the id of its one stored email; a
  send that raised (its retries ran out) is resent once with the same key at the end,
  and then it too has exactly one stored email, the same one if it had been applied.

``POSTSTACK_SOAK_SENDS`` sets the sends per adapter (default 150, for CI; a long local
run: ``POSTSTACK_SOAK_SENDS=5000``). The fault schedule comes from a seeded random
source; a failure message names the seed.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack.types import SendEmailParams, SendEmailResponse
from poststack_proto import RetryPolicy
from poststack_sandbox import Sandbox

from .conftest import ADAPTERS, PAYLOAD, is_async

SENDS = int(os.environ.get("POSTSTACK_SOAK_SENDS", "150"))
FAULT_RATE = 0.25
FAULTS: list[dict[str, Any]] = [
    {"status": 503},
    {"status": 500},
    {"status": 429, "headers": {"Retry-After": "0"}, "body": {"error": "slow down"}},
    {"close": "before_read"},
    {"close": "after_processing"},
    {"truncate": True},
    {"delay": 0.3},  # beyond the attempt's timeout: a read timeout
]
POLICY = RetryPolicy(max_retries=3, backoff_base=0.001)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com"]) as sb:
        yield sb


def _schedule(seed: int) -> list[dict[str, Any] | None]:
    rng = random.Random(seed)
    return [rng.choice(FAULTS) if rng.random() < FAULT_RATE else None for _ in range(SENDS)]


def _payload(adapter: str, n: int) -> SendEmailParams:
    return {**PAYLOAD, "subject": f"soak {adapter} {n}"}


#: Each send's answer, or the error its last attempt raised.
Results = dict[int, SendEmailResponse | PostStackError]


def _key(adapter: str, n: int) -> str:
    return f"soak-{adapter}-{n}"


def _run_sync(adapter: str, sb: Sandbox, faults: list[dict[str, Any] | None]) -> Results:
    results: Results = {}
    with PostStack(
        api_key=sb.api_key, base_url=sb.url, transport=adapter, retry_policy=POLICY, timeout=0.2
    ) as ps:
        for n, fault in enumerate(faults):
            if fault is not None:
                sb.add_fault("POST", "/emails", [fault])
            try:
                results[n] = ps.emails.send(_payload(adapter, n), idempotency_key=_key(adapter, n))
            except PostStackError as error:
                results[n] = error
        for n, result in list(results.items()):  # the user's resend, same key
            if isinstance(result, PostStackError):
                results[n] = ps.emails.send(_payload(adapter, n), idempotency_key=_key(adapter, n))
    return results


def _run_async(adapter: str, sb: Sandbox, faults: list[dict[str, Any] | None]) -> Results:
    name = adapter.removesuffix("-async")

    async def run() -> Results:
        results: Results = {}
        async with AsyncPostStack(
            api_key=sb.api_key, base_url=sb.url, transport=name, retry_policy=POLICY, timeout=0.2
        ) as ps:
            for n, fault in enumerate(faults):
                if fault is not None:
                    sb.add_fault("POST", "/emails", [fault])
                try:
                    results[n] = await ps.emails.send(
                        _payload(adapter, n), idempotency_key=_key(adapter, n)
                    )
                except PostStackError as error:
                    results[n] = error
            for n, result in list(results.items()):
                if isinstance(result, PostStackError):
                    results[n] = await ps.emails.send(
                        _payload(adapter, n), idempotency_key=_key(adapter, n)
                    )
        return results

    return asyncio.run(run())


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_soak_nothing_lost_nothing_duplicated(adapter: str, sandbox: Sandbox) -> None:
    sandbox.reset()
    seed = random.SystemRandom().randrange(1 << 32)
    faults = _schedule(seed)
    run = _run_async if is_async(adapter) else _run_sync
    results = run(adapter, sandbox, faults)
    stored = Counter(email["subject"] for email in sandbox.emails())
    ids = {email["subject"]: email["publicId"] for email in sandbox.emails()}
    duplicated = [subject for subject, count in stored.items() if count > 1]
    lost = [n for n in range(SENDS) if stored[f"soak {adapter} {n}"] != 1]
    wrong = [
        n
        for n, result in results.items()
        if isinstance(result, PostStackError) or result["id"] != ids.get(f"soak {adapter} {n}")
    ]
    injected = sum(fault is not None for fault in faults)
    assert (duplicated, lost, wrong) == ([], [], []), f"seed {seed}, {injected} faults"
    assert sandbox.faults() == []  # every injected fault met a request
