"""``poststack send-many file.jsonl`` against the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from poststack._cli import main
from poststack_sandbox import Sandbox

from .conftest import message, subjects_stored


@pytest.fixture
def env(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    monkeypatch.setenv("POSTSTACK_API_KEY", sandbox.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", sandbox.url)
    return sandbox


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_outcome_line_per_message_in_file_order(
    env: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps(message(i)) for i in range(5)]
    lines.insert(2, "")  # blank lines are skipped, line numbers still count them
    lines[4] = json.dumps({"from": "sender@example.com", "subject": "no recipient", "text": "x"})
    file = write_jsonl(tmp_path / "emails.jsonl", lines)

    status = main(["send-many", str(file), "--job-id", "cli-1", "--batch-size", "2"])

    captured = capsys.readouterr()
    printed = [json.loads(line) for line in captured.out.splitlines()]
    assert status == 1  # one message failed
    assert [p["line"] for p in printed] == [1, 2, 4, 5, 6]
    assert [("id" in p) for p in printed] == [True, True, True, False, True]
    assert printed[3]["code"] == "invalid_request"
    assert printed[3]["status_code"] == 400
    by_id = {e["publicId"]: e["subject"] for e in env.emails()}
    assert by_id[printed[0]["id"]] == "message 0"
    assert by_id[printed[4]["id"]] == "message 4"
    assert "job id cli-1" in captured.err


def test_summary_and_a_rerun_that_sends_nothing_twice(
    env: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_jsonl(tmp_path / "emails.jsonl", [json.dumps(message(i)) for i in range(30)])
    assert main(["send-many", str(file), "--summary", "--job-id", "again"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["send-many", str(file), "--job-id", "again"]) == 0
    rerun = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first == {"job_id": "again", "total": 30, "sent": 30, "failed": 0}
    assert all(r.get("replayed") is True for r in rerun)
    assert sorted(subjects_stored(env)) == sorted(f"message {i}" for i in range(30))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("{not json", "not valid JSON"), ('["a", "list"]', "expected a JSON object")],
)
def test_a_malformed_line_is_reported_by_number_before_anything_is_sent(
    env: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, reason: str
) -> None:
    lines = [json.dumps(message(i)) for i in range(150)]
    lines[120] = bad
    file = write_jsonl(tmp_path / "emails.jsonl", lines)
    before = env.stats()["requests"]
    assert main(["send-many", str(file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 121:" in captured.err
    assert reason in captured.err
    assert "nothing was sent" in captured.err
    assert env.stats()["requests"] == before


def test_bad_options_and_missing_files_exit_2(
    env: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_jsonl(tmp_path / "emails.jsonl", [json.dumps(message(0))])
    assert main(["send-many", str(file), "--batch-size", "101"]) == 2
    assert "batch_size" in capsys.readouterr().err
    assert main(["send-many", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert env.emails() == []


def test_the_console_command_runs_with_a_progress_bar(env: Sandbox, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "emails.jsonl", [json.dumps(message(i)) for i in range(12)])
    done = subprocess.run(
        [sys.executable, "-m", "poststack._cli", "send-many", str(file), "--progress", "--summary"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "POSTSTACK_API_KEY": env.api_key, "POSTSTACK_BASE_URL": env.url},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sent"] == 12
    assert "12/12" in done.stderr
    assert env.api_key not in done.stdout + done.stderr
