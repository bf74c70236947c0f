"""arq workers (a real process, a real redis-server) sending through a faulty sandbox, as
``test_queues.py`` tests Celery and RQ.

arq pins ``redis<6`` while Celery's Redis transport (kombu 5.7) refuses redis-py before 6.1,
so the two cannot share an environment: these tests run in their own nox session
(``nox -s arq``), and are skipped where arq is not installed (the ``tests`` session).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("arq", reason="arq's tests run in `nox -s arq` (arq pins redis<6)")

from arq import create_pool

from poststack import AsyncPostStack
from poststack.contrib import arq as arq_contrib
from poststack_proto import PostStackError
from poststack_sandbox import Sandbox

from .conftest import message
from .test_queues import (
    FAULTS,
    SENDS,
    assert_exactly_once,
    assert_key_never_in_redis,
    load_example,
    start,
    stop,
    worker_env,
)


def _arq_example(redis_url: str) -> ModuleType:
    os.environ["REDIS_URL"] = redis_url
    try:
        return load_example("arq_worker")
    finally:
        del os.environ["REDIS_URL"]


async def _arq_results(example: ModuleType, payloads: list[tuple[Any, str | None]]) -> list[Any]:
    """Queue each ``(params, key)`` and collect each job's result, or the error it failed with."""
    pool = await create_pool(example.WorkerSettings.redis_settings)
    try:
        jobs = [await example.enqueue_email(pool, params, key) for params, key in payloads]
        results: list[Any] = []
        for job in jobs:
            try:
                results.append(await job.result(timeout=80, poll_delay=0.1))
            except PostStackError as error:
                results.append(error)
        return results
    finally:
        await pool.aclose()


def test_an_arq_worker_sends_each_email_exactly_once_through_faults(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path
) -> None:
    sandbox.add_fault("POST", "/emails", FAULTS)
    example = _arq_example(fresh_db)
    worker = start(
        [sys.executable, "-m", "arq", "arq_worker.WorkerSettings"],
        worker_env(sandbox, REDIS_URL=fresh_db),
        tmp_path / "worker.log",
    )
    try:
        ids = asyncio.run(_arq_results(example, [(message(i), None) for i in range(SENDS)]))
    except Exception:
        print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        stop(worker)
    assert sandbox.faults() == []
    assert_exactly_once(sandbox, ids)
    assert_key_never_in_redis(fresh_db, sandbox.api_key)


def test_an_arq_job_fails_at_once_on_a_refusal_and_keeps_a_callers_key(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path
) -> None:
    example = _arq_example(fresh_db)
    worker = start(
        [sys.executable, "-m", "arq", "arq_worker.WorkerSettings"],
        worker_env(sandbox, REDIS_URL=fresh_db),
        tmp_path / "worker.log",
    )
    refusal: Any = {"from": "sender@example.com", "subject": "no to"}
    try:
        refused, first = asyncio.run(
            _arq_results(example, [(refusal, None), (message(0), "order-1")])
        )
        [again] = asyncio.run(_arq_results(example, [(message(0), "order-1")]))  # queued again
    finally:
        stop(worker)
    assert isinstance(refused, PostStackError)
    assert refused.status_code == 400
    assert first == again
    assert [e["publicId"] for e in sandbox.emails()] == [first]


def test_arq_send_email_refuses_to_run_outside_a_job() -> None:
    with pytest.raises(RuntimeError, match="inside an arq job"):
        asyncio.run(arq_contrib.send_email({}, message(0)))


def test_an_arq_job_run_twice_sends_once_and_its_client_closes_at_shutdown(
    sandbox: Sandbox,
) -> None:
    def client() -> AsyncPostStack:
        return AsyncPostStack(api_key=sandbox.api_key, base_url=sandbox.url, max_retries=0)

    async def run() -> tuple[str, str, bool]:
        ctx = {"job_id": "j-42", "job_try": 1}
        first = await arq_contrib.send_email(ctx, message(0))
        again = await arq_contrib.send_email({**ctx, "job_try": 2}, message(0))  # a re-run
        used = arq_contrib.get_client()
        await arq_contrib.close_client({})
        return first, again, arq_contrib.get_client() is not used

    arq_contrib.set_client_factory(client)
    try:
        first, again, fresh_after_close = asyncio.run(run())
    finally:
        asyncio.run(arq_contrib.close_client())
        arq_contrib.set_client_factory(AsyncPostStack)
    assert first == again
    assert [e["publicId"] for e in sandbox.emails()] == [first]
    assert fresh_after_close
    with pytest.raises(TypeError, match="factory must be callable"):
        arq_contrib.set_client_factory(None)  # type: ignore[arg-type]  # the misuse under test
