"""The official 0.9.0 README's examples, run as written against a live sandbox.

Only the key and the URL differ: the README's ``api_key="sk_live_..."`` becomes the
sandbox's key and its URL is passed as ``base_url`` (an option the README documents).
"""

from __future__ import annotations

import asyncio

import pytest

from poststack_sandbox import Sandbox


def test_quick_start(sb: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    from poststack import PostStack

    client = PostStack(api_key=sb.api_key, base_url=sb.url)

    result = client.emails.send({
        "from": "hello@example.com",
        "to": ["user@example.com"],
        "subject": "Hello from PostStack",
        "html": "<p>Welcome!</p>",
    })  # fmt: skip

    print(result["id"])
    client.close()

    (stored,) = sb.emails()
    assert capsys.readouterr().out == f"{stored['publicId']}\n"
    assert stored["subject"] == "Hello from PostStack"


def test_async_usage(sb: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    from poststack import AsyncPostStack

    async def main() -> None:
        client = AsyncPostStack(api_key=sb.api_key, base_url=sb.url)
        try:
            result = await client.emails.send({
                "from": "hello@example.com",
                "to": ["user@example.com"],
                "subject": "Hello from PostStack",
                "html": "<p>Welcome!</p>",
            })  # fmt: skip
            print(result["id"])
        finally:
            await client.aclose()

    asyncio.run(main())
    (stored,) = sb.emails()
    assert capsys.readouterr().out == f"{stored['publicId']}\n"


def test_async_context_manager(sb: Sandbox) -> None:
    from poststack import AsyncPostStack

    async def main() -> str:
        async with AsyncPostStack(api_key=sb.api_key, base_url=sb.url) as client:
            result = await client.emails.send(
                {
                    "from": "hello@example.com",
                    "to": ["user@example.com"],
                    "subject": "hi",
                    "text": "t",
                }
            )
        return result["id"]

    email_id = asyncio.run(main())
    assert [e["publicId"] for e in sb.emails()] == [email_id]


def test_error_handling(sb: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    from poststack import PostStack, PostStackError

    client = PostStack(api_key=sb.api_key, base_url=sb.url)
    sb.add_fault(
        "POST",
        "/emails",
        [{"status": 429, "headers": {"Retry-After": "90"},
          "body": {"error": "Slow down", "code": "rate_limit_exceeded"}}],
    )  # fmt: skip

    caught: list[PostStackError] = []
    try:
        client.emails.send({"from": "x@example.com", "to": ["z@w.com"], "subject": "hi"})
    except PostStackError as e:
        print(e.status_code, e.error, e.code, e.request_id)
        # The README's comment: headers and the Retry-After delay in seconds.
        caught.append(e)
    client.close()

    (error,) = caught
    assert (error.headers["retry-after"], error.retry_after) == ("90", 90.0)  # not waited
    assert error.request_id is not None
    assert error.request_id.startswith("req_")
    assert capsys.readouterr().out == f"429 Slow down rate_limit_exceeded {error.request_id}\n"
    assert sb.emails() == []


def test_error_handling_of_a_refused_send(sb: Sandbox) -> None:
    # The README's send has no body: the API refuses it, the SDK raises PostStackError.
    from poststack import PostStack, PostStackError

    client = PostStack(api_key=sb.api_key, base_url=sb.url)
    with pytest.raises(PostStackError) as info:
        client.emails.send({"from": "x@example.com", "to": ["z@w.com"], "subject": "hi"})
    client.close()
    assert (info.value.status_code, info.value.code) == (400, "invalid_request")
    assert "html" in info.value.error
    assert info.value.request_id is not None


def test_configuration_and_per_call_timeout(sb: Sandbox) -> None:
    from poststack import PostStack

    client = PostStack(
        api_key=sb.api_key,
        base_url=sb.url,
        timeout=30.0,
        max_retries=3,
    )
    sb.add_fault("POST", "/emails", [{"status": 503}])
    result = client.emails.send(
        {"from": "a@example.com", "to": ["b@example.com"], "subject": "s", "text": "t"},
        timeout=60.0,
    )
    client.close()
    assert [e["publicId"] for e in sb.emails()] == [result["id"]]


def test_max_retries_zero_disables_retrying(sb: Sandbox) -> None:
    from poststack import PostStack, PostStackError

    client = PostStack(api_key=sb.api_key, base_url=sb.url, max_retries=0)
    sb.add_fault("POST", "/emails", [{"status": 503}])
    with pytest.raises(PostStackError) as info:
        client.emails.send(
            {"from": "a@example.com", "to": ["b@example.com"], "subject": "s", "text": "t"}
        )
    client.close()
    assert info.value.status_code == 503
    assert sb.faults() == []  # consumed by the single attempt


def test_resources_listed_in_the_readme_exist() -> None:
    from poststack import PostStack

    listed = {
        "emails": ["send", "get", "list", "cancel", "reschedule", "batch", "get_events",
                   "get_insights", "preview", "spam_preview"],
        "domains": ["create", "list", "get", "verify", "update", "delete"],
        "contacts": ["create", "get", "list", "update", "delete", "import_", "export_csv",
                     "unsubscribe"],
        "contact_properties": ["option_usage"],
        "segments": ["create", "list", "get", "update", "delete", "preview_rules", "members",
                     "growth", "broadcasts"],
        "templates": ["create", "get", "publish", "duplicate", "render", "get_presets"],
        "webhooks": ["create", "test", "get_deliveries", "replay", "batch_replay",
                     "rotate_secret", "verify"],
        "broadcasts": ["create", "send", "send_test", "get_variants", "resend", "performance",
                       "non_openers", "non_clickers", "end_ab_test"],
        "suppressions": ["list", "add", "remove"],
        "api_keys": ["create", "get", "list", "revoke", "rotate"],
        "mailboxes": ["create", "list_aliases", "change_password", "list_filters",
                      "get_signature", "list_shares", "unread_summary"],
        "inbound_emails": ["list", "get", "list_attachments", "download_attachment",
                           "draft_reply", "reply", "forward"],
        "subscription_topics": ["get", "update", "list_subscribers", "subscribe",
                                "unsubscribe"],
        "workflows": ["create", "get_graph", "put_graph", "validate_graph", "activate",
                      "pause", "trigger", "post_event"],
        "notification_channels": ["create", "test", "list_deliveries", "replay_delivery"],
        "signup_forms": ["create", "submit"],
        "email_validations": ["validate", "validate_batch"],
    }  # fmt: skip
    with PostStack(api_key="sk_test_x") as client:
        missing = [
            f"{resource}.{method}"
            for resource, methods in listed.items()
            for method in methods
            if not callable(getattr(getattr(client, resource), method, None))
        ]
    assert missing == []
