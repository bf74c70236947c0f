"""A client that gives up mid-request is no error of the sandbox's: no traceback is logged,
and the sandbox goes on answering."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import pytest

from poststack import PostStack
from poststack_sandbox import Sandbox


def test_a_client_closing_mid_body_logs_no_error(caplog: pytest.LogCaptureFixture) -> None:
    with Sandbox(domains=["example.com"]) as sandbox, caplog.at_level(logging.DEBUG):
        where = urlsplit(sandbox.url)
        assert where.hostname is not None
        assert where.port is not None
        with socket.create_connection((where.hostname, where.port), timeout=5) as raw:
            raw.sendall(
                b"POST /emails HTTP/1.1\r\nHost: sandbox\r\n"
                + f"Authorization: Bearer {sandbox.api_key}\r\n".encode()
                + b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"from"'
            )
            deadline = time.monotonic() + 5  # until the sandbox is reading the body
            while sandbox.stats()["requests"] < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
        deadline = time.monotonic() + 5  # until the sandbox has seen the close
        while time.monotonic() < deadline and not any(
            "client closed the connection" in r.getMessage() for r in caplog.records
        ):
            time.sleep(0.01)
        with PostStack(api_key=sandbox.api_key, base_url=sandbox.url) as ps:
            sent = ps.emails.send(
                {"from": "a@example.com", "to": ["b@example.com"], "subject": "s", "text": "t"}
            )
        assert sent["id"]
    assert any("client closed the connection" in r.getMessage() for r in caplog.records)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert sandbox.api_key not in caplog.text
