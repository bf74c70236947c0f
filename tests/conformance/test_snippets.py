"""The three snippets of the "Send emails with Python" guide run unmodified.

They are kept here as text and executed as they are, with only ``POSTSTACK_BASE_URL``
pointing at the sandbox (the snippets pass ``api_key="sk_live_..."`` themselves, and use
the default transport, httpx). The guide's published copy lost its indentation when it
was captured, so `test_snippets_match_the_guide` compares them with it line by line,
leading whitespace aside, whenever that copy is at hand.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest

from poststack import PostStackError
from poststack_sandbox import Sandbox

SYNC_SNIPPET = """\
# Synchronous client
from poststack import PostStack, PostStackError
ps = PostStack(api_key="sk_live_...")
try:
    result = ps.emails.send({
        "from": "hello@yourdomain.com",
        "to": ["user@example.com"],
        "subject": "Hello from Python!",
        "html": "<h1>Welcome!</h1>",
    })
    print(result["id"])
except PostStackError as e:
    print(f"API error {e.status_code}: {e.error}")
"""

ASYNC_SNIPPET = """\
# Asynchronous client
import asyncio
from poststack import AsyncPostStack
async def main():
    async with AsyncPostStack(api_key="sk_live_...") as ps:
        result = await ps.emails.send({
            "from": "hello@yourdomain.com",
            "to": ["user@example.com"],
            "subject": "Hello from async Python!",
            "html": "<h1>Welcome!</h1>",
        })
        print(result["id"])
asyncio.run(main())
"""

ERRORS_SNIPPET = """\
from poststack import PostStack, PostStackError
import logging
logger = logging.getLogger(__name__)
ps = PostStack(api_key="sk_live_...")
# The SDK already retries transient failures (408, 429, and 5xx) up to three
# times with backoff, so application code only needs to handle terminal errors.
try:
    result = ps.emails.send({
        "from": "hello@yourdomain.com",
        "to": ["user@example.com"],
        "subject": "Receipt",
        "html": "<p>Thanks for your order.</p>",
    })
except PostStackError as e:
    # Attributes: e.status_code, e.error (message), e.code, e.request_id
    if e.status_code == 429:
        logger.warning("Rate limited after retries — back off and re-queue (req %s)", e.request_id)
    elif 400 <= e.status_code < 500:
        logger.error("Invalid request %s: %s (req %s)", e.code, e.error, e.request_id)
    else:
        logger.error("PostStack server error: %s (req %s)", e.error, e.request_id)
    raise
"""

GUIDE_CANDIDATES = (
    os.environ.get("POSTSTACK_SEED_GUIDE", ""),
    "/work/shared/reference/seed-send-emails-with-python.txt",
)


def _run(snippet: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "guide_snippet"}
    try:
        exec(compile(snippet, "<guide snippet>", "exec"), namespace)  # noqa: S102 - our text
    finally:
        # the guide leaves its sync client open; we may not
        client = namespace.get("ps")
        if client is not None and hasattr(client, "close"):
            client.close()
    return namespace


@pytest.fixture
def guide_env(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    return sb


@pytest.mark.parametrize("snippet", [SYNC_SNIPPET, ASYNC_SNIPPET], ids=["sync", "async"])
def test_send_snippets(
    snippet: str, guide_env: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(snippet)
    printed = capsys.readouterr().out.strip()
    assert [email["publicId"] for email in guide_env.emails()] == [printed]


def test_error_snippet_happy_path(guide_env: Sandbox) -> None:
    _run(ERRORS_SNIPPET)
    assert [email["subject"] for email in guide_env.emails()] == ["Receipt"]


@pytest.mark.parametrize(
    ("outcomes", "level", "logged"),
    [
        (
            [
                {
                    "status": 422,
                    "body": {"error": "Domain not verified", "code": "unprocessable_entity"},
                }
            ],
            logging.ERROR,
            "Invalid request unprocessable_entity: Domain not verified (req req_",
        ),
        (
            [{"status": 429, "body": {"error": "Monthly limit", "code": "monthly_limit_exceeded"}}],
            logging.WARNING,
            "Rate limited after retries — back off and re-queue (req req_",
        ),
        (
            [{"status": 500, "body": {"error": "Boom", "code": "internal_error"}}] * 4,
            logging.ERROR,
            "PostStack server error: Boom (req req_",
        ),
    ],
    ids=["4xx", "429", "5xx"],
)
def test_error_snippet_branches(
    outcomes: list[dict[str, Any]],
    level: int,
    logged: str,
    guide_env: Sandbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guide_env.add_fault("POST", "/emails", outcomes)
    with pytest.raises(PostStackError):
        _run(ERRORS_SNIPPET)
    records = [r for r in caplog.records if r.name == "guide_snippet"]
    assert [(r.levelno, r.getMessage()[: len(logged)]) for r in records] == [(level, logged)]
    assert guide_env.emails() == []


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_snippets_match_the_guide() -> None:
    guide = next((Path(p) for p in GUIDE_CANDIDATES if p and Path(p).is_file()), None)
    if guide is None:
        pytest.skip("the guide's text is not on this machine (set POSTSTACK_SEED_GUIDE)")
    published = _lines(guide.read_text(encoding="utf-8"))
    flat = "\n".join(published)
    for snippet in (SYNC_SNIPPET, ASYNC_SNIPPET, ERRORS_SNIPPET):
        ours = "\n".join(_lines(snippet))
        # The capture glued a heading onto the async snippet's last line.
        assert ours in flat or re.sub(r"\)$", "", ours) in flat, snippet.splitlines()[0]
