"""Running the sandbox: loopback binding, clean shutdown, the async runner, a database file,
concurrency (threads and tasks), and the command line."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from poststack._cli import main as poststack_main
from poststack_sandbox import AsyncSandbox, Sandbox
from poststack_sandbox._app import _is_loopback
from poststack_sandbox._cli import parse_fault

from .conftest import Message

DOMAINS = ["acme.test"]


def _open_fds() -> int | None:
    fd_dir = Path("/proc/self/fd")
    return len(list(fd_dir.iterdir())) if fd_dir.exists() else None


def test_binds_loopback_on_a_free_port_by_default() -> None:
    with Sandbox(domains=DOMAINS) as sb:
        assert sb.url.startswith("http://127.0.0.1:")
        port = int(sb.url.rsplit(":", 1)[1])
        assert port > 0
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass


def test_stop_leaks_no_thread_or_socket(msg: Message) -> None:
    threads_before = set(threading.enumerate())
    fds_before = _open_fds()
    with Sandbox(domains=DOMAINS) as sb:
        url, key = sb.url, sb.api_key
        with httpx.Client(headers={"Authorization": f"Bearer {key}"}) as client:
            assert client.post(f"{url}/emails", json=msg()).status_code == 202
        assert any(t.name == "poststack-sandbox" for t in threading.enumerate())
    assert set(threading.enumerate()) == threads_before
    if fds_before is not None:
        assert _open_fds() == fds_before
    port = int(url.rsplit(":", 1)[1])
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_stop_with_a_client_still_connected(msg: Message) -> None:
    sb = Sandbox(domains=DOMAINS).start()
    client = httpx.Client(base_url=sb.url, headers={"Authorization": f"Bearer {sb.api_key}"})
    try:
        assert client.post("/emails", json=msg()).status_code == 202
        started = time.monotonic()
        sb.stop()
        assert time.monotonic() - started < 3
        sb.stop()  # idempotent
    finally:
        client.close()


def test_async_sandbox(msg: Message) -> None:
    async def scenario() -> None:
        async with AsyncSandbox(domains=DOMAINS) as sb:
            assert sb.url.startswith("http://127.0.0.1:")
            headers = {"Authorization": f"Bearer {sb.api_key}"}
            async with httpx.AsyncClient(base_url=sb.url, headers=headers) as client:
                response = await client.post("/emails", json=msg())
                assert response.status_code == 202
                assert [e["publicId"] for e in sb.emails()] == [response.json()["id"]]
                sb.add_fault("GET", "/emails", [{"status": 503}])
                assert (await client.get("/emails")).status_code == 503
            assert sb.stats() == {"connections": 1, "requests": 2}

    asyncio.run(scenario())


def test_database_file_survives_a_restart(tmp_path: Path, msg: Message) -> None:
    db = str(tmp_path / "sandbox.db")
    with Sandbox(db=db, domains=DOMAINS, delivery_delay=0) as first:
        headers = {"Authorization": f"Bearer {first.api_key}"}
        sent = httpx.post(f"{first.url}/emails", json=msg(), headers=headers).json()["id"]
    with Sandbox(db=db, domains=DOMAINS) as second:
        headers = {"Authorization": f"Bearer {second.api_key}"}
        got = httpx.get(f"{second.url}/emails/{sent}", headers=headers)
        assert got.status_code == 200
        assert got.json()["email"]["status"] == "delivered"


def test_scheduled_send_resumes_after_a_restart(tmp_path: Path, msg: Message) -> None:
    db = str(tmp_path / "sandbox.db")
    at = (datetime.now(timezone.utc) + timedelta(seconds=0.3)).isoformat()
    with Sandbox(db=db, domains=DOMAINS) as first:
        headers = {"Authorization": f"Bearer {first.api_key}"}
        sent = httpx.post(f"{first.url}/emails", json=msg(scheduled_at=at), headers=headers)
        email_id = sent.json()["id"]
        assert first.emails()[0]["status"] == "queued"
    with Sandbox(db=db, domains=DOMAINS) as second:
        deadline = time.monotonic() + 5
        while second.emails()[0]["status"] != "delivered":
            assert time.monotonic() < deadline, "the scheduled send never resumed"
            time.sleep(0.02)
        assert second.emails()[0]["publicId"] == email_id


def test_control_api_is_for_loopback_clients_only() -> None:
    assert _is_loopback("127.0.0.1")
    assert _is_loopback("::1")
    assert _is_loopback("127.8.9.10")
    assert not _is_loopback("10.0.0.7")
    assert not _is_loopback("example.com")
    assert not _is_loopback(None)


def test_eight_threads_store_each_send_exactly_once(msg: Message) -> None:
    with Sandbox(domains=DOMAINS) as sb:

        def worker(n: int) -> list[str]:
            headers = {"Authorization": f"Bearer {sb.api_key}"}
            with httpx.Client(base_url=sb.url, headers=headers) as client:
                ids: list[str] = []
                for i in range(125):
                    response = client.post("/emails", json=msg(subject=f"t{n}-{i}"))
                    assert response.status_code == 202
                    ids.append(response.json()["id"])
                return ids

        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            sent = [i for ids in pool.map(worker, range(8)) for i in ids]
        assert time.monotonic() - started < 10
        stored = sb.emails()
        assert len(sent) == len(set(sent)) == 1000
        assert sorted(e["publicId"] for e in stored) == sorted(sent)
        assert sorted(e["subject"] for e in stored) == sorted(
            f"t{n}-{i}" for n in range(8) for i in range(125)
        )
        assert sb.stats() == {"connections": 8, "requests": 1000}


def test_sixty_four_tasks_and_one_idempotency_key(msg: Message) -> None:
    with Sandbox(domains=DOMAINS) as sb:

        async def scenario() -> list[dict[str, Any]]:
            headers = {"Authorization": f"Bearer {sb.api_key}"}
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(base_url=sb.url, headers=headers, limits=limits) as c:
                unique = [c.post("/emails", json=msg(subject=f"a{i}")) for i in range(64)]
                same = [
                    c.post("/emails", json=msg(), headers={"Idempotency-Key": "one"})
                    for _ in range(64)
                ]
                responses = await asyncio.gather(*unique, *same)
            assert all(r.status_code == 202 for r in responses)
            return [r.json() for r in responses]

        results = asyncio.run(scenario())
        unique_ids = {r["id"] for r in results[:64]}
        keyed = results[64:]
        assert len(unique_ids) == 64
        assert len({r["id"] for r in keyed}) == 1
        assert sum(1 for r in keyed if r.get("replayed")) == 63
        assert len(sb.emails()) == 65


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("POST /emails 503,503", ("POST", "/emails", [{"status": 503}, {"status": 503}])),
        (
            "GET /emails/em_1 429:2,delay:0.5,pass",
            (
                "GET",
                "/emails/em_1",
                [{"status": 429, "headers": {"Retry-After": "2"}}, {"delay": 0.5}, {"pass": True}],
            ),
        ),
        (
            "* /emails close:before_read,close:after_processing,truncate",
            (
                "*",
                "/emails",
                [{"close": "before_read"}, {"close": "after_processing"}, {"truncate": True}],
            ),
        ),
        (
            "POST /emails garbage",
            (
                "POST",
                "/emails",
                [
                    {
                        "status": 200,
                        "raw": "<html><body>Bad gateway</body></html>",
                        "headers": {"Content-Type": "text/html"},
                    }
                ],
            ),
        ),
    ],
)
def test_parse_fault(spec: str, expected: tuple[str, str, list[dict[str, Any]]]) -> None:
    assert parse_fault(spec) == expected


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("POST /emails", "expected 'METHOD PATH OUTCOME[,OUTCOME...]'"),
        ("POST /emails boom", "unknown fault outcome 'boom'"),
        ("POST /emails delay:x", "bad delay in 'delay:x'"),
    ],
)
def test_parse_fault_rejects(spec: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        parse_fault(spec)


def test_dispatcher_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert poststack_main([]) == 2
    assert "usage: poststack [--version] <command>" in capsys.readouterr().out
    assert poststack_main(["--help"]) == 0
    assert "sandbox" in capsys.readouterr().out
    assert poststack_main(["nope"]) == 2
    assert "unknown command 'nope'" in capsys.readouterr().err


def _start_cli(*args: str) -> tuple[subprocess.Popen[str], str, str]:
    code = "import sys; from poststack._cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "sandbox", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    prefix = "PostStack sandbox on "
    assert line.startswith(prefix), line + (process.stderr.read() if process.stderr else "")
    url, _, key = line[len(prefix) :].strip().partition("  key: ")
    banner = [process.stdout.readline() for _ in range(3)]
    # The banner says what to export and where the inbox is.
    assert banner == [
        "Point your code at it:\n",
        f"  export POSTSTACK_API_KEY={key}\n",
        f"  export POSTSTACK_BASE_URL={url}\n",
    ]
    assert process.stdout.readline() == f"Inbox (open in a browser): {url}/\n"
    return process, url, key


def test_cli_serves_with_scripted_faults_until_interrupted(tmp_path: Path, msg: Message) -> None:
    faults = tmp_path / "faults.json"
    faults.write_text(
        json.dumps([{"method": "GET", "path": "/emails", "outcomes": [{"status": 500}]}])
    )
    process, url, key = _start_cli(
        "--fault",
        "POST /emails 503,429:1",
        "--faults",
        str(faults),
        "--key",
        "sk_test_cli",
        "--domain",
        "acme.test",
    )
    log = ""
    try:
        assert url.startswith("http://127.0.0.1:")
        assert key == "sk_test_cli"
        other = httpx.get(f"{url}/webhooks", headers={"Authorization": "Bearer sk_test_other"})
        assert other.status_code == 401
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
            assert client.post("/emails", json=msg()).status_code == 503
            limited = client.post("/emails", json=msg())
            assert (limited.status_code, limited.headers["retry-after"]) == (429, "1")
            assert client.post("/emails", json=msg()).status_code == 202
            assert client.get("/emails").status_code == 500
            assert client.get("/emails").json()["meta"]["total"] == 1
            assert httpx.get(f"{url}/").status_code == 200  # the inbox page: not logged
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        log = process.stderr.read() if process.stderr else ""
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
    # One line per answered request: method, path, status, request id; never the key.
    lines = log.splitlines()
    assert re.fullmatch(r"GET /webhooks -> 401 \(req_[0-9a-f]{24}\)", lines[0]), log
    assert [line.rsplit(" (", 1)[0] for line in lines[1:6]] == [
        "POST /emails -> 503",
        "POST /emails -> 429",
        "POST /emails -> 202",
        "GET /emails -> 500",
        "GET /emails -> 200",
    ]
    assert key not in log
    assert len(lines) == 6


def test_cli_names_the_port_it_cannot_bind() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "poststack_sandbox", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr


def test_cli_rejects_a_bad_fault() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "poststack_sandbox", "--fault", "POST /emails boom"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown fault outcome 'boom'" in result.stderr
