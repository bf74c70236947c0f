"""``poststack send -v`` shows retries as they happen; ``--attach FILE`` sends files."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from poststack._cli import main
from poststack_sandbox import Sandbox

from .docs._sandbox import docs_sandbox

SEND = ["send", "--from", "hello@example.com", "--to", "user@example.com", "--subject", "Hi"]


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with docs_sandbox() as sandbox:
        monkeypatch.setenv("POSTSTACK_API_KEY", sandbox.api_key)
        monkeypatch.setenv("POSTSTACK_BASE_URL", sandbox.url)
        yield sandbox


def test_verbose_shows_each_retry_on_stderr_and_never_the_key(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("poststack")
    handlers, level = list(logger.handlers), logger.level
    sb.add_fault("POST", "/emails", [{"status": 503}, {"status": 502}])
    assert main([*SEND, "--text", "Hi", "-v"]) == 0
    out, err = capsys.readouterr()
    retries = [line for line in err.splitlines() if "retrying in" in line]
    assert len(retries) == 2
    assert retries[0].startswith("poststack: emails.send POST /emails answered 503 (request id ")
    assert "(attempt 2 of 4)" in retries[0]
    assert "answered 502" in retries[1]
    assert "(attempt 3 of 4)" in retries[1]
    assert sb.api_key not in err
    assert sb.api_key not in out
    assert json.loads(out)["id"] == sb.emails()[0]["publicId"]
    # The handler lives only as long as the command.
    assert (logger.handlers, logger.level) == (handlers, level)


def test_without_verbose_retries_are_silent(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sb.add_fault("POST", "/emails", [{"status": 503}])
    assert main([*SEND, "--text", "Hi"]) == 0
    assert capsys.readouterr().err == ""


class _Capture(BaseHTTPRequestHandler):
    """A stand-in API that records the JSON it was sent and accepts it."""

    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        answer = b'{"id": "em_captured"}'
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    _Capture.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("POSTSTACK_API_KEY", "sk_test_capture")
    monkeypatch.setenv("POSTSTACK_BASE_URL", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield _Capture.bodies
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _files(tmp_path: Path) -> dict[str, bytes]:
    files = {
        "report.pdf": b"%PDF-1.7 not really\x00\xff",
        "notes.txt": "héllo\n".encode(),
        "blob.unknownext": bytes(range(256)),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return files


def test_attach_sends_each_file_base64_with_its_name_and_guessed_type(
    capture: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    args = [arg for name in files for arg in ("--attach", str(tmp_path / name))]
    assert main([*SEND, "--text", "See attached", *args]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": "em_captured"}
    (body,) = capture
    sent = {a["filename"]: a for a in body["attachments"]}
    assert list(sent) == list(files)  # names only, in the order given; no directories
    for name, data in files.items():
        assert base64.b64decode(sent[name]["content"], validate=True) == data
    assert sent["report.pdf"]["content_type"] == "application/pdf"
    assert sent["notes.txt"]["content_type"] == "text/plain"
    assert sent["blob.unknownext"]["content_type"] == "application/octet-stream"


def test_the_sandbox_accepts_an_attachment(
    sb: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _files(tmp_path)
    assert main([*SEND, "--text", "Hi", "--attach", str(tmp_path / "report.pdf")]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == sb.emails()[0]["publicId"]


def test_an_unreadable_attachment_is_a_usage_error_and_nothing_is_sent(
    sb: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.pdf"
    assert main([*SEND, "--text", "Hi", "--attach", str(missing)]) == 2
    assert "poststack send: cannot read attachment: " in capsys.readouterr().err
    assert sb.emails() == []
