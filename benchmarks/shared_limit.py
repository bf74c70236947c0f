"""Measure the shared rate limiter: N worker processes against a rate-limited sandbox.

Each mode starts a fresh sandbox (its own process, ``--rate-limit R``) and N worker processes
that each send M emails one by one with ``PostStack()`` (default retries: 3, obeying
``Retry-After``). Mode ``none``: no client-side limiter; mode ``shared``: every worker uses
``RedisRateLimiter(redis, rate=R)`` on one redis-server. Printed per mode: the 429s the
workers met, emails accepted and failed, wall time and accepted emails per second.

    python benchmarks/shared_limit.py --workers 8 --per-worker 50 --rate 50

Needs redis-server on PATH and ``poststack[redis,sandbox]``. Loopback only; every process
it starts is stopped before it returns.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import TypedDict

WORKER = r"""
import json, sys, time
from poststack import PostStack, PostStackError
from poststack_transports import make_sync_transport

mode, redis_url = sys.argv[1], sys.argv[2]
count, rate, burst = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
start_at = float(sys.argv[6])

class Counting:
    def __init__(self):
        self.inner = make_sync_transport("httpx")
        self.statuses = {}
    def send(self, request):
        response = self.inner.send(request)
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        return response
    def close(self):
        self.inner.close()

limiter = None
if mode == "shared":
    from poststack.contrib.redis import RedisRateLimiter
    limiter = RedisRateLimiter(redis_url, rate=rate, burst=burst, name="bench")
transport = Counting()
sent = failed = 0
with PostStack(transport=transport, rate_limiter=limiter) as ps:
    ps.emails.get  # warm the resource before the common start
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.time()
    for i in range(count):
        try:
            ps.emails.send({"from": "sender@example.com", "to": ["u@example.com"],
                            "subject": f"m{i}", "text": "t"})
            sent += 1
        except PostStackError:
            failed += 1
    ended = time.time()
transport.close()
print(json.dumps({"sent": sent, "failed": failed, "began": began, "ended": ended,
                  "statuses": {str(k): v for k, v in transport.statuses.items()}}))
"""


class WorkerReport(TypedDict):
    """The JSON line a `WORKER` prints."""

    sent: int
    failed: int
    began: float
    ended: float
    statuses: dict[str, int]  # HTTP status (as text) -> answers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _domain_options() -> list[str]:
    """``--domain example.com`` for a sandbox that checks sending domains (older ones do not)."""
    usage = subprocess.run(
        [sys.executable, "-m", "poststack_sandbox", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    ).stdout
    return ["--domain", "example.com"] if "--domain" in usage else []


def run_mode(mode: str, args: argparse.Namespace, redis_url: str) -> dict[str, object]:
    port = free_port()
    key = "sk_test_shared_limit_bench"
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "poststack_sandbox", "--port", str(port), "--key", key,
         "--rate-limit", str(args.rate), *_domain_options()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: list[subprocess.Popen[str]] = []
    try:
        wait_for(port, time.monotonic() + 30)
        env = {
            **os.environ,
            "POSTSTACK_API_KEY": key,
            "POSTSTACK_BASE_URL": f"http://127.0.0.1:{port}",
        }
        start_at = time.time() + 3.0  # every worker begins at once, after its imports
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    mode,
                    redis_url,
                    str(args.per_worker),
                    str(args.rate),
                    str(args.burst),
                    str(start_at),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(args.workers)
        ]
        reports: list[WorkerReport] = []
        for worker in workers:
            out, err = worker.communicate(timeout=args.timeout)
            if worker.returncode != 0:
                raise RuntimeError(f"worker failed: {err[-2000:]}")
            reports.append(json.loads(out))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/stats", timeout=10) as r:
            stats = json.loads(r.read())
    finally:
        for worker in workers:
            stop(worker)
        stop(sandbox)
    wall = max(r["ended"] for r in reports) - min(r["began"] for r in reports)
    sent = sum(r["sent"] for r in reports)
    return {
        "mode": mode,
        "workers": args.workers,
        "rate_limit": args.rate,
        "burst": args.burst if mode == "shared" else None,
        "emails": args.workers * args.per_worker,
        "sent": sent,
        "failed": sum(r["failed"] for r in reports),
        "responses_429": sum(r["statuses"].get("429", 0) for r in reports),
        "requests": stats.get("requests"),
        "wall_s": round(wall, 2),
        "sent_per_s": round(sent / wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--per-worker", type=int, default=50)
    parser.add_argument("--rate", type=float, default=50.0, help="the sandbox's limit, req/s")
    parser.add_argument("--burst", type=int, default=1, help="the shared limiter's burst")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--modes", default="none,shared")
    args = parser.parse_args(argv)
    binary = shutil.which("redis-server")
    if binary is None:
        print("redis-server is not installed", file=sys.stderr)
        return 2
    redis_port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        redis = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
             "--appendonly", "no", "--dir", workdir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(redis_port, time.monotonic() + 10)
            for mode in args.modes.split(","):
                print(json.dumps(run_mode(mode, args, f"redis://127.0.0.1:{redis_port}/0")))
        finally:
            stop(redis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
