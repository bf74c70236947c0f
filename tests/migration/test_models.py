"""The models' rules beyond the official tests: names in either spelling, extra fields
kept, and the answers whose current wire shape differs from the official model's."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from poststack.types import _models as m

EMAIL = {
    "id": 1, "publicId": "em_1", "fromAddress": "a@example.com", "toAddresses": ["b@example.com"],
    "subject": "s", "status": "queued", "createdAt": "2026-01-01T00:00:00Z",
}  # fmt: skip


def test_attribute_names_are_accepted_as_keys_too() -> None:
    by_name = m.Email.model_validate(
        {"id": 1, "public_id": "em_1", "from_address": "a@example.com",
         "to_addresses": ["b@example.com"], "subject": "s", "status": "queued",
         "created_at": "x"}
    )  # fmt: skip
    assert by_name.public_id == "em_1"
    # Raw API data as users pass it: pydantic checks the fields at run time.
    assert m.Email(**EMAIL).from_address == "a@example.com"  # type: ignore[arg-type]


def test_dump_by_alias_gives_the_wire_keys_back() -> None:
    dumped = m.Email.model_validate(EMAIL).model_dump(by_alias=True, exclude_none=True)
    assert dumped == {**EMAIL, "testMode": False}


def test_unknown_fields_are_kept() -> None:
    email = m.Email.model_validate({**EMAIL, "recipientProvider": "gmail"})
    assert email.model_extra == {"recipientProvider": "gmail"}


def test_a_missing_required_field_or_unknown_status_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="publicId"):
        m.Email.model_validate({k: v for k, v in EMAIL.items() if k != "publicId"})
    with pytest.raises(ValidationError, match="status"):
        m.Email.model_validate({**EMAIL, "status": "teleported"})


def test_email_event_in_either_shape() -> None:
    old = m.EmailEvent.model_validate({"type": "opened", "timestamp": "t1"})
    new = m.EmailEvent.model_validate(
        {"id": 3, "emailId": 1, "eventType": "opened", "createdAt": "t1", "isPrefetch": True}
    )
    assert (old.type, old.timestamp) == (new.type, new.timestamp) == ("opened", "t1")
    assert (new.id, new.email_id, new.is_prefetch) == (3, 1, True)


def test_email_validation_fills_the_official_flat_fields_from_checks() -> None:
    nested = m.EmailValidation.model_validate(
        {"email": "a@b.c", "result": "risky", "risk": "medium",
         "checks": {"syntax": True, "mx": True, "disposable": True, "role": False, "free": False}}
    )  # fmt: skip
    assert (nested.syntax_valid, nested.mx_valid, nested.is_disposable, nested.is_role,
            nested.is_free) == (True, True, True, False, False)  # fmt: skip
    flat = m.EmailValidation.model_validate(
        {"email": "a@b.c", "result": "deliverable", "risk": "low", "syntaxValid": False,
         "checks": {"syntax": True}}
    )  # fmt: skip
    assert flat.syntax_valid is False  # a flat key, when sent, wins


def test_dmarc_stats_derive_the_official_figures() -> None:
    stats = m.DmarcStats.model_validate(
        {"totals": {"totalMessages": 20, "passed": 15, "spfPassed": 18, "dkimPassed": 16},
         "daily": [{"date": "2026-01-01", "total": 20, "passed": 15, "failed": 5}]}
    )  # fmt: skip
    assert (stats.total_messages, stats.failed_messages, stats.pass_rate) == (20, 5, 0.75)
    assert stats.daily_stats == stats.daily
    empty = m.DmarcStats.model_validate({"totals": {"totalMessages": 0, "passed": 0}})
    assert empty.pass_rate == 0.0
    official = m.DmarcStats.model_validate(
        {"totalMessages": 4, "passRate": 0.5, "failedMessages": 2, "dailyStats": []}
    )
    assert (official.total_messages, official.pass_rate, official.totals) == (4, 0.5, None)


def test_dmarc_source_in_either_shape() -> None:
    new = m.DmarcSource.model_validate({"sourceIp": "192.0.2.1", "total": 9, "passed": 7,
                                        "failed": 2})  # fmt: skip
    old = m.DmarcSource.model_validate({"sourceIp": "192.0.2.1", "count": 9, "passCount": 7,
                                        "failCount": 2})  # fmt: skip
    for source in (new, old):
        assert (source.count, source.pass_count, source.fail_count) == (9, 7, 2)


def test_contact_subscription_current_row() -> None:
    row = m.ContactSubscription.model_validate(
        {"id": 5, "topicId": 1, "contactId": 2, "subscribed": False, "updatedAt": "t"}
    )
    assert (row.topic_id, row.contact_id, row.subscribed, row.subscribed_at) == (1, 2, False, None)


def test_segment_condition_defaults_and_rules() -> None:
    rules = m.SegmentRules.model_validate(
        {"operator": "and", "conditions": [
            {"field": "emailsOpened", "comparator": "greater_than", "value": "3",
             "windowDays": 14},
            {"field": "firstName", "comparator": "is_set"}]}
    )  # fmt: skip
    assert [(c.comparator, c.value, c.window_days) for c in rules.conditions] == [
        ("greater_than", "3", 14), ("is_set", "", None)
    ]  # fmt: skip


def test_broadcast_variant_defaults() -> None:
    variant = m.BroadcastVariant.model_validate(
        {"id": 1, "name": "A", "subject": "s", "weight": 50, "deliveredCount": 3,
         "openedCount": 2, "clickedCount": 1}
    )  # fmt: skip
    assert (variant.recipient_count, variant.bounced_count, variant.open_rate,
            variant.click_rate) == (0, 0, 0.0, 0.0)  # fmt: skip


def test_official_typed_dict_names_are_the_sdks_own() -> None:
    from poststack.types.emails import Attachment, ListEmailsParams, SendEmailParams

    assert m.SendEmailInput is SendEmailParams
    assert (m.Attachment, m.ListEmailsParams) == (Attachment, ListEmailsParams)
    assert "from" in SendEmailParams.__annotations__
