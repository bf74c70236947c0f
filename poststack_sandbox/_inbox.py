"""``GET /``: a small HTML inbox for people — every stored email, newest first, with its status,
events and rendered body.

Everything is HTML-escaped except the email's own HTML body, which is shown only inside an
``<iframe sandbox srcdoc=…>`` (attribute-escaped), so a message's markup and scripts cannot touch
the page.
"""

from __future__ import annotations

from html import escape

from aiohttp import web

from ._http import state_of
from ._store import Document

__all__ = ["render_inbox", "routes"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;
text-align:left;vertical-align:top}iframe{width:100%;height:320px;border:1px solid #ccc}
.status{font-weight:600}pre{white-space:pre-wrap}
"""


def _email_row(doc: Document) -> str:
    events = ", ".join(escape(e["eventType"]) for e in doc["events"]) or "—"
    recipients = escape(", ".join(doc["toAddresses"]))
    sender = escape(
        f"{doc['fromName']} <{doc['fromAddress']}>" if doc["fromName"] else doc["fromAddress"]
    )
    if doc.get("htmlBody"):
        body = f'<iframe sandbox="" srcdoc="{escape(doc["htmlBody"], quote=True)}"></iframe>'
    elif doc.get("textBody"):
        body = f"<pre>{escape(doc['textBody'])}</pre>"
    else:
        body = "<em>(no body)</em>"
    return (
        f"<tr><td><code>{escape(doc['publicId'])}</code><br>{escape(doc['createdAt'])}</td>"
        f"<td>{sender}</td><td>{recipients}</td><td>{escape(doc['subject'])}</td>"
        f'<td class="status">{escape(doc["status"])}</td><td>{events}</td>'
        f"<td><details><summary>body</summary>{body}</details></td></tr>"
    )


def render_inbox(emails: list[Document]) -> str:
    """The inbox page for these emails (given oldest first; shown newest first)."""
    rows = "\n".join(_email_row(doc) for doc in reversed(emails))
    if not rows:
        rows = '<tr><td colspan="7">No emails yet. Send one to <code>POST /emails</code>.</td></tr>'
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>PostStack sandbox</title>"
        f"<style>{_STYLE}</style></head><body><h1>PostStack sandbox inbox</h1>"
        f"<p>{len(emails)} email(s). Nothing here was delivered to a real mailbox.</p>"
        "<table><thead><tr><th>Id</th><th>From</th><th>To</th><th>Subject</th><th>Status</th>"
        f"<th>Events</th><th>Body</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    )


async def handle_inbox(request: web.Request) -> web.Response:
    html = render_inbox(state_of(request).store.all("emails"))
    return web.Response(text=html, content_type="text/html", charset="utf-8")


def routes() -> list[web.RouteDef]:
    return [web.get("/", handle_inbox)]
