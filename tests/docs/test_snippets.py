"""Every ```python block of README.md and docs/**/*.md runs against a live sandbox.

Blocks of one page run in order in one namespace, with ``POSTSTACK_API_KEY`` and
``POSTSTACK_BASE_URL`` pointing at a fresh sandbox and the working directory a scratch one.
A block preceded by ``<!-- not-run: reason -->`` is skipped; a marker without a reason, or
one that precedes no python block, fails. Other languages (``sh``, ``console``...) never run.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from poststack_sandbox import Sandbox

from ._runner import SnippetFailed, close_clients, run_page
from ._sandbox import docs_sandbox
from ._snippets import read_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
RUNNABLE = [p for p in PAGES if any(b.skip_reason is None for b in read_page(p).python_blocks)]


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Sandbox]:
    with docs_sandbox() as sb:
        monkeypatch.setenv("POSTSTACK_API_KEY", sb.api_key)
        monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
        monkeypatch.chdir(tmp_path)
        # Pages may set the SDK's log level (the guide's logging section): put it back.
        logger = logging.getLogger("poststack")
        level = logger.level
        try:
            yield sb
        finally:
            logger.setLevel(level)


def test_the_pages_are_found() -> None:
    names = {_name(p) for p in PAGES}
    assert {"README.md", "docs/guide.md", "docs/errors.md", "docs/embedding.md"} <= names
    assert _name(ROOT / "docs" / "guide.md") in {_name(p) for p in RUNNABLE}


@pytest.mark.parametrize("path", RUNNABLE, ids=_name)
def test_every_snippet_of_the_page_runs(path: Path, sandbox: Sandbox) -> None:
    page = read_page(path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    try:
        ran = run_page(page, _name(path), namespace)
    finally:
        close_clients(namespace)
        namespace.clear()
        gc.collect()
    assert ran == sum(1 for b in page.python_blocks if b.skip_reason is None)


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_not_run_markers_give_a_reason_and_precede_a_python_block(path: Path) -> None:
    problems = [f"{_name(path)}:{e.line}: {e.problem}" for e in read_page(path).marker_errors]
    assert problems == []


# --- the harness itself --------------------------------------------------------------------


def test_a_failing_snippet_names_its_page_and_line(tmp_path: Path) -> None:
    page_file = tmp_path / "page.md"
    page_file.write_text(
        "# A page\n\n```python\nx = 1\n```\n\nText.\n\n```python\ny = x + 1\nz = y / 0\n```\n",
        encoding="utf-8",
    )
    namespace: dict[str, Any] = {}
    with pytest.raises(SnippetFailed) as failed:
        run_page(read_page(page_file), "docs/page.md", namespace)
    assert str(failed.value).startswith("docs/page.md:10: the snippet starting here raised ")
    assert "ZeroDivisionError" in str(failed.value)
    # The traceback points at the page's own line 11, where the division is.
    assert f'File "{page_file}", line 11' in str(failed.value)
    assert namespace["y"] == 2  # blocks share one namespace, in order


def test_markers_skip_blocks_and_need_a_reason(tmp_path: Path) -> None:
    page_file = tmp_path / "page.md"
    page_file.write_text(
        "<!-- not-run: needs Django settings -->\n```python\nraise SystemExit\n```\n\n"
        "<!-- not-run: -->\n\n```python\nraise SystemExit\n```\n"
        "<!-- not-run: shell is never run anyway -->\n```sh\nls\n```\n"
        "```python\nawait __import__('asyncio').sleep(0)\nran = True\n```\n"
        "```py\nraise SystemExit\n```\n",
        encoding="utf-8",
    )
    page = read_page(page_file)
    assert [b.skip_reason for b in page.python_blocks] == ["needs Django settings", "", None]
    assert [(e.line, e.problem) for e in page.marker_errors] == [
        (6, "a not-run marker needs a reason: <!-- not-run: why -->"),
        (11, "a not-run marker before a 'sh' block"),
        (19, "write ```python, not ```py, so the block runs"),
    ]
    namespace: dict[str, Any] = {}
    assert run_page(page, "page.md", namespace) == 1
    assert namespace["ran"] is True
