"""Mailboxes, aliases, filters, signatures (webmail) and shares, through the SDK."""

from __future__ import annotations

import pytest

from poststack import PostStack, PostStackError
from poststack.types import MailboxFilterRuleParams
from poststack_sandbox import Sandbox


def _domain_id(ps: PostStack) -> int:
    return int(next(d["id"] for d in ps.domains.list()["domains"] if d["name"] == "example.com"))


def test_mailbox_lifecycle(ps: PostStack, sandbox: Sandbox) -> None:
    domain = next(d for d in ps.domains.list()["domains"] if d["name"] == "example.com")
    created = ps.mailboxes.create(
        {
            "domainId": domain["publicId"],
            "localPart": "Support",
            "password": "s3cret-pass",
            "displayName": "Support",
        }
    )["mailbox"]
    mailbox_id = created["publicId"]
    assert mailbox_id.startswith("mb_")
    assert (created["emailAddress"], created["status"], created["domainId"]) == (
        "support@example.com",
        "active",
        domain["id"],
    )
    assert not any("password" in key.lower() for key in created)
    with pytest.raises(PostStackError) as duplicate:
        ps.mailboxes.create(
            {"domainId": domain["id"], "localPart": "support", "password": "another-pass"}
        )
    assert duplicate.value.status_code == 409
    with pytest.raises(PostStackError) as short:
        ps.mailboxes.create({"domainId": domain["id"], "localPart": "x", "password": "short"})
    assert short.value.status_code == 400
    updated = ps.mailboxes.update(
        mailbox_id,
        {
            "forwardTo": "a@example.net, b@example.net",
            "forwardMode": "wrapped",
            "status": "suspended",
        },
    )["mailbox"]
    assert (updated["forwardTo"], updated["forwardMode"], updated["status"]) == (
        "a@example.net, b@example.net",
        "wrapped",
        "suspended",
    )
    assert ps.mailboxes.change_password(mailbox_id, "a-new-password") == {"success": True}
    assert ps.mailboxes.get(mailbox_id)["mailbox"]["emailAddress"] == "support@example.com"
    listed = ps.mailboxes.list({"domain_id": domain["id"]})
    assert [m["publicId"] for m in listed["data"]] == [mailbox_id]
    # Inbound mail to the mailbox (or an alias of it) is its inbox.
    alias = ps.mailboxes.create_alias(
        {"domainId": domain["id"], "localPart": "help", "destinationMailboxId": mailbox_id}
    )["alias"]
    assert (alias["aliasAddress"], alias["destinationMailboxId"]) == (
        "help@example.com",
        created["id"],
    )
    sandbox.inject_inbound({"from": "c@customer.example.net", "to": "support@example.com"})
    sandbox.inject_inbound({"from": "c@customer.example.net", "to": "help@example.com"})
    sandbox.inject_inbound({"from": "c@customer.example.net", "to": "sales@example.com"})
    assert ps.mailboxes.unread_summary() == {
        "items": [{"mailboxId": created["id"], "mailboxPublicId": mailbox_id, "inboxUnread": 2}]
    }
    assert [a["aliasAddress"] for a in ps.mailboxes.list_aliases()["data"]] == ["help@example.com"]
    assert ps.mailboxes.delete_alias(alias["id"]) == {"success": True}
    with pytest.raises(PostStackError) as gone_alias:
        ps.mailboxes.delete_alias(alias["id"])
    assert gone_alias.value.status_code == 404
    assert ps.mailboxes.delete(mailbox_id) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.mailboxes.get(mailbox_id)
    assert gone.value.status_code == 404


def test_filters_signature_and_shares(ps: PostStack) -> None:
    domain_id = _domain_id(ps)
    first = ps.mailboxes.create(
        {"domainId": domain_id, "localPart": "ada", "password": "password-1"}
    )["mailbox"]["publicId"]
    second = ps.mailboxes.create(
        {"domainId": domain_id, "localPart": "bob", "password": "password-2"}
    )["mailbox"]
    rules: list[MailboxFilterRuleParams] = [
        {
            "name": "Invoices",
            "field": "subject",
            "operator": "contains",
            "value": "invoice",
            "action": "fileinto",
            "actionArg": "Billing",
        },
        {
            "name": "Spam",
            "field": "from",
            "operator": "is",
            "value": "x@spam.example",
            "action": "discard",
        },
    ]
    saved = ps.mailboxes.set_filters(first, rules)["rules"]
    assert [r["name"] for r in saved] == ["Invoices", "Spam"]
    assert saved[1]["enabled"] is True
    assert ps.mailboxes.list_filters(first)["rules"] == saved
    explode = {**rules[0], "action": "explode"}  # an unknown action: the point
    with pytest.raises(PostStackError) as bad:
        ps.mailboxes.set_filters(first, [explode])  # type: ignore[list-item]  # see above
    assert bad.value.status_code == 400
    signature = ps.mailboxes.set_signature(
        first, {"signatureHtml": "<p>Ada</p>", "signatureText": "-- Ada"}
    )
    assert signature == {"signatureHtml": "<p>Ada</p>", "signatureText": "-- Ada"}
    assert ps.mailboxes.get_signature(first) == signature
    share = ps.mailboxes.grant_share(first, second["publicId"])["share"]
    assert (share["mailboxId"], share["sharedWithMailboxId"], share["access"]) == (
        ps.mailboxes.get(first)["mailbox"]["id"],
        second["id"],
        "read",
    )
    with pytest.raises(PostStackError) as twice:
        ps.mailboxes.grant_share(first, second["publicId"])
    assert twice.value.status_code == 409
    [listed] = ps.mailboxes.list_shares(first)["shares"]
    assert (listed["id"], listed["sharedWithEmail"]) == (share["id"], "bob@example.com")
    assert ps.mailboxes.revoke_share(first, second["publicId"]) == {"success": True}
    assert ps.mailboxes.list_shares(first)["shares"] == []
