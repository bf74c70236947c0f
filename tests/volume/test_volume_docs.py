"""docs/volume.md and docs/queues.md: every Python block runs against a live sandbox, in order,
in one namespace per page (the docs convention), unless marked ``<!-- not-run: reason -->``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import make_sandbox

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"(<!-- not-run: [^>]+ -->\n)?```python\n(.*?)```", re.DOTALL)


def blocks(page: str) -> list[tuple[bool, str]]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [(bool(m[1]), m[2]) for m in BLOCK.finditer(text)]


@pytest.mark.parametrize("page", ["volume.md", "queues.md"])
def test_every_python_block_runs_or_says_why_not(
    page: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = blocks(page)
    assert found, f"{page} has no Python blocks"
    with make_sandbox() as sandbox:
        monkeypatch.setenv("POSTSTACK_API_KEY", sandbox.api_key)
        monkeypatch.setenv("POSTSTACK_BASE_URL", sandbox.url)
        namespace: dict[str, object] = {"__name__": "__docs__"}
        for skipped, code in found:
            if not skipped:
                exec(compile(code, f"{page} block", "exec"), namespace)  # noqa: S102 - our own docs
    printed = capsys.readouterr().out
    if page == "volume.md":
        # The page's comments promise these outputs.
        assert "250 0 True" in printed
        assert "250 True" in printed
        assert "[(100, 0, 150), (150, 0, 150)]" in printed
        assert "1 400 invalid_request" in printed
