"""The public types hold under both checkers users run: mypy --strict and pyright strict.

``pass_*.py`` must check clean. In ``fail_*.py`` every line marked ``# E: <mypy code>``
must draw exactly those mypy errors, every line marked ``# P: <pyright rule>`` exactly
those pyright errors, and no other line may draw any. The checkers run as subprocesses
(``python -m mypy`` from this interpreter, ``pyright`` from PATH or next to it); a test is
skipped, saying why, when its checker is not installed. ``nox -s typecheck`` runs both.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SNIPPETS = sorted([*HERE.glob("pass_*.py"), *HERE.glob("fail_*.py")])
_MARK = re.compile(r"#\s*([EP]):\s*([A-Za-z0-9_,\s-]+?)\s*(?=#|$)")

Finding = tuple[str, int, str]  # file name, line, error code or rule


def _expected(kind: str) -> set[Finding]:
    found: set[Finding] = set()
    for path in SNIPPETS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for mark, codes in _MARK.findall(line):
                if mark == kind:
                    found.update((path.name, number, c.strip()) for c in codes.split(","))
    return found


def _pyright() -> str | None:
    beside = Path(sys.executable).parent / "pyright"
    return shutil.which("pyright") or (str(beside) if beside.exists() else None)


def test_every_fail_snippet_line_is_marked_for_both_checkers_or_explained() -> None:
    mypy, pyright = _expected("E"), _expected("P")
    assert mypy
    assert pyright
    assert all(name.startswith("fail_") for name, _, _ in mypy | pyright)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_strict(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(HERE / "mypy.ini"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--no-error-summary",
            *(str(p.relative_to(ROOT)) for p in SNIPPETS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr or done.stdout
    actual = set(_mypy_findings(done.stdout))
    assert actual == _expected("E"), done.stdout


def _mypy_findings(output: str) -> Iterator[Finding]:
    pattern = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")
    for line in output.splitlines():
        match = pattern.match(line)
        if match:
            yield Path(match["file"]).name, int(match["line"]), match["code"]
        else:
            assert ": error:" not in line, f"unparsed mypy error: {line}"


@pytest.mark.skipif(_pyright() is None, reason="pyright is not on PATH")
def test_pyright_strict() -> None:
    pyright = _pyright()
    assert pyright is not None
    done = subprocess.run(
        [
            pyright,
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "-p",
            str(HERE / "pyrightconfig.json"),
            *(str(p) for p in SNIPPETS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr or done.stdout
    report = json.loads(done.stdout)
    actual: set[Finding] = set()
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] != "error":
            continue
        assert "rule" in diagnostic, diagnostic  # e.g. an unresolved import has no rule
        line = int(diagnostic["range"]["start"]["line"]) + 1
        actual.add((Path(diagnostic["file"]).name, line, diagnostic["rule"]))
    assert report["summary"]["filesAnalyzed"] == len(SNIPPETS)
    assert actual == _expected("P"), json.dumps(report["generalDiagnostics"], indent=1)
