"""Segments (the rule engine, manual members, CSV export), subscription topics and broadcasts
(fan-out through the send path, opt-outs, A/B variants decided by real events), driven through
the SDK against the sandbox."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from poststack import PostStack, PostStackError
from poststack.types import (
    CreateContactParams,
    SegmentComparator,
    SegmentConditionDict,
    SegmentRulesDict,
)
from poststack_sandbox import Sandbox


def _contacts(ps: PostStack) -> dict[str, str]:
    people: list[tuple[str, str | None, str | None, dict[str, str]]] = [
        (
            "ada@example.net",
            "Ada",
            "Lovelace",
            {"plan": "pro", "seats": "12", "born": "1815-12-10"},
        ),
        ("bob@example.org", "Bob", None, {"plan": "free", "seats": "1"}),
        ("cy@example.net", None, "Young", {}),
    ]
    ids: dict[str, str] = {}
    for email, first, last, properties in people:
        body: CreateContactParams = {"email": email, "properties": properties}
        if first:
            body["first_name"] = first
        if last:
            body["last_name"] = last
        ids[email] = ps.contacts.create(body)["contact"]["publicId"]
    return ids


def _count(
    ps: PostStack,
    field: str,
    comparator: SegmentComparator,
    value: str | None = None,
    *,
    window_days: int | None = None,
) -> int:
    condition: SegmentConditionDict = {"field": field, "comparator": comparator}
    if value is not None:
        condition["value"] = value
    if window_days is not None:
        condition["windowDays"] = window_days
    return int(
        ps.segments.preview_rules({"rules": {"operator": "and", "conditions": [condition]}})[
            "count"
        ]
    )


def test_every_comparator(ps: PostStack, sandbox: Sandbox) -> None:
    _contacts(ps)
    assert _count(ps, "email", "equals", "ADA@example.net") == 1
    assert _count(ps, "email", "not_equals", "ada@example.net") == 2
    assert _count(ps, "email", "contains", "example.n") == 2
    assert _count(ps, "email", "starts_with", "b") == 1
    assert _count(ps, "email", "ends_with", ".org") == 1
    assert _count(ps, "properties.seats", "greater_than", "1") == 1
    assert _count(ps, "properties.seats", "less_than", "12") == 1
    assert _count(ps, "properties.seats", "greater_than_or_equal", "1") == 2
    assert _count(ps, "properties.seats", "less_than_or_equal", "12") == 2
    assert _count(ps, "properties.born", "before", "1900-01-01") == 1
    assert _count(ps, "createdAt", "after", "2000-01-01") == 3
    assert _count(ps, "createdAt", "before", "2000-01-01") == 0
    assert _count(ps, "createdAt", "in_last_days", "1") == 3
    assert _count(ps, "firstName", "is_set") == 2
    assert _count(ps, "lastName", "is_not_set") == 1
    assert _count(ps, "unsubscribed", "equals", "false") == 3
    assert _count(ps, "engagementSegment", "equals", "active") == 3
    assert _count(ps, "properties.plan", "equals", "Pro") == 1
    # Behavioural: emails to the contact opened within the window.
    sent = ps.emails.send(
        {"from": "sender@example.com", "to": ["Ada <ada@example.net>"], "subject": "s", "text": "t"}
    )
    assert _count(ps, "emailsOpened", "greater_than_or_equal", "1", window_days=7) == 0
    sandbox.simulate_event(sent["id"], "opened")
    assert _count(ps, "emailsOpened", "greater_than_or_equal", "1", window_days=7) == 1
    assert _count(ps, "emailsClicked", "greater_than", "0") == 0
    both: SegmentRulesDict = {
        "operator": "or",
        "conditions": [
            {"field": "email", "comparator": "ends_with", "value": ".org"},
            {"field": "properties.plan", "comparator": "equals", "value": "pro"},
        ],
    }
    assert ps.segments.preview_rules({"rules": both}) == {"count": 2}
    assert ps.segments.preview_rules({"rules": {**both, "operator": "and"}}) == {"count": 0}


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "nope", "comparator": "equals", "value": "x"}, "field"),
        ({"field": "email", "comparator": "like", "value": "x"}, "comparator"),
        ({"field": "email", "comparator": "equals"}, "value"),
        ({"field": "createdAt", "comparator": "before", "value": "soon"}, "YYYY-MM-DD"),
        ({"field": "email", "comparator": "equals", "value": "x" * 501}, "500"),
        ({"field": "email", "comparator": "equals", "value": "x", "windowDays": 3}, "windowDays"),
        ({"field": "emailsOpened", "comparator": "equals", "value": "1", "windowDays": 400}, "365"),
    ],
)
def test_bad_rules_are_400(ps: PostStack, condition: dict[str, Any], message: str) -> None:
    bad = {"operator": "and", "conditions": [condition]}  # malformed: the point of the test
    with pytest.raises(PostStackError) as caught:
        ps.segments.preview_rules({"rules": bad})  # type: ignore[typeddict-item]  # see above
    assert caught.value.status_code == 400
    assert caught.value.code == "invalid_request"
    assert message in str(caught.value)


def test_manual_and_dynamic_segments(ps: PostStack) -> None:
    ids = _contacts(ps)
    manual = ps.segments.create({"name": "VIP"})["segment"]
    assert manual["publicId"].startswith("seg_")
    assert (manual["rules"], manual["contactCount"]) == (None, 0)
    added = ps.segments.add_contacts(
        manual["publicId"],
        {"contact_ids": [ids["ada@example.net"], ids["cy@example.net"], "con_x"]},
    )
    assert added == {"added": 2}
    again = ps.segments.add_contacts(manual["publicId"], {"contact_ids": [ids["ada@example.net"]]})
    assert again == {"added": 0}
    with pytest.raises(PostStackError) as caught:
        ps.segments.add_contacts(manual["publicId"], {"contact_ids": ["con_nobody"]})
    assert caught.value.status_code == 400
    got = ps.segments.get(manual["publicId"])["segment"]
    assert got["contactCount"] == 2
    assert [c["email"] for c in got["contacts"]] == ["ada@example.net", "cy@example.net"]
    members = ps.segments.members(manual["publicId"], {"per_page": 1})
    assert members["meta"] == {"page": 1, "perPage": 1, "total": 2, "totalPages": 2}
    growth = ps.segments.growth(manual["publicId"], days=3)
    assert growth["available"] is True
    assert [d["members"] for d in growth["daily"]] == [0, 0, 2]
    assert ps.segments.remove_contact(manual["publicId"], ids["cy@example.net"]) == {
        "success": True
    }
    csv_text = ps.contacts.export_csv(segment_id=manual["publicId"])
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["email"] for r in rows] == ["ada@example.net"]
    listed = ps.contacts.list({"segment_id": manual["publicId"]})["data"]
    assert [c["email"] for c in listed] == ["ada@example.net"]

    rules: SegmentRulesDict = {
        "operator": "and",
        "conditions": [{"field": "email", "comparator": "ends_with", "value": "example.net"}],
    }
    dynamic = ps.segments.create({"name": "Net", "rules": rules})["segment"]
    assert dynamic["contactCount"] == 2
    assert ps.segments.growth(dynamic["publicId"])["available"] is False
    ps.contacts.create({"email": "new@example.net"})
    assert ps.segments.get(dynamic["publicId"])["segment"]["contactCount"] == 3
    with pytest.raises(PostStackError) as refused:
        ps.segments.add_contacts(dynamic["publicId"], {"contact_ids": [ids["bob@example.org"]]})
    assert refused.value.status_code == 422
    # Dropping the rules keeps today's members, by hand from now on.
    converted = ps.segments.update(dynamic["publicId"], {"rules": None, "name": "Net (frozen)"})
    assert (converted["segment"]["rules"], converted["segment"]["contactCount"]) == (None, 3)
    ps.contacts.create({"email": "later@example.net"})
    assert ps.segments.get(dynamic["publicId"])["segment"]["contactCount"] == 3
    names = [s["name"] for s in ps.segments.list()["segments"]]
    assert names == ["VIP", "Net (frozen)"]
    assert ps.segments.delete(manual["publicId"]) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.segments.get(manual["publicId"])
    assert gone.value.status_code == 404
    with pytest.raises(PostStackError) as export_gone:
        ps.contacts.export_csv(segment_id=manual["publicId"])
    assert export_gone.value.status_code == 404


def test_subscription_topics_are_opt_out(ps: PostStack) -> None:
    ids = _contacts(ps)
    topic = ps.subscription_topics.create({"name": "Product news", "description": "Monthly"})[
        "topic"
    ]
    assert topic["publicId"].startswith("top_")
    detail = ps.subscription_topics.get(topic["publicId"])
    assert (detail["subscriberCount"], detail["unsubscribedCount"]) == (3, 0)
    bob = ids["bob@example.org"]
    row = ps.subscription_topics.unsubscribe(bob, topic["publicId"])["subscription"]
    assert (row["subscribed"], row["contactId"] > 0) == (False, True)
    detail = ps.subscription_topics.get(topic["publicId"])
    assert (detail["subscriberCount"], detail["unsubscribedCount"]) == (2, 1)
    out = ps.subscription_topics.list_subscribers(topic["publicId"], {"subscribed": False})
    assert [s["email"] for s in out["data"]] == ["bob@example.org"]
    subs = ps.subscription_topics.get_contact_subscriptions(bob)["subscriptions"]
    assert [(s["topic"]["name"], s["subscribed"]) for s in subs] == [("Product news", False)]
    back = ps.subscription_topics.subscribe(bob, topic["publicId"])["subscription"]
    assert back["subscribed"] is True
    updated = ps.subscription_topics.update(topic["publicId"], {"description": None})["topic"]
    assert updated["description"] is None
    assert [t["name"] for t in ps.subscription_topics.list()["topics"]] == ["Product news"]
    assert ps.subscription_topics.delete(topic["publicId"]) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.subscription_topics.get(topic["publicId"])
    assert gone.value.status_code == 404


def _broadcast_setup(ps: PostStack) -> tuple[dict[str, str], str]:
    ids = _contacts(ps)
    segment = ps.segments.create({"name": "All"})["segment"]["publicId"]
    ps.segments.add_contacts(segment, {"contact_ids": list(ids.values())})
    return ids, segment


def test_a_broadcast_fans_out_through_the_send_path(ps: PostStack, sandbox: Sandbox) -> None:
    ids, segment = _broadcast_setup(ps)
    topic = ps.subscription_topics.create({"name": "News"})["topic"]["publicId"]
    ps.subscription_topics.unsubscribe(ids["bob@example.org"], topic)
    ps.suppressions.add({"email": "cy@example.net", "reason": "manual"})
    created = ps.broadcasts.create(
        {
            "segment_id": segment,
            "topic_id": topic,
            "from": "News <sender@example.com>",
            "subject": "March news",
            "html": "<p>News</p>",
            "name": "March",
        }
    )["broadcast"]
    broadcast_id = created["publicId"]
    assert (created["status"], created["segmentPublicId"], created["topicPublicId"]) == (
        "draft",
        segment,
        topic,
    )
    assert (
        ps.broadcasts.update(broadcast_id, {"subject": "March news!"})["broadcast"]["subject"]
        == "March news!"
    )
    assert ps.broadcasts.send(broadcast_id) == {"success": True}
    # Bob opted out of the topic and Cy is suppressed: only Ada gets it, as a normal email.
    emails = sandbox.emails()
    assert [e["toAddresses"] for e in emails] == [["ada@example.net"]]
    assert emails[0]["subject"] == "March news!"
    assert emails[0]["tags"] == [f"broadcast:{broadcast_id}"]
    sandbox.simulate_event(emails[0]["publicId"], "opened")
    got = ps.broadcasts.get(broadcast_id)["broadcast"]
    assert got["status"] == "sent"
    assert (got["totalRecipients"], got["deliveredCount"], got["openedCount"]) == (1, 1, 1)
    with pytest.raises(PostStackError) as again:
        ps.broadcasts.send(broadcast_id)
    assert again.value.status_code == 422
    with pytest.raises(PostStackError) as frozen:
        ps.broadcasts.update(broadcast_id, {"subject": "x"})
    assert frozen.value.status_code == 422
    row = ps.broadcasts.performance(broadcast_id)["broadcast"]
    assert (row["opened"], row["open_rate"], row["in_progress"]) == (1, 1.0, False)
    listed = ps.broadcasts.list_performance({"metric": "open_rate"})
    assert [b["id"] for b in listed["broadcasts"]] == [broadcast_id]
    assert ps.segments.broadcasts(segment)["broadcasts"][0]["publicId"] == broadcast_id
    assert ps.broadcasts.list({"status": "sent"})["meta"]["total"] == 1
    assert ps.broadcasts.non_openers(broadcast_id)["count"] == 0
    assert ps.broadcasts.non_clickers(broadcast_id)["contacts"][0]["email"] == "ada@example.net"
    resent = ps.broadcasts.resend(broadcast_id, {"target": "non_clickers"})
    assert resent["recipientCount"] == 1
    assert resent["broadcast"]["subject"] == "Re: March news!"
    assert resent["broadcast"]["status"] == "draft"
    assert ps.broadcasts.send_test(broadcast_id, {"email": "me@example.net"}) == {"success": True}
    assert sandbox.emails()[-1]["toAddresses"] == ["me@example.net"]


def test_a_broadcast_from_an_unverified_domain_is_refused(ps: PostStack, sandbox: Sandbox) -> None:
    _, segment = _broadcast_setup(ps)
    created = ps.broadcasts.create(
        {"segment_id": segment, "from": "x@unverified.example", "subject": "s", "text": "t"}
    )["broadcast"]
    with pytest.raises(PostStackError) as caught:
        ps.broadcasts.send(created["publicId"])
    assert caught.value.status_code == 422
    assert "Domain not verified" in str(caught.value)
    assert sandbox.emails() == []


def test_scheduled_broadcast_and_cancel(ps: PostStack, sandbox: Sandbox) -> None:
    _, segment = _broadcast_setup(ps)
    later = (datetime.now(timezone.utc) + timedelta(hours=2)).isoformat()
    created = ps.broadcasts.create(
        {
            "segment_id": segment,
            "from": "sender@example.com",
            "subject": "s",
            "text": "t",
            "scheduled_at": later,
        }
    )["broadcast"]
    ps.broadcasts.send(created["publicId"])
    assert ps.broadcasts.get(created["publicId"])["broadcast"]["status"] == "queued"
    assert ps.broadcasts.cancel(created["publicId"]) == {"success": True}
    assert ps.broadcasts.get(created["publicId"])["broadcast"]["status"] == "cancelled"
    assert sandbox.emails() == []


def test_ab_test_variants_and_winner_from_real_events(ps: PostStack, sandbox: Sandbox) -> None:
    for n in range(20):
        ps.contacts.create({"email": f"p{n}@example.net"})
    segment = ps.segments.create(
        {
            "name": "All",
            "rules": {
                "operator": "and",
                "conditions": [{"field": "email", "comparator": "contains", "value": "@"}],
            },
        }
    )["segment"]["publicId"]
    created = ps.broadcasts.create(
        {
            "segment_id": segment,
            "from": "sender@example.com",
            "subject": "ignored",
            "ab_test": {
                "variants": [
                    {"name": "A", "subject": "Subject A", "text": "a", "weight": 50},
                    {"name": "B", "subject": "Subject B", "text": "b", "weight": 50},
                ],
                "test_sample_size": 20,
            },
        }
    )["broadcast"]
    broadcast_id = created["publicId"]
    variants = ps.broadcasts.get_variants(broadcast_id)["variants"]
    assert [v["name"] for v in variants] == ["A", "B"]
    ps.broadcasts.send(broadcast_id)
    sample = sandbox.emails()
    assert sorted(e["subject"] for e in sample) == ["Subject A"] * 2 + ["Subject B"] * 2
    for email in sample:
        if email["subject"] == "Subject B":
            sandbox.simulate_event(email["publicId"], "opened")
    stats = ps.broadcasts.get_variant_stats(broadcast_id)
    assert stats["winnerVariantId"] is None
    by_name = {v["name"]: v for v in stats["variants"]}
    assert (by_name["A"]["recipientCount"], by_name["A"]["openRate"]) == (2, 0.0)
    assert (by_name["B"]["recipientCount"], by_name["B"]["openRate"]) == (2, 1.0)
    assert ps.broadcasts.get(broadcast_id)["broadcast"]["totalRecipients"] == 20
    assert ps.broadcasts.end_ab_test(broadcast_id) == {"success": True}
    everyone = sandbox.emails()
    assert len(everyone) == 20
    assert [e["subject"] for e in everyone[4:]] == ["Subject B"] * 16
    assert ps.broadcasts.get_variant_stats(broadcast_id)["winnerVariantId"] == by_name["B"]["id"]
    assert ps.broadcasts.get(broadcast_id)["broadcast"]["status"] == "sent"


def test_variant_stats_need_an_ab_test(ps: PostStack) -> None:
    _, segment = _broadcast_setup(ps)
    plain = ps.broadcasts.create(
        {"segment_id": segment, "from": "sender@example.com", "subject": "s", "text": "t"}
    )["broadcast"]["publicId"]
    with pytest.raises(PostStackError) as caught:
        ps.broadcasts.get_variant_stats(plain)
    assert caught.value.status_code == 422
    with pytest.raises(PostStackError) as bad:
        ps.broadcasts.create(
            {
                "segment_id": segment,
                "from": "sender@example.com",
                "subject": "s",
                "ab_test": {
                    "variants": [
                        {"name": "A", "subject": "a", "weight": 60},
                        {"name": "B", "subject": "b", "weight": 30},
                    ]
                },
            }
        )
    assert bad.value.status_code == 400
    assert "add up to 100" in str(bad.value)
