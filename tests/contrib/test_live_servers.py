"""End to end: the example apps under real servers (Django and Flask under gunicorn, FastAPI
under uvicorn), sending through the sandbox and receiving the sandbox's real, signed webhook
deliveries: delivered events arrive, a replayed delivery is handled once, and a secret
rotation keeps deliveries flowing to an app still configured with the old secret."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Generator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from poststack import PostStack
from poststack.types import WebhookDeliveryDict
from poststack_sandbox import Sandbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEADLINE = 20.0  # seconds; every wait below is bounded by it

APPS: dict[str, tuple[str, list[str]]] = {
    "django": ("django_project", ["-m", "gunicorn", "--workers", "1", "shop.wsgi"]),
    "flask": ("flask_app", ["-m", "gunicorn", "--workers", "1", "app:create_app()"]),
    "fastapi": ("fastapi_app", ["-m", "uvicorn", "main:app"]),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def bind_args(app: str, port: int) -> list[str]:
    if app == "fastapi":
        return ["--host", "127.0.0.1", "--port", str(port)]
    return ["--bind", f"127.0.0.1:{port}"]


@contextmanager
def serve(app: str, env: dict[str, str]) -> Generator[str, None, None]:
    """Start one example app on a free loopback port; stop it (and its workers) after."""
    pytest.importorskip("gunicorn" if app != "fastapi" else "uvicorn", reason="a test extra")
    folder, args = APPS[app]
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, *args, *bind_args(app, port)],
        cwd=EXAMPLES / folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"{app} server exited with {process.returncode}:\n{output}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{app} server did not listen within {DEADLINE} s")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def wait_for(check: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + DEADLINE
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"not seen within {DEADLINE} s")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("app", sorted(APPS))
def test_sending_and_a_real_webhook_delivery(app: str, sb: Sandbox) -> None:
    with PostStack(api_key=sb.api_key, base_url=sb.url) as ps:
        # The server needs the webhook's secret to start, and the webhook needs the
        # server's URL: create it on a placeholder, then point it at the server.
        created = ps.webhooks.create({"url": "http://127.0.0.1:9/placeholder", "events": ["*"]})
        hook_id, secret = created["webhook"]["id"], created["signingSecret"]
        env = {
            **os.environ,
            "POSTSTACK_API_KEY": sb.api_key,
            "POSTSTACK_BASE_URL": sb.url,
            "POSTSTACK_WEBHOOK_SECRET": secret,
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        }
        with serve(app, env) as base, httpx.Client(base_url=base, timeout=10) as http:
            ps.webhooks.update(hook_id, {"url": f"{base}/poststack/webhooks"})

            def delivered(email_id: str) -> list[dict[str, Any]]:
                events: list[dict[str, Any]] = http.get("/events").json()
                return [
                    e
                    for e in events
                    if e["type"] == "email.delivered" and e["email_id"] == email_id
                ]

            answer = http.post("/signup", json={"email": "user@example.com"})
            assert answer.status_code == 201, answer.text
            email_id = answer.json()["id"]
            (event,) = wait_for(lambda: delivered(email_id))

            # The sandbox replays the delivery: same event id, handled once.
            deliveries = ps.webhooks.get_deliveries(hook_id)["deliveries"]
            replayed = next(d for d in deliveries if d["payload"]["id"] == event["id"])
            ps.webhooks.replay(hook_id, replayed["id"])
            assert len(delivered(email_id)) == 1
            again = ps.webhooks.get_deliveries(hook_id)["deliveries"]
            assert next(d for d in again if d["id"] == replayed["id"])["attempts"] == 2

            # A rotation with a grace window: deliveries carry both signatures, and the
            # app, still on the old secret, keeps receiving.
            ps.webhooks.rotate_secret(hook_id, grace_hours=1)
            second = http.post("/signup", json={"email": "other@example.com"}).json()["id"]
            wait_for(lambda: delivered(second))

            # A cut-over without grace: the app's old secret no longer verifies; the
            # sandbox records the refusal.
            ps.webhooks.rotate_secret(hook_id, grace_hours=0)
            third = http.post("/signup", json={"email": "third@example.com"}).json()["id"]

            def refused() -> list[WebhookDeliveryDict]:
                rows = ps.webhooks.get_deliveries(hook_id)["deliveries"]
                return [
                    d
                    for d in rows
                    if d["payload"]["data"].get("email_id") == third and d["statusCode"] == 400
                ]

            wait_for(refused)
            assert delivered(third) == []


def test_the_flask_examples_cli_runs_without_any_key() -> None:
    pytest.importorskip("flask", reason="Flask is a test extra")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTSTACK_")}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "hello"],
        cwd=EXAMPLES / "flask_app",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hello"
