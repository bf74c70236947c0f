"""The rest of the domains resource (IP assignment, DMARC, DKIM rotation, placement) and contact
properties, through the SDK."""

from __future__ import annotations

from typing import Any

import pytest

from poststack import PostStack, PostStackError
from poststack.types import DmarcReportsResponse, DomainDict
from poststack_sandbox import Sandbox


def _domain(ps: PostStack, name: str = "example.com") -> DomainDict:
    return next(d for d in ps.domains.list()["domains"] if d["name"] == name)


def _extra(domain: DomainDict, key: str) -> Any:
    """A field the sandbox adds to the domain object, which neither the API reference nor the
    SDK's `DomainDict` lists (``ipAddressId``, ``dkimRotation``)."""
    return dict[str, Any](domain)[key]


def test_ip_assignment(ps: PostStack) -> None:
    domain = _domain(ps)
    assert ps.domains.assign_ip(domain["id"], 7) == {"success": True}
    assert _extra(ps.domains.get(domain["id"])["domain"], "ipAddressId") == 7
    assert ps.domains.unassign_ip(domain["id"]) == {"success": True}
    assert _extra(ps.domains.get(domain["id"])["domain"], "ipAddressId") is None
    with pytest.raises(PostStackError) as caught:
        ps.domains.assign_ip(domain["id"], 0)
    assert caught.value.status_code == 400
    with pytest.raises(PostStackError) as missing:
        ps.domains.assign_ip(999, 1)
    assert missing.value.status_code == 404


def test_dmarc_and_placement_count_the_domains_emails(ps: PostStack, sandbox: Sandbox) -> None:
    domain = _domain(ps)
    for n in range(3):
        ps.emails.send(
            {"from": "sender@example.com", "to": [f"u{n}@gmail.com"], "subject": "s", "text": "t"}
        )
    ps.emails.send({"from": "a@acme.test", "to": ["x@outlook.com"], "subject": "s", "text": "t"})
    first = sandbox.emails()[0]["publicId"]
    sandbox.simulate_event(first, "complained")
    stats = ps.domains.get_dmarc_stats(domain["id"], days=7)
    assert stats["totals"] == {"totalMessages": 3, "passed": 3, "spfPassed": 3, "dkimPassed": 3}
    assert len(stats["daily"]) == 7
    assert stats["daily"][-1]["total"] == 3
    assert ps.domains.get_dmarc_sources(domain["id"])["sources"] == [
        {"sourceIp": "192.0.2.10", "total": 3, "passed": 3, "failed": 0}
    ]
    reports = ps.domains.get_dmarc_reports(domain["id"], {"per_page": 5})
    none_yet: DmarcReportsResponse = {
        "reports": [],
        "pagination": {"page": 1, "perPage": 5, "total": 0, "totalPages": 0},
    }
    assert reports == none_yet
    placement = ps.domains.get_inbox_placement(domain["id"], days=7)
    assert placement["windowDays"] == 7
    totals = placement["totals"]
    assert (totals["sent"], totals["accepted"], totals["complained"]) == (3, 3, 1)
    assert totals["acceptanceRate"] == 1.0
    assert totals["complaintRate"] == round(1 / 3, 4)
    assert placement["providers"] == [
        {
            "provider": "gmail",
            "sent": 3,
            "accepted": 3,
            "deferred": 0,
            "bounced": 0,
            "complained": 1,
            "acceptanceRate": 1.0,
        }
    ]
    assert placement["senderSignals"] == placement["recipientSignals"] == []
    sandbox.simulate_event(first, "bounced", metadata={"reason": "mailbox full", "code": "552"})
    [signal] = ps.domains.get_inbox_placement(domain["id"])["recipientSignals"]
    assert (signal["bucket"], signal["ownership"], signal["provider"]) == (
        "recipient",
        "recipient",
        "gmail",
    )
    assert (signal["code"], signal["message"], signal["messages"]) == ("552", "mailbox full", 1)


def test_dkim_rotation(ps: PostStack) -> None:
    domain = ps.domains.create({"name": "rotate.example.org"})["domain"]
    assert ps.domains.verify(domain["id"])["domain"]["status"] == "verified"
    started = ps.domains.start_dkim_rotation(domain["id"])["rotation"]
    assert started["state"] == "pending_dns"
    assert started["activeSelector"] == "poststack"
    pending = started["pendingRecordName"]
    assert pending is not None
    assert pending.endswith("._domainkey.rotate.example.org")
    records = ps.domains.get(domain["id"])["domain"]["dnsRecords"]
    assert [r["name"] for r in records if r["purpose"] == "dkim_rotation"] == [
        started["pendingRecordName"]
    ]
    with pytest.raises(PostStackError) as early:
        ps.domains.activate_dkim_rotation(domain["id"], force=True)
    assert (early.value.status_code, early.value.code) == (409, "conflict")
    with pytest.raises(PostStackError) as twice:
        ps.domains.start_dkim_rotation(domain["id"])
    assert twice.value.status_code == 409
    # Publishing the record: verify sees it.
    ps.domains.verify(domain["id"])
    ready = _extra(ps.domains.get(domain["id"])["domain"], "dkimRotation")
    assert ready["state"] == "ready"
    assert ready["publishedAt"] is not None
    with pytest.raises(PostStackError) as waiting:
        ps.domains.activate_dkim_rotation(domain["id"])
    assert waiting.value.status_code == 409
    assert "force=true" in str(waiting.value)
    active = ps.domains.activate_dkim_rotation(domain["id"], force=True)["rotation"]
    assert active["state"] == "retiring"
    assert active["activeSelector"] == started["pendingSelector"]
    assert active["retiredSelector"] == "poststack"
    with pytest.raises(PostStackError) as nothing:
        ps.domains.cancel_dkim_rotation(domain["id"])
    assert nothing.value.status_code == 409
    again = ps.domains.start_dkim_rotation(domain["id"])["rotation"]
    cancelled = ps.domains.cancel_dkim_rotation(domain["id"])["rotation"]
    assert (cancelled["state"], cancelled["pendingSelector"]) == ("idle", None)
    assert again["pendingSelector"] is not None
    records = ps.domains.get(domain["id"])["domain"]["dnsRecords"]
    assert not [r for r in records if r["purpose"] == "dkim_rotation"]


def test_contact_properties(ps: PostStack) -> None:
    plan = ps.contact_properties.create(
        {"name": "plan", "label": "Plan", "type": "select", "options": ["free", "pro"]}
    )["property"]
    assert (plan["name"], plan["type"], plan["options"], plan["required"]) == (
        "plan",
        "select",
        ["free", "pro"],
        False,
    )
    ps.contact_properties.create({"name": "seats", "label": "Seats", "type": "number"})
    with pytest.raises(PostStackError) as duplicate:
        ps.contact_properties.create({"name": "plan", "label": "x", "type": "text"})
    assert duplicate.value.status_code == 409
    with pytest.raises(PostStackError) as no_options:
        ps.contact_properties.create({"name": "tier", "label": "Tier", "type": "select"})
    assert no_options.value.status_code == 400
    with pytest.raises(PostStackError) as bad_type:
        ps.contact_properties.create({"name": "x", "label": "X", "type": "color"})  # type: ignore[typeddict-item]  # an unknown type: the point
    assert bad_type.value.status_code == 400
    ps.contacts.create({"email": "a@example.net", "properties": {"plan": "pro"}})
    ps.contacts.create({"email": "b@example.net", "properties": {"plan": "pro"}})
    ps.contacts.create({"email": "c@example.net", "properties": {"plan": "free"}})
    assert ps.contact_properties.option_usage(plan["id"]) == {"usage": {"free": 1, "pro": 2}}
    updated = ps.contact_properties.update(
        plan["id"], {"label": "Billing plan", "options": ["free", "pro", "team"], "required": True}
    )["property"]
    assert (updated["label"], updated["required"]) == ("Billing plan", True)
    assert ps.contact_properties.option_usage(plan["id"])["usage"]["team"] == 0
    names = [p["name"] for p in ps.contact_properties.list()["properties"]]
    assert names == ["plan", "seats"]
    assert ps.contact_properties.delete(plan["id"]) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.contact_properties.option_usage(plan["id"])
    assert gone.value.status_code == 404
