"""``close()`` on a blocking transport: what it closes, and what a send after it does.

Decided (docs/transports.md): a transport closed with `close` stays usable; a send after
it opens a new pool, which the next `close` closes. `close` while other threads send
closes every idle connection at once and each busy one as its send ends (requests: the
last send out closes the session): nothing is left for the garbage collector.
"""

from __future__ import annotations

import threading

import pytest

from poststack import PostStack

from .conftest import FAST
from .faultserver import RawServer, email

SYNC = ("httpx", "requests", "h11")


@pytest.mark.parametrize("adapter", SYNC)
def test_a_send_after_close_works_and_the_next_close_closes_it(adapter: str) -> None:
    with RawServer() as server:
        ps = PostStack(api_key="sk_test_close", base_url=server.url, transport=adapter)
        assert ps.emails.get("em_1") == email("em_1")
        ps.close()
        assert server.open_connections() == 0
        assert ps.emails.get("em_2") == email("em_2")
        assert server.open_connections(settle=0.0) == 1  # a new pool, and it is open
        ps.close()
        assert server.open_connections() == 0
        assert server.connections == 2


@pytest.mark.parametrize("adapter", SYNC)
def test_close_while_threads_send_leaves_no_socket_open(adapter: str) -> None:
    threads, per_thread = 6, 30
    with RawServer() as server:
        ps = PostStack(
            api_key="sk_test_close", base_url=server.url, transport=adapter, retry_policy=FAST
        )
        started = threading.Barrier(threads + 1)
        answers: list[str] = []

        def work(worker: int) -> None:
            started.wait()
            for n in range(per_thread):
                wanted = f"em_{worker}_{n}"
                assert ps.emails.get(wanted) == email(wanted)
                answers.append(wanted)

        pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for thread in pool:
            thread.start()
        started.wait()
        while len(answers) < threads * per_thread // 3:
            threading.Event().wait(0.001)
        ps.close()  # mid-way: the threads go on sending
        for thread in pool:
            thread.join(30)
        ps.close()
        assert len(answers) == threads * per_thread
        # Every connection was closed by the client itself, none by a collector.
        assert server.open_connections() == 0
