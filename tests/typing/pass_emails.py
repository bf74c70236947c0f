"""Checked clean by mypy --strict and pyright strict: the README's send, exactly as written."""

from __future__ import annotations

from typing_extensions import assert_type

from poststack import AsyncPostStack, PostStack
from poststack.types import EmailStatus, SendEmailParams, SendEmailResponse


def send_sync(ps: PostStack) -> str:
    result = ps.emails.send(
        {
            "from": "hello@yourdomain.com",
            "to": ["user@example.com"],
            "subject": "Hello from Python!",
            "html": "<h1>Welcome!</h1>",
        }
    )
    assert_type(result, SendEmailResponse)
    assert_type(result["id"], str)
    return result["id"]


async def send_async(ps: AsyncPostStack) -> str:
    payload: SendEmailParams = {
        "from": "Acme <hello@yourdomain.com>",
        "to": ["user@example.com"],
        "template_id": "tpl_welcome",
        "variables": {"name": "Ada", "credits": 3},
        "tracking": {"opens": False},
        "signature": "none",
    }
    result = await ps.emails.send(payload, idempotency_key="order-42", max_retries=5)
    assert_type(result["id"], str)
    email = (await ps.emails.get(result["id"]))["email"]
    assert_type(email["status"], EmailStatus)
    assert_type(email["htmlBody"], str | None)
    return email["publicId"]


def page_through(ps: PostStack) -> list[str]:
    return [email["publicId"] for email in ps.emails.iterate({"status": "bounced"}, limit=50)]
