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
            "--from", "Acme <hello@example.com>",
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
    status = main(["send", "--from", "a@example.com", "--to", "b@example.com", "--text", "t",
                   "--subject", "s"])  # fmt: skip
    assert status == 1
    assert "HTTP 422 x: no" in capsys.readouterr().err


def test_no_key_exits_2_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    status = main(["send", "--from", "a@example.com", "--to", "b@example.com"])
    assert status == 2
    assert "POSTSTACK_API_KEY" in capsys.readouterr().err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    import poststack

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"poststack {poststack.__version__}\n"


def test_a_missing_optional_library_names_it_not_a_pypi_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "pip install 'poststack[sandbox]'" would fetch the official package from PyPI; the
    # message names the library the command needs instead.
    import sys

    for module in [m for m in sys.modules if m.split(".")[0] == "poststack_sandbox"]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # as if aiohttp were not installed
    assert main(["sandbox"]) == 1
    assert capsys.readouterr().err == (
        "poststack sandbox: missing dependency 'aiohttp' (the 'sandbox' extra); "
        "install it with: pip install aiohttp\n"
    )
