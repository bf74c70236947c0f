"""The README's main job, and the re-queued-job pattern the guide recommends, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from poststack import PostStack
from poststack.types import SendEmailParams
from poststack_sandbox import Sandbox

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
