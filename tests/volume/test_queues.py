"""Celery and RQ workers (real processes, a real redis-server) sending through a faulty sandbox.

Each test runs the worker of ``examples/`` as a subprocess, queues 200 sends while the sandbox
fails some of them (5xx, 429 with ``Retry-After``, connections dropped before the request was
read and after it was processed), and checks at the sandbox that every email was applied
exactly once and that each job returned its own email's id. Clients in the workers retry
nothing themselves (``POSTSTACK_MAX_RETRIES=0``), so every fault goes through the queue's
re-queue path. Workers live in their own process group and are killed at teardown.
(arq's workers are tested the same way in ``test_queues_arq.py``.)
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import redis

from poststack.contrib._requeue import countdown, should_requeue
from poststack_proto import PostStackError
from poststack_sandbox import Sandbox

from .conftest import message

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SENDS = 200

THROTTLED = {
    "status": 429,
    "headers": {"Retry-After": "1"},
    "body": {"error": "Rate limit exceeded", "code": "rate_limit_exceeded"},
}
# Consumed one per POST /emails, in order; the rest of the requests are handled normally.
FAULTS: list[dict[str, Any]] = [
    {"status": 503},
    {"pass": True},
    {"close": "after_processing"},  # applied, answer lost: the re-queue must replay it
    {"status": 500},
    THROTTLED,
    {"pass": True},
    {"close": "before_read"},
    {"status": 502},
    {"close": "after_processing"},
    THROTTLED,
    {"pass": True},
    {"status": 503, "headers": {"Retry-After": "1"}, "body": {"error": "maintenance"}},
]


def load_example(name: str) -> ModuleType:
    """A fresh copy of ``examples/<name>.py`` (it reads its broker URL at import)."""
    spec = importlib.util.spec_from_file_location(
        f"{name}_under_test_{time.time_ns()}", EXAMPLES / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worker_env(sandbox: Sandbox, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTSTACK_", "CELERY_"))}
    env.update(
        POSTSTACK_API_KEY=sandbox.api_key,
        POSTSTACK_BASE_URL=sandbox.url,
        POSTSTACK_MAX_RETRIES="0",
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
        **extra,
    )
    return env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=EXAMPLES,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: teardown kills pool children too
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
    process.wait(timeout=10)


def assert_exactly_once(sandbox: Sandbox, ids: list[str]) -> None:
    stored = sandbox.emails()
    subjects = sorted(email["subject"] for email in stored)
    assert subjects == sorted(f"message {i}" for i in range(SENDS))
    by_subject = {email["subject"]: email["publicId"] for email in stored}
    assert ids == [by_subject[f"message {i}"] for i in range(SENDS)]


def assert_key_never_in_redis(url: str, api_key: str) -> None:
    client: Any = redis.Redis.from_url(url)  # pyright: ignore[reportUnknownMemberType]  # as above
    try:
        secret = api_key.encode()
        for key in client.scan_iter(count=1000):
            dumped = client.dump(key)
            assert dumped is None or secret not in dumped, key
    finally:
        client.close()


@pytest.mark.parametrize("pool", ["prefork", "threads"])
def test_celery_workers_send_each_email_exactly_once_through_faults(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path, pool: str
) -> None:
    sandbox.add_fault("POST", "/emails", FAULTS)
    os.environ["CELERY_BROKER_URL"] = fresh_db
    try:
        example = load_example("celery_worker")
    finally:
        del os.environ["CELERY_BROKER_URL"]
    worker = start(
        [sys.executable, "-m", "celery", "-A", "celery_worker", "worker", f"--pool={pool}",
         "--concurrency=3", "--loglevel=warning", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        worker_env(sandbox, CELERY_BROKER_URL=fresh_db),
        tmp_path / "worker.log",
    )  # fmt: skip
    try:
        results = [example.send_email.delay(message(i)) for i in range(SENDS)]
        ids = [result.get(timeout=60) for result in results]
    except Exception:
        print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        stop(worker)
        example.app.close()
    assert sandbox.faults() == []  # every scripted fault was met
    assert_exactly_once(sandbox, ids)
    assert_key_never_in_redis(fresh_db, sandbox.api_key)


def test_celery_task_fails_at_once_on_a_refusal_and_keeps_a_callers_key(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path
) -> None:
    os.environ["CELERY_BROKER_URL"] = fresh_db
    try:
        example = load_example("celery_worker")
    finally:
        del os.environ["CELERY_BROKER_URL"]
    worker = start(
        [sys.executable, "-m", "celery", "-A", "celery_worker", "worker", "--pool=solo",
         "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        worker_env(sandbox, CELERY_BROKER_URL=fresh_db),
        tmp_path / "worker.log",
    )  # fmt: skip
    try:
        refused = example.send_email.delay({"from": "sender@example.com", "subject": "no to"})
        with pytest.raises(PostStackError) as caught:
            refused.get(timeout=60)
        first = example.send_email.delay(message(0), idempotency_key="order-1").get(timeout=60)
        again = example.send_email.delay(message(0), idempotency_key="order-1").get(timeout=60)
    finally:
        stop(worker)
        example.app.close()
    assert caught.value.status_code == 400
    assert refused.state == "FAILURE"
    assert first == again
    assert [e["publicId"] for e in sandbox.emails()] == [first]


def test_an_rq_worker_sends_each_email_exactly_once_through_faults(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path
) -> None:
    sandbox.add_fault("POST", "/emails", FAULTS)
    os.environ["REDIS_URL"] = fresh_db
    try:
        example = load_example("rq_worker")
    finally:
        del os.environ["REDIS_URL"]
    worker = start(
        [sys.executable, "rq_worker.py"],
        worker_env(sandbox, REDIS_URL=fresh_db),
        tmp_path / "worker.log",
    )
    try:
        jobs = [example.enqueue_email(message(i)) for i in range(SENDS)]
        deadline = time.monotonic() + 80
        pending = list(jobs)
        while pending and time.monotonic() < deadline:
            time.sleep(0.2)
            pending = [
                job for job in pending if job.get_status(refresh=True) not in ("finished", "failed")
            ]
        assert not pending, f"{len(pending)} jobs unfinished"
        ids = [job.return_value() for job in jobs]
    except Exception:
        print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        stop(worker)
    assert sandbox.faults() == []
    assert_exactly_once(sandbox, ids)
    assert_key_never_in_redis(fresh_db, sandbox.api_key)


@pytest.mark.parametrize(
    ("error", "requeue"),
    [
        (PostStackError(0, "refused", "connection_error"), True),
        (PostStackError(0, "slow", "timeout"), True),
        (PostStackError(0, "adapter bug", "transport_error"), False),
        (PostStackError(500, "boom"), True),
        (PostStackError(503, "down"), True),
        (PostStackError(408, "timeout"), True),
        (PostStackError(429, "slow down", "rate_limit_exceeded", retry_after=2.0), True),
        (PostStackError(429, "slow down"), True),
        (PostStackError(429, "plan limit", "monthly_limit_exceeded"), False),
        (PostStackError(429, "plan limit", "some_new_code"), False),
        (PostStackError(400, "bad", "invalid_request"), False),
        (PostStackError(422, "key reused", "unprocessable_entity"), False),
    ],
)
def test_which_failures_are_requeued(error: PostStackError, requeue: bool) -> None:
    assert should_requeue(error) is requeue


def test_requeue_waits_for_retry_after_else_backs_off_with_jitter() -> None:
    throttled = PostStackError(429, "slow", "rate_limit_exceeded", retry_after=7.5)
    failed = PostStackError(503, "down")
    assert countdown(throttled, 4, base=1, cap=300) == 7.5
    assert [countdown(failed, n, base=1, cap=10, jitter=lambda: 0.0) for n in range(6)] == [
        0.5, 1, 2, 4, 5, 5,
    ]  # fmt: skip
    assert countdown(failed, 2, base=1, cap=10, jitter=lambda: 0.999) < 4


def test_a_celery_task_whose_worker_was_killed_mid_send_is_redelivered_and_sent_once(
    sandbox: Sandbox, fresh_db: str, tmp_path: Path
) -> None:
    # The first send is held by the sandbox for 2 s; the worker is killed meanwhile (SIGKILL,
    # no clean-up), and a new worker gets the unacknowledged task again after the visibility
    # timeout. The same task id gives the same key: one email, whatever the first request did.
    sandbox.add_fault("POST", "/emails", [{"delay": 2.0}])
    os.environ["CELERY_BROKER_URL"] = fresh_db
    try:
        example = load_example("celery_worker")
    finally:
        del os.environ["CELERY_BROKER_URL"]
    command = [sys.executable, "-m", "celery", "-A", "celery_worker", "worker", "--pool=solo"]
    command += ["--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    env = worker_env(sandbox, CELERY_BROKER_URL=fresh_db, CELERY_VISIBILITY_TIMEOUT="2")
    first = start(command, env, tmp_path / "first.log")
    second = None
    try:
        result = example.send_email.delay(message(0))
        deadline = time.monotonic() + 30
        while sandbox.faults() and time.monotonic() < deadline:  # the held request arrived
            time.sleep(0.05)
        assert not sandbox.faults(), "the first worker never sent"
        held_at = time.monotonic()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        # Kombu restores unacknowledged tasks when a worker starts, and after that only every
        # 100 s or so (a 10 s timer, throttled tenfold): start the second worker once the
        # task's visibility timeout (2 s from its delivery, before held_at) has run out, so
        # its first scan finds it.
        time.sleep(max(0.0, held_at + 2.5 - time.monotonic()))
        second = start(command, env, tmp_path / "second.log")
        email_id = result.get(timeout=60)
    finally:
        stop(first)
        if second is not None:
            stop(second)
        example.app.close()
    stored = sandbox.emails()
    assert [e["publicId"] for e in stored] == [email_id]
    assert stored[0]["subject"] == "message 0"


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_each_process_makes_its_own_client_even_if_a_parents_thread_held_the_lock() -> None:
    import threading

    from poststack.contrib._requeue import ProcessClient

    from .test_ratelimit import _in_a_forked_child

    made: list[int] = []
    inside, release = threading.Event(), threading.Event()

    def factory() -> object:
        made.append(os.getpid())
        if threading.current_thread().name == "maker":  # holds the lock while it makes
            inside.set()
            release.wait(10)
        return object()

    clients: ProcessClient[object] = ProcessClient(factory)
    parents = clients.get()
    clients.set_factory(factory)  # forget it: the maker thread makes the next one
    maker = threading.Thread(target=clients.get, name="maker")
    maker.start()
    try:
        assert inside.wait(10)
        child = _in_a_forked_child(lambda: json.dumps([made[-1] != os.getpid(), id(clients.get())]))
    finally:
        release.set()
        maker.join(10)
    assert child != "hung", "the child waited for a lock its parent's thread held"
    made_elsewhere, _ = json.loads(child)
    assert made_elsewhere  # the child made a client of its own, in its own process
    assert clients.get() is not parents  # and the parent the maker's
