"""The inbox page in a real browser (headless Chromium): what a developer sees and does.

Emails are sent through the SDK while the page is open; the tests look at the page's elements
and text, the HTML preview rendered inside its sandboxed iframe, a live update arriving without
a reload, an attachment download, search, paging, delete, and the webhook log.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import httpx
import pytest

from poststack import PostStack
from poststack.types import SendEmailParams
from poststack_sandbox import Sandbox

from .conftest import Receiver

if TYPE_CHECKING:  # imported for real in the fixture, which skips when it is not installed
    from playwright.sync_api import Browser, Page

PDF = b"%PDF-1.4 a sandbox invoice\n"

# Debian's Chromium driven by Playwright (never a browser Playwright downloads). One browser for
# the module (Playwright's sync API holds an event loop while it runs, so it must be gone before
# other modules' tests call asyncio.run); each test gets its own page.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: .ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    if not os.path.exists(CHROMIUM):
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(5000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _open(page: Page, sandbox: Sandbox, fragment: str = "") -> None:
    page.goto(f"{sandbox.url}/{fragment}")
    page.wait_for_selector("body[data-ready=true]")


RECEIPT: SendEmailParams = {
    "from": "Shop <sender@example.com>",
    "to": ["ada@example.net"],
    "subject": "Your receipt",
    "html": "<h1>Thanks!</h1><p>Order <b>42</b></p>",
    "text": "Thanks! Order 42",
}


def _send(ps: PostStack, payload: SendEmailParams = RECEIPT) -> str:
    return ps.emails.send(payload)["id"]


def test_a_new_email_appears_without_reload_and_previews_its_html(
    page: Page, sandbox: Sandbox, ps: PostStack
) -> None:
    _open(page, sandbox)
    assert page.locator("#empty").is_visible()
    assert "No emails yet" in page.locator("#empty").inner_text()
    page.evaluate("window.__sameDocument = true")
    email_id = _send(
        ps, {**RECEIPT, "html": "<h1>Thanks!</h1><script>document.body.innerHTML='pwned'</script>"}
    )
    item = page.locator(f'#message-list li[data-id="{email_id}"]')
    item.wait_for()
    # The same document: it arrived by a live update, not a reload.
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("#message-count").inner_text() == "1"
    assert "Your receipt" in item.inner_text()
    assert "Shop <sender@example.com>" in item.inner_text()
    item.click()
    page.locator("#m-subject", has_text="Your receipt").wait_for()
    assert page.locator("#m-id").inner_text() == email_id
    frame = page.frame_locator("#html-frame")
    assert frame.locator("h1").inner_text() == "Thanks!"
    # Sandboxed: the message's script did not run, and the frame spans the preview pane.
    assert page.locator("#html-frame").get_attribute("sandbox") == ""
    assert frame.locator("body").inner_text().startswith("Thanks!")
    frame_box = page.locator("#html-frame").bounding_box()
    pane_box = page.locator("#preview").bounding_box()
    assert frame_box is not None
    assert pane_box is not None
    assert frame_box["width"] >= pane_box["width"] - 20
    # The status badge follows delivery live.
    page.locator("#m-status", has_text="delivered").wait_for()


def test_tabs_show_text_source_json_headers_and_details(
    page: Page, sandbox: Sandbox, ps: PostStack
) -> None:
    email_id = _send(
        ps,
        {
            **RECEIPT,
            "cc": ["cc@example.net"],
            "bcc": ["audit@example.net"],
            "reply_to": "help@example.com",
            "tags": ["receipt", "spring"],
            "headers": {"X-Campaign": "spring-2026"},
            "scheduled_at": "2030-01-02T03:04:05Z",
        },
    )
    _open(page, sandbox, f"#{email_id}")
    assert page.locator("#m-cc").inner_text() == "cc@example.net"
    assert page.locator("#m-bcc").inner_text() == "audit@example.net"
    assert page.locator("#m-reply-to").inner_text() == "help@example.com"
    assert page.locator("#m-tags .tag").all_inner_texts() == ["receipt", "spring"]
    assert page.locator("#row-scheduled").is_visible()
    assert "2030" in page.locator("#m-scheduled").inner_text()
    assert page.locator("#m-status").inner_text() == "queued"
    page.click(".tab[data-tab=text]")
    assert page.locator("#text-body").inner_text() == "Thanks! Order 42"
    assert not page.locator("#html-frame").is_visible()
    page.click(".tab[data-tab=source]")
    source = page.locator("#source").inner_text()
    assert "Subject: Your receipt" in source
    assert "X-Campaign: spring-2026" in source
    assert "Content-Type: multipart/alternative" in source
    page.click(".tab[data-tab=json]")
    assert f'"publicId": "{email_id}"' in page.locator("#json").inner_text()
    page.click(".tab[data-tab=headers]")
    header_rows = page.locator("#headers tr")
    names = [row.locator("th").inner_text() for row in header_rows.all()]
    assert {"From", "To", "Cc", "Reply-To", "Subject", "X-Campaign"} <= set(names)


def test_event_history_marks_bounces_and_complaints(
    page: Page, sandbox: Sandbox, ps: PostStack
) -> None:
    email_id = _send(ps)
    _open(page, sandbox, f"#{email_id}")
    page.click(".tab[data-tab=events]")
    page.locator("#events li[data-type=delivered]").wait_for()
    sandbox.simulate_event(email_id, "opened", geoCountry="DE")
    sandbox.simulate_event(email_id, "bounced", metadata={"reason": "mailbox full"})
    sandbox.simulate_event(email_id, "complained")
    bounced = page.locator("#events li[data-type=bounced]")
    bounced.wait_for()
    page.locator("#events li[data-type=complained]").wait_for()
    types = page.locator("#events .event-type").all_inner_texts()
    assert types == ["queued", "sent", "delivered", "opened", "bounced", "complained"]
    assert "mailbox full" in bounced.inner_text()
    assert "DE" in page.locator("#events li[data-type=opened]").inner_text()

    def looks(selector: str) -> list[str]:
        return list(
            page.eval_on_selector(
                selector,
                "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderLeftColor]",
            )
        )

    assert looks("#events li[data-type=bounced]") == looks("#events li[data-type=complained]")
    assert looks("#events li[data-type=bounced]") != looks("#events li[data-type=delivered]")
    assert page.locator("#m-status").inner_text() == "complained"


def test_attachments_are_listed_and_download(
    page: Page, sandbox: Sandbox, ps: PostStack, tmp_path: Path
) -> None:
    email_id = _send(
        ps,
        {
            **RECEIPT,
            "html": '<p>Logo <img id="logo" src="cid:logo" alt="logo"></p>',
            "attachments": [
                {
                    "filename": "invoice.pdf",
                    "content": base64.b64encode(PDF).decode(),
                    "content_type": "application/pdf",
                },
                {
                    "filename": "logo.gif",
                    # A 1x1 transparent GIF, shown inline through cid:logo.
                    "content": "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
                    "content_type": "image/gif",
                    "content_id": "logo",
                },
            ],
        },
    )
    _open(page, sandbox, f"#{email_id}")
    clip = page.locator(f'#message-list li[data-id="{email_id}"] .clip')
    assert clip.inner_text() == "2 files"
    links = page.locator("#attachments a")
    assert links.count() == 2
    assert "invoice.pdf" in links.nth(0).inner_text()
    with page.expect_download() as info:
        links.nth(0).click()
    download = info.value
    assert download.suggested_filename == "invoice.pdf"
    saved = tmp_path / "invoice.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
    # The inline image loaded inside the preview.
    image = page.frame_locator("#html-frame").locator("#logo")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1


def test_a_received_message_is_shown_as_inbound(page: Page, sandbox: Sandbox) -> None:
    _open(page, sandbox)
    stored = sandbox.inject_inbound(
        {
            "from": "Grace <grace@customer.example.net>",
            "to": "support@example.com",
            "subject": "Where is my order?",
            "html": "<p id='q'>Order <b>42</b>?</p>",
        }
    )
    item = page.locator(f'#message-list li[data-id="in_{stored["id"]}"]')
    item.wait_for()
    assert "inbound" in item.inner_text()
    item.click()
    page.locator("#m-status", has_text="received").wait_for()
    assert page.locator("#m-mode").inner_text() == "received (inbound)"
    assert page.frame_locator("#html-frame").locator("#q").inner_text() == "Order 42?"
    page.click(".tab[data-tab=json]")
    assert '"mailboxHash": null' in page.locator("#json").inner_text()


def test_search_and_paging(page: Page, sandbox: Sandbox, ps: PostStack) -> None:
    emails: list[SendEmailParams] = [
        {
            "from": "sender@example.com",
            "to": [f"user{n}@example.net"],
            "subject": f"Batch {n}",
            "text": "hi",
        }
        for n in range(53)
    ]
    ps.emails.batch({"emails": emails})
    _open(page, sandbox)
    assert page.locator("#message-list li").count() == 50
    assert page.locator("#page-info").inner_text() == "1\u201350 of 53"
    assert "Batch 52" in page.locator("#message-list li").first.inner_text()  # newest first
    page.click("#next-page")
    page.locator("#page-info", has_text="51\u201353 of 53").wait_for()
    assert page.locator("#message-list li").count() == 3
    assert "Batch 0" in page.locator("#message-list li").last.inner_text()
    page.fill("#search", "user7@")
    page.locator("#page-info", has_text="1\u20131 of 1").wait_for()
    assert "Batch 7" in page.locator("#message-list li").inner_text()
    page.fill("#search", "nothing-like-this")
    page.locator("#empty", has_text="No message matches").wait_for()


def test_delete_one_and_delete_all(page: Page, sandbox: Sandbox, ps: PostStack) -> None:
    first, second = (
        _send(ps, {**RECEIPT, "subject": "First"}),
        _send(ps, {**RECEIPT, "subject": "Second"}),
    )
    _open(page, sandbox, f"#{first}")
    page.click("#delete-one")
    page.locator(f'#message-list li[data-id="{first}"]').wait_for(state="detached")
    assert page.locator("#placeholder").inner_text() == "Message deleted."
    assert [e["publicId"] for e in sandbox.emails()] == [second]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clear-all")
    page.locator("#empty").wait_for()
    assert sandbox.emails() == []
    assert page.locator("#message-count").inner_text() == "0"


def test_webhook_log_shows_signatures_and_retries(
    page: Page, sandbox: Sandbox, ps: PostStack, receiver: Receiver
) -> None:
    sandbox.configure(time_scale=1.0)  # the first retry stays a minute away
    receiver.status = 500
    created = httpx.post(
        f"{sandbox.url}/webhooks",
        json={"url": receiver.url, "events": ["email.delivered"]},
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
    ).json()
    assert created["signingSecret"]
    _open(page, sandbox)
    assert page.locator("#messages-view").is_visible()
    page.click("#view-webhooks")
    page.locator("#no-deliveries").wait_for()
    assert not page.locator("#messages-view").is_visible()
    _send(ps)
    row = page.locator("#delivery-rows tr[data-state=retrying]")
    row.wait_for()
    assert "email.delivered" in row.inner_text()
    assert "HTTP 500" in row.inner_text()
    assert row.locator(".attempts").inner_text() == "1"
    assert "next " in row.inner_text()
    signature = row.locator("code.sig").get_attribute("title")
    assert signature == receiver.received[0].headers["X-PostStack-Signature"]
    assert signature is not None
    assert signature.startswith("sha256=")
    assert receiver.url in page.locator("#webhook-rows").inner_text()
