"""Process models real deployments use: ``fork()`` after the client was used (gunicorn
``--preload``, Celery prefork, multiprocessing), and one async client used from several
threads, each running its own event loop at the same time.

Every answer carries the id its request asked for (`echo`, in ``["email"]["publicId"]``),
so an answer that went to the wrong process or loop shows as a mismatch, not just as an
error.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest

from poststack import AsyncPostStack, PostStackError

from .conftest import ADAPTERS, Client, is_async
from .faultserver import RawServer

CHILDREN, PER_CHILD, PARENT_SENDS = 4, 20, 40

# The children run only our client and leave with os._exit; the server's threads, which
# the warning is about, are never used in a child.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@pytest.fixture
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def _tally(client: Client, prefix: str, count: int) -> tuple[int, int]:
    """Sends ``count`` gets; (answers that were someone else's, errors)."""
    crossed = errors = 0
    if client.async_client is not None:
        ps: AsyncPostStack = client.async_client

        async def run() -> tuple[int, int]:
            crossed = errors = 0
            for n in range(count):
                wanted = f"em_{prefix}_{n}"
                try:
                    got = (await ps.emails.get(wanted))["email"]["publicId"]
                except PostStackError:
                    errors += 1
                else:
                    crossed += got != wanted
            return crossed, errors

        # A child runs its own loop, as a forked worker does (never the parent's loop).
        return asyncio.run(run()) if os.getpid() != _PARENT[0] else _on_parent_loop(client, run)
    for n in range(count):
        wanted = f"em_{prefix}_{n}"
        try:
            got = client.get(wanted)["email"]["publicId"]
        except PostStackError:
            errors += 1
        else:
            crossed += got != wanted
    return crossed, errors


def _on_parent_loop(
    client: Client, run: Callable[[], Awaitable[tuple[int, int]]]
) -> tuple[int, int]:
    assert client.loop is not None
    return client.loop.run_until_complete(run())


_PARENT = [os.getpid()]


def _wait(pid: int, deadline: float) -> int:
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return -1


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_forked_children_never_share_the_parents_connections(
    adapter: str, server: RawServer, clients: list[Client]
) -> None:
    _PARENT[0] = os.getpid()
    client = Client(adapter, server.url, timeout=2.0, max_retries=0)
    clients.append(client)
    assert (
        client.get("em_before_fork")["email"]["publicId"] == "em_before_fork"
    )  # pooled connection
    children: list[tuple[int, int]] = []
    for child in range(CHILDREN):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(read_end)
                os.write(write_end, json.dumps(_tally(client, f"c{child}", PER_CHILD)).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    parent = _tally(client, "parent", PARENT_SENDS)  # while the children send
    deadline = time.monotonic() + 30
    outcomes: list[tuple[int, object]] = []  # (exit code, the child's JSON report)
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            report = pipe.read()
        outcomes.append((_wait(pid, deadline), json.loads(report) if report else None))
    assert outcomes == [(0, [0, 0])] * CHILDREN  # every child: exit 0, 0 crossed, 0 errors
    assert parent == (0, 0)
    assert _tally(client, "after", 10) == (0, 0)  # the parent's pool still works


_MP_CLIENT: list[Client] = []


def _mp_work(child: int) -> tuple[int, int]:
    return _tally(_MP_CLIENT[0], f"mp{child}", PER_CHILD)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_multiprocessing_fork_pool(adapter: str, server: RawServer, clients: list[Client]) -> None:
    _PARENT[0] = os.getpid()
    client = Client(adapter, server.url, timeout=2.0, max_retries=0)
    clients.append(client)
    _MP_CLIENT[:] = [client]
    assert client.get("em_before_fork")["email"]["publicId"] == "em_before_fork"
    context = multiprocessing.get_context("fork")
    with context.Pool(3) as pool:
        pending = pool.map_async(_mp_work, range(6))
        parent = _tally(client, "parent", PARENT_SENDS)
        results = pending.get(timeout=60)
    assert results == [(0, 0)] * 6
    assert parent == (0, 0)
    assert _tally(client, "after", 10) == (0, 0)


@pytest.mark.parametrize("adapter", [a for a in ADAPTERS if is_async(a)])
def test_one_async_client_on_many_loops_at_once(adapter: str, server: RawServer) -> None:
    """A Celery threads pool with ``asyncio.run()`` per task: 8 threads, each running its
    own loop at the same time, 5 loops each, sharing one client."""
    threads, runs, per_run = 8, 5, 5
    client = AsyncPostStack(
        api_key="sk_test_loops",
        base_url=server.url,
        transport=adapter.removesuffix("-async"),
        max_retries=0,
        timeout=5.0,
    )
    barrier = threading.Barrier(threads)
    tallies: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    async def one_run(worker: int, run: int) -> tuple[int, int]:
        async def get(n: int) -> bool:
            wanted = f"em_{worker}_{run}_{n}"
            return (await client.emails.get(wanted))["email"]["publicId"] == wanted

        outcomes = await asyncio.gather(*(get(n) for n in range(per_run)), return_exceptions=True)
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        failures.extend(errors)
        return sum(o is False for o in outcomes), len(errors)

    def work(worker: int) -> None:
        barrier.wait()
        for run in range(runs):
            tallies.append(asyncio.run(one_run(worker, run)))

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert failures == []
    assert tallies == [(0, 0)] * (threads * runs)
    asyncio.run(client.aclose())


@pytest.mark.parametrize("adapter", ["requests", "h11"])
def test_a_child_forked_while_the_watchdog_was_locked_still_sends(
    adapter: str, server: RawServer, clients: list[Client]
) -> None:
    # The watchdog that ends attempts at their deadline (one thread per process, shared by
    # the blocking transports) guards its deadlines with a lock. A fork while another
    # thread held it must not leave the child's first send waiting for a lock nobody in
    # the child will ever release.
    from poststack_transports import _watchdog

    client = Client(adapter, server.url, timeout=2.0, max_retries=0)
    clients.append(client)
    assert client.get("em_before")["email"]["publicId"] == "em_before"  # watchdog running
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with _watchdog.watchdog._cond:  # pyright: ignore[reportPrivateUsage]  # the lock under test
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(read_end)
                os.write(write_end, client.get("em_child")["email"]["publicId"].encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        status = _wait(pid, time.monotonic() + 15)
        with os.fdopen(read_end, "rb") as pipe:
            answer = pipe.read().decode()
    finally:
        release.set()
        holder.join(10)
    assert (status, answer) == (0, "em_child"), "the child hung on the parent's lock"
