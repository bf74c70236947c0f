"""The programs in examples/, each run against a sandbox as a user would run it."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from poststack import PostStack, PostStackError, RetryPolicy
from poststack.types import SendEmailParams
from poststack_proto import ConnectError, ReadTimeout, sign_payload
from poststack_sandbox import Sandbox

from .docs._sandbox import docs_sandbox

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_sends_to_the_embedded_sandbox_and_prints_the_result() -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("POSTSTACK_")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("PostStack sandbox running at http://127.0.0.1:")
    sent = json.loads(lines[1].removeprefix("sent: "))
    assert sent["id"].startswith("em_")
    assert sent["test_mode"] is True
    assert lines[2] == "status: delivered (events: queued, sent, delivered)"


def test_a_requeued_job_with_its_own_key_sends_once() -> None:
    """A job that ran, lost its answer and was queued again must not email twice."""
    payload: SendEmailParams = {
        "from": "shop@acme.example",
        "to": ["buyer@example.com"],
        "subject": "Receipt",
        "html": "<p>Thanks</p>",
    }
    with (
        Sandbox(domains=["acme.example"]) as sb,
        PostStack(api_key=sb.api_key, base_url=sb.url) as ps,
    ):
        first = ps.emails.send(payload, idempotency_key="receipt-1042")
        again = ps.emails.send(payload, idempotency_key="receipt-1042")
        assert again["id"] == first["id"]
        assert again.get("replayed") is True
        assert "replayed" not in first
        assert len(sb.emails()) == 1


# --- the examples of issue #15, each run against a sandbox ------------------------------------


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with docs_sandbox() as sb:
        yield sb


def _env(sb: Sandbox) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("POSTSTACK_")}
    return {**environment, "POSTSTACK_API_KEY": sb.api_key, "POSTSTACK_BASE_URL": sb.url}


def _run(name: str, env: dict[str, str], *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _load(name: str, sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import examples/<name>.py afresh, configured from the environment as a user runs it."""
    monkeypatch.setenv("POSTSTACK_API_KEY", sb.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
    spec = importlib.util.spec_from_file_location(
        f"example_{name}", ROOT / "examples" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_async_send_sends_concurrently_and_survives_a_503(sandbox: Sandbox) -> None:
    sandbox.add_fault("POST", "/emails", [{"status": 503}, {"status": 503}])
    lines = _run("async_send", _env(sandbox))
    assert lines[-1] == "8 sent, 1 failed"
    assert "not-an-address: error: 400 invalid_request" in lines
    stored = {email["toAddresses"][0]: email["publicId"] for email in sandbox.emails()}
    assert len(stored) == 8
    for n in range(1, 9):
        assert f"user{n}@example.com: {stored[f'user{n}@example.com']}" in lines


@pytest.mark.parametrize(
    ("name", "last_line"),
    [
        ("async_send", "8 sent, 1 failed"),
        ("batch_send", "sent again: the same emails"),
        ("bulk_send", "run again: nothing resent"),
    ],
)
def test_examples_start_their_own_sandbox_when_not_configured(name: str, last_line: str) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("POSTSTACK_")}
    assert _run(name, environment)[-1] == last_line


def test_batch_send_reports_each_element_and_a_resent_batch_sends_nothing(
    sandbox: Sandbox,
) -> None:
    lines = _run("batch_send", _env(sandbox))
    stored = {email["toAddresses"][0]: email["publicId"] for email in sandbox.emails()}
    assert len(stored) == 2  # two accepted, once each, although the batch went out twice
    assert f"order 1001: sent {stored['ada@example.com']}" in lines
    assert f"order 1002: sent {stored['grace@example.com']}" in lines
    assert any(line.startswith("order 1003: refused (invalid_request: ") for line in lines)
    assert lines[-1] == "sent again: the same emails"


def test_bulk_send_chunks_by_100_and_a_rerun_resends_nothing(sandbox: Sandbox) -> None:
    lines = _run("bulk_send", _env(sandbox))
    assert lines == ["250 sent, 0 refused, in 3 batches", "run again: nothing resent"]
    emails = sandbox.emails()
    assert len(emails) == 250
    assert sorted(email["toAddresses"][0] for email in emails) == sorted(
        f"member{n}@example.com" for n in range(250)
    )


def test_webhook_receiver_accepts_signed_deliveries_and_refuses_forged_ones(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver = _load("webhook_receiver", sandbox, monkeypatch)
    events: list[dict[str, Any]] = []
    with PostStack(api_key=sandbox.api_key, base_url=sandbox.url) as ps:
        created = ps.webhooks.create({"url": "http://127.0.0.1:1/", "events": ["*"]})
        server = receiver.make_server(created["signingSecret"], events.append)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/webhooks"
            ps.webhooks.update(created["webhook"]["id"], {"url": url})
            sent = ps.emails.send(
                {
                    "from": "hello@example.com",
                    "to": ["user@example.com"],
                    "subject": "Hi",
                    "text": "Hi",
                }
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(
                e["type"] == "email.delivered" for e in events
            ):
                sandbox.drain_webhooks()
                time.sleep(0.05)
            delivered = [e for e in events if e["type"] == "email.delivered"]
            assert [e["data"]["email_id"] for e in delivered] == [sent["id"]]

            body = json.dumps({"type": "email.delivered", "data": {}}).encode()
            forged = sign_payload(body, "whsec_not_the_secret")
            assert _post(url, body, forged) == 400
            assert _post(url, body, None) == 400
            count = len(events)
            assert _post(url, body, sign_payload(body, created["signingSecret"])) == 200
            assert len(events) == count + 1
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


def _post(url: str, body: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-PostStack-Signature"] = signature
    assert url.startswith("http://127.0.0.1:")  # S310: only ever our own loopback receiver
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


# --- embedding the core in an HTTP stack we ship no adapter for -------------------------------

EMBEDDINGS = ["embed_urllib3", "embed_http_client"]
PAYLOAD: SendEmailParams = {
    "from": "hello@example.com",
    "to": ["user@example.com"],
    "subject": "Embedded",
    "text": "Hi",
}


@pytest.fixture(params=EMBEDDINGS)
def embed(
    request: pytest.FixtureRequest, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    """An embedding example, imported as a user's program, its connections closed after."""
    module = _load(request.param, sandbox, monkeypatch)
    yield module
    pool = getattr(module, "pool", None)  # embed_urllib3's PoolManager
    if pool is not None:
        pool.clear()


def test_embedding_retries_a_lost_answer_without_sending_twice(
    embed: ModuleType, sandbox: Sandbox
) -> None:
    # First attempt: stored, then the connection drops with no answer (the ambiguous case).
    # Second: a 503. Third: the server recognises the idempotency key and replays.
    sandbox.add_fault("POST", "/emails", [{"close": "after_processing"}, {"status": 503}])
    before = sandbox.stats()["requests"]
    result = embed.call("emails.send", body=PAYLOAD)
    assert sandbox.stats()["requests"] - before == 3
    (stored,) = sandbox.emails()
    assert result["id"] == stored["publicId"]
    assert result.get("replayed") is True


def test_embedding_errors_are_the_clients_errors(embed: ModuleType, sandbox: Sandbox) -> None:
    bad: dict[str, Any] = {**PAYLOAD, "to": ["not an address"]}
    before = sandbox.stats()["requests"]
    with pytest.raises(PostStackError) as embedded:
        embed.call("emails.send", body=bad)
    assert sandbox.stats()["requests"] - before == 1  # a 400 is not retried
    with (
        PostStack(api_key=sandbox.api_key, base_url=sandbox.url) as ps,
        pytest.raises(PostStackError) as ours,
    ):
        ps.emails.send(bad)  # type: ignore[arg-type]  # the list holds a str, like PAYLOAD's
    got, want = embedded.value, ours.value
    assert (got.status_code, got.code, got.error) == (want.status_code, want.code, want.error)
    assert got.status_code == 400
    assert got.request_id
    assert got.request_id != want.request_id


def test_embedding_network_failures_are_status_0_with_the_cause_chained(
    embed: ModuleType, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    quick = RetryPolicy(max_retries=1, backoff_base=0.001)
    options = embed.config.options.replace(base_url=f"http://127.0.0.1:{closed}")
    monkeypatch.setattr(embed, "config", embed.config.replace(options=options, policy=quick))
    with pytest.raises(PostStackError) as refused:
        embed.call("emails.get", path_params={"id": "em_1"})
    assert (refused.value.status_code, refused.value.code) == (0, "connection_error")
    assert isinstance(refused.value.__cause__, ConnectError)

    options = options.replace(base_url=sandbox.url, timeout=0.2)
    monkeypatch.setattr(
        embed, "config", embed.config.replace(options=options, policy=RetryPolicy(max_retries=0))
    )
    sandbox.add_fault("GET", "/emails", [{"delay": 1.0}])
    with pytest.raises(PostStackError) as slow:
        embed.call("emails.list")
    assert (slow.value.status_code, slow.value.code) == (0, "timeout")
    assert isinstance(slow.value.__cause__, ReadTimeout)


@pytest.mark.parametrize("name", EMBEDDINGS)
def test_embedding_example_runs_as_a_script(name: str, sandbox: Sandbox) -> None:
    (line,) = _run(name, _env(sandbox))
    (stored,) = sandbox.emails()
    assert line == f"sent {stored['publicId']}: {stored['subject']!r}"
