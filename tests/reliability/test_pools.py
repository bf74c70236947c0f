"""Pools and the garbage collector: a dropped client's finaliser may run at any allocation,
in any thread, also while this thread is making a pool; it must never deadlock."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from poststack import PostStack
from poststack_transports._pools import PerProcess

KEY = "sk_test_pools"


def _finishes(target: Callable[[], object], seconds: float = 10.0) -> bool:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


def test_a_pool_closed_while_another_is_being_made_does_not_deadlock() -> None:
    closed: list[str | None] = []
    dropped = PerProcess(lambda: "the dropped client's pool")
    dropped.get()

    def make() -> str:
        # What a finaliser run by the GC inside this allocation does: close another pool.
        closed.append(dropped.take())
        return "a new pool"

    made: list[str] = []
    assert _finishes(lambda: made.append(PerProcess(make).get()))
    assert (made, closed) == (["a new pool"], ["the dropped client's pool"])


def test_clients_dropped_in_cycles_while_others_make_pools() -> None:
    # The real path: clients dropped as garbage in cycles, collected while new clients make
    # their pools on first use (pools are made lazily, inside the transport's guard).
    def churn() -> None:
        for _ in range(30):
            ps = PostStack(api_key=KEY, base_url="http://127.0.0.1:9", max_retries=0)
            cycle: list[object] = [ps]
            cycle.append(cycle)  # only the cyclic GC frees it, at some later allocation
            ps.transport._clients.get()  # type: ignore[attr-defined]  # make its pool now
            del ps, cycle
        gc.collect()

    assert _finishes(churn, 60.0)
