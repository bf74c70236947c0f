"""Find the fenced code blocks of a Markdown page, and the markers that exempt some.

A block is run when its fence names ``python``. A block preceded (blank lines aside) by
``<!-- not-run: reason -->`` is not run; the reason is required, and a marker that precedes
no python block is an error too (it would silently exempt nothing, or the wrong block), and
so is a ``py`` / ``python3`` fence, which would look like code that runs and escape the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Block", "MarkerError", "Page", "read_page"]

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_MARKER = re.compile(r"^\s*<!--\s*not-run\s*:?(?P<reason>.*?)-->\s*$")
_MARKER_START = re.compile(r"^\s*<!--\s*not-run\b")
# Fences that mean Python but would escape the test (``pycon``, a REPL transcript, is fine).
_PYTHON_ALIASES = frozenset({"py", "python3", "py3"})


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, first code line (1-based) and code."""

    language: str
    line: int
    code: str
    skip_reason: str | None = None


@dataclass(frozen=True)
class MarkerError:
    line: int
    problem: str


@dataclass(frozen=True)
class Page:
    path: Path
    blocks: list[Block]
    marker_errors: list[MarkerError]

    @property
    def python_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.language == "python"]


def read_page(path: Path) -> Page:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    errors: list[MarkerError] = []
    pending: tuple[int, str] | None = None  # (line, reason) of a marker awaiting its block
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            indent = len(fence["indent"])
            marker = fence["fence"]
            language = (fence["info"].split() or [""])[0].lower()
            start = i + 1
            j = start
            while j < len(lines) and not (
                lines[j].strip().startswith(marker)
                and set(lines[j].strip()) == {marker[0]}
                and len(lines[j].strip()) >= len(marker)
            ):
                j += 1
            body = [text[indent:] if text[:indent].isspace() else text for text in lines[start:j]]
            reason = None
            if pending is not None:
                if language == "python":
                    reason = pending[1]
                else:
                    errors.append(
                        MarkerError(pending[0], f"a not-run marker before a {language!r} block")
                    )
                pending = None
            if language in _PYTHON_ALIASES:
                errors.append(
                    MarkerError(i + 1, f"write ```python, not ```{language}, so the block runs")
                )
            blocks.append(Block(language, start + 1, "\n".join(body) + "\n", reason))
            i = j + 1
            continue
        if _MARKER_START.match(line):
            found = _MARKER.match(line)
            reason = found["reason"].strip() if found else ""
            if pending is not None:
                errors.append(MarkerError(pending[0], "a not-run marker with no block after it"))
            if not reason:
                errors.append(
                    MarkerError(i + 1, "a not-run marker needs a reason: <!-- not-run: why -->")
                )
            pending = (i + 1, reason or "")
        elif line.strip() and pending is not None:
            errors.append(MarkerError(pending[0], "a not-run marker not followed by its block"))
            pending = None
        i += 1
    if pending is not None:
        errors.append(MarkerError(pending[0], "a not-run marker with no block after it"))
    return Page(path, blocks, errors)
