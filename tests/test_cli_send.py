from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from poststack._cli import main
from poststack_sandbox import Sandbox


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com", "acme.example"]) as sandbox:
        monkeypatch.setenv("POSTSTACK_API_KEY", sandbox.api_key)
        monkeypatch.setenv("POSTSTACK_BASE_URL", sandbox.url)
        yield sandbox


def test_send_prints_the_answer_and_stores_the_email(
    sb: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "welcome.html"
    body.write_text("<h1>Welcome</h1>", encoding="utf-8")
    status = main(
        [
            "send",
            "--from", "Acme <hello@acme.example>",
            "--to", "a@example.com",
            "--to", "b@example.com",
            "--subject", "Hi",
            "--html", f"@{body}",
            "--tag", "welcome",
        ]
    )  # fmt: skip
    assert status == 0
    printed = json.loads(capsys.readouterr().out)
    (stored,) = sb.emails()
    assert printed["id"] == stored["publicId"]
    assert stored["toAddresses"] == ["a@example.com", "b@example.com"]
    assert stored["fromName"] == "Acme"
    assert stored["tags"] == ["welcome"]


def test_an_api_refusal_exits_1_with_the_error(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sb.add_fault("POST", "/emails", [{"status": 422, "body": {"error": "no", "code": "x"}}])
    status = main(["send", "--from", "a@acme.example", "--to", "b@example.com", "--text", "t",
                   "--subject", "s"])  # fmt: skip
    assert status == 1
    assert "HTTP 422 x: no" in capsys.readouterr().err


def test_no_key_exits_2_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    status = main(["send", "--from", "a@acme.example", "--to", "b@example.com"])
    assert status == 2
    assert "POSTSTACK_API_KEY" in capsys.readouterr().err
