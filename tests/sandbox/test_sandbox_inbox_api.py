"""The JSON and event stream behind the inbox page (``/_sandbox/inbox/*``): list, search and
paging, one message with its MIME source, headers and attachments, downloads, delete, the
webhook deliveries log, and live notifications. The page itself is tested in a real browser in
``test_sandbox_inbox_browser.py``."""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import threading
from typing import Any

import httpx

from poststack_sandbox import Sandbox

from .conftest import Message, Receiver

PDF = b"%PDF-1.4 sandbox test file\n"


def _send(client: httpx.Client, msg: Message, **fields: Any) -> str:
    response = client.post("/emails", json=msg(**fields))
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def test_the_page_and_its_files_are_served_by_the_sandbox(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/_sandbox/inbox/static/inbox.js"></script>' in page.text
    # Nothing is fetched from elsewhere: every URL in the page is the sandbox's own.
    assert "http://" not in page.text
    assert "https://" not in page.text
    for name, kind in (("inbox.js", "text/javascript"), ("inbox.css", "text/css")):
        asset = client.get(f"/_sandbox/inbox/static/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(kind)
        assert "://" not in asset.text
    assert client.get("/_sandbox/inbox/static/../_app.py").status_code == 404
    assert client.get("/_sandbox/inbox/static/secrets.txt").status_code == 404


def test_list_is_newest_first_paged_and_searchable(client: httpx.Client, msg: Message) -> None:
    ids = [_send(client, msg, subject=f"Order-{n}", tags=[f"t{n % 2}"]) for n in range(5)]
    listed = client.get("/_sandbox/inbox/messages", params={"per_page": 2}).json()
    assert [m["id"] for m in listed["data"]] == [ids[4], ids[3]]
    assert listed["meta"] == {"page": 1, "perPage": 2, "total": 5, "totalPages": 3, "all": 5}
    last = client.get("/_sandbox/inbox/messages", params={"per_page": 2, "page": 3}).json()
    assert [m["id"] for m in last["data"]] == [ids[0]]
    found = client.get("/_sandbox/inbox/messages", params={"q": "ORDER-3"}).json()
    assert [m["id"] for m in found["data"]] == [ids[3]]
    assert found["meta"]["total"] == 1
    assert found["meta"]["all"] == 5
    tagged = client.get("/_sandbox/inbox/messages", params={"q": "T1"}).json()
    assert [m["id"] for m in tagged["data"]] == [ids[3], ids[1]]
    first = listed["data"][0]
    assert first["from"] == "Acme <hello@acme.test>"
    assert first["status"] == "delivered"
    assert first["testMode"] is True


def test_one_message_with_source_headers_and_attachments(
    client: httpx.Client, msg: Message
) -> None:
    email_id = _send(
        client,
        msg,
        cc=["cc@example.com"],
        bcc=["hidden@example.com"],
        reply_to="help@acme.test",
        tags=["welcome"],
        headers={"X-Campaign": "spring"},
        html='<p>Logo: <img src="cid:logo1"></p>',
        attachments=[
            {
                "filename": "invoice.pdf",
                "content": base64.b64encode(PDF).decode(),
                "content_type": "application/pdf",
            },
            {
                "filename": "logo.png",
                "content": base64.b64encode(b"PNG").decode(),
                "content_type": "image/png",
                "content_id": "logo1",
            },
        ],
    )
    body = client.get(f"/_sandbox/inbox/messages/{email_id}").json()
    assert body["email"]["publicId"] == email_id
    assert body["email"]["bccAddresses"] == ["hidden@example.com"]
    assert [a["filename"] for a in body["attachments"]] == ["invoice.pdf", "logo.png"]
    assert body["attachments"][0]["size"] == len(PDF)
    logo_url = body["attachments"][1]["url"]
    assert body["previewHtml"] == f'<p>Logo: <img src="{logo_url}"></p>'
    headers = dict(body["headers"])
    assert headers["To"] == "ada@example.com"
    assert headers["Cc"] == "cc@example.com"
    assert headers["Reply-To"] == "help@acme.test"
    assert headers["X-Campaign"] == "spring"
    assert headers["X-PostStack-Tags"] == "welcome"
    assert "Bcc" not in headers  # as a recipient's server would see it
    parsed = email.message_from_string(body["source"], policy=email.policy.default)
    assert parsed["Subject"] == "Welcome"
    parts = {p.get_filename(): p.get_content() for p in parsed.iter_attachments()}
    assert parts["invoice.pdf"] == PDF
    download = client.get(body["attachments"][0]["url"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="invoice.pdf"'
    assert client.get(f"/_sandbox/inbox/messages/{email_id}/attachments/9").status_code == 404
    # The API's email object does not carry attachments (the service's does not either).
    api = client.get(f"/emails/{email_id}").json()["email"]
    assert "attachments" not in api
    assert "_attachments" not in api


def test_received_messages_are_listed_with_the_sent_ones(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    sent = _send(client, msg)
    stored = sandbox.inject_inbound(
        {
            "from": "Grace <grace@customer.example.net>",
            "to": "support@acme.test",
            "subject": "Question",
            "text": "Hello?",
            "headers": {"Subject": "ignored duplicate", "X-Mailer": "Mutt"},
            "attachments": [{"filename": "a.txt", "content": base64.b64encode(b"A").decode()}],
        }
    )
    listed = client.get("/_sandbox/inbox/messages").json()
    assert [m["id"] for m in listed["data"]] == [f"in_{stored['id']}", sent]
    assert (listed["data"][0]["status"], listed["data"][0]["received"]) == ("received", True)
    assert listed["data"][1]["received"] is False
    body = client.get(f"/_sandbox/inbox/messages/in_{stored['id']}").json()
    assert body["raw"] == client.get(f"/inbound/{stored['id']}").json()["inboundEmail"]
    assert dict(body["headers"])["X-Mailer"] == "Mutt"
    assert dict(body["headers"])["Subject"] == "Question"
    assert client.get(body["attachments"][0]["url"]).content == b"A"
    found = client.get("/_sandbox/inbox/messages", params={"q": "grace"}).json()["data"]
    assert [m["id"] for m in found] == [f"in_{stored['id']}"]
    assert client.delete(f"/_sandbox/inbox/messages/in_{stored['id']}").json() == {"success": True}
    assert client.get(f"/inbound/{stored['id']}").status_code == 404


def test_delete_one_and_clear_all(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    a, b = _send(client, msg), _send(client, msg)
    assert client.delete(f"/_sandbox/inbox/messages/{a}").json() == {"success": True}
    assert [e["publicId"] for e in sandbox.emails()] == [b]
    assert client.get(f"/_sandbox/inbox/messages/{a}").status_code == 404
    assert client.delete("/_sandbox/inbox/messages").json() == {"success": True}
    assert sandbox.emails() == []


def test_webhook_log_shows_signature_and_retry_state(
    client: httpx.Client, sandbox: Sandbox, receiver: Receiver, msg: Message
) -> None:
    created = client.post(
        "/webhooks", json={"url": receiver.url, "events": ["email.delivered"]}
    ).json()
    _send(client, msg)
    receiver.wait_for(1)
    sandbox.drain_webhooks()
    log = client.get("/_sandbox/inbox/webhooks").json()
    [row] = log["deliveries"]
    assert row["url"] == receiver.url
    assert row["eventType"] == "email.delivered"
    assert row["attempts"] == 1
    assert row["statusCode"] == 200
    body = receiver.received[0].body
    expected = hmac.new(created["signingSecret"].encode(), body, hashlib.sha256).hexdigest()
    assert row["signature"] == f"sha256={expected}"
    assert log["webhooks"][0]["active"] is True


def test_the_stream_announces_changes(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    lines: list[str] = []
    got = threading.Event()

    def listen() -> None:
        with httpx.stream("GET", f"{sandbox.url}/_sandbox/inbox/stream", timeout=10) as stream:
            assert stream.headers["content-type"] == "text/event-stream"
            for line in stream.iter_lines():
                lines.append(line)
                if line.startswith("data: ") and "event: changed" in lines:
                    got.set()
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    # Send once the stream is open (its first event is "hello").
    for _ in range(200):
        if "event: hello" in lines:
            break
        got.wait(0.01)
    _send(client, msg)
    assert got.wait(5), lines
    thread.join(5)
    assert lines[0] == "retry: 1000"
    assert json.loads(lines[lines.index("event: changed") + 1].removeprefix("data: ")) == {
        "what": "changed"
    }
