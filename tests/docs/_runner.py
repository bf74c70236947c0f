"""Run a page's python blocks in order, in one namespace, as a reader would paste them.

Top-level ``await`` / ``async with`` / ``async for`` are allowed (as in ``python -m asyncio``):
such a block runs in its own ``asyncio.run``. Code is compiled under the page's own file name
with its real line numbers, so a traceback points into the Markdown file.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import traceback
from typing import Any

from poststack import AsyncPostStack, PostStack

from ._snippets import Page

__all__ = ["SnippetFailed", "close_clients", "run_page"]


class SnippetFailed(AssertionError):
    """A block raised; the message names the page and the block's first line."""


def run_page(page: Page, shown_as: str, namespace: dict[str, Any]) -> int:
    """Run every python block of ``page`` not marked not-run; returns how many ran.

    Raises:
        SnippetFailed: naming ``shown_as:line`` of the block that failed, with its traceback.
    """
    ran = 0
    for block in page.python_blocks:
        if block.skip_reason is not None:
            continue
        where = f"{shown_as}:{block.line}"
        # Pad with blank lines so line numbers in tracebacks are the page's own.
        source = "\n" * (block.line - 1) + block.code
        try:
            code = compile(
                source,
                str(page.path),
                "exec",
                flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                dont_inherit=True,
            )
            if code.co_flags & inspect.CO_COROUTINE:
                # A block with top-level await: eval() gives its coroutine (S307: the code is
                # our own documentation, which is exactly what this test exists to run).
                asyncio.run(eval(code, namespace))  # noqa: S307
            else:
                exec(code, namespace)  # noqa: S102 - see above: running the docs is the point
        except Exception as exc:
            detail = "".join(traceback.format_exception(exc))
            raise SnippetFailed(
                f"{where}: the snippet starting here raised {type(exc).__name__}: {exc}\n\n{detail}"
            ) from exc
        ran += 1
    return ran


def close_clients(namespace: dict[str, Any]) -> None:
    """Close the clients a page left open, as its reader's process would at exit."""
    for value in list(namespace.values()):
        if isinstance(value, PostStack):
            value.close()
        elif isinstance(value, AsyncPostStack):
            asyncio.run(value.aclose())
