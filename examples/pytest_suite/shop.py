"""A tiny application: it makes its own PostStack client, as real code does."""

from __future__ import annotations

from poststack import PostStack


def send_welcome(address: str) -> str:
    """Send the welcome email; the email's id."""
    with PostStack() as ps:  # key and URL from POSTSTACK_API_KEY / POSTSTACK_BASE_URL
        result = ps.emails.send(
            {
                "from": "Shop <sender@example.com>",
                "to": [address],
                "subject": "Welcome to the shop",
                "html": "<p>Glad you are here.</p>",
                "tags": ["welcome"],
            }
        )
    return result["id"]


def order_status(ps: PostStack, email_id: str) -> str:
    """Code that is handed a client instead of making one."""
    return ps.emails.get(email_id)["email"]["status"]
