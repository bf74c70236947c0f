"""Signup forms (CRUD and the key-less, CORS-enabled submit that files contacts into a segment
and a topic with typed properties) and notification channels (Slack/Discord posts to a real
local receiver, deliveries, replay, Telegram never contacted), through the SDK."""

from __future__ import annotations

import json

import httpx
import pytest

from poststack import PostStack, PostStackError, UnknownFieldWarning
from poststack.types import SignupFormFieldDict
from poststack_sandbox import Sandbox

from .conftest import Receiver

FIELDS: list[SignupFormFieldDict] = [
    {"name": "email", "type": "email", "label": "Email", "required": True},
    {"name": "first_name", "type": "text", "label": "First name", "required": False},
    {
        "name": "plan",
        "type": "select",
        "label": "Plan",
        "required": False,
        "options": ["free", "pro"],
    },
]


def test_signup_form_crud_and_submit(ps: PostStack, sandbox: Sandbox) -> None:
    made_segment = ps.segments.create({"name": "Leads"})["segment"]
    made_topic = ps.subscription_topics.create({"name": "News"})["topic"]
    segment, topic = made_segment["publicId"], made_topic["publicId"]
    ps.contact_properties.create({"name": "seats", "label": "Seats", "type": "number"})
    form = ps.signup_forms.create(
        {
            "name": "Newsletter",
            "fields": FIELDS,
            "segment_id": segment,
            "topic_id": topic,
            "success_message": "Welcome aboard",
            "redirect_url": "https://example.com/thanks",
        }
    )["signupForm"]
    form_id = form["publicId"]
    assert form_id.startswith("sf_")
    # The form reports internal ids, as the service does.
    assert (form["segmentId"], form["topicId"], form["active"], form["submissionCount"]) == (
        made_segment["id"],
        made_topic["id"],
        True,
        0,
    )
    # Submitted from a visitor's browser: no key, CORS allowed.
    submitted = httpx.post(
        f"{sandbox.url}/signup-forms/{form_id}/submit",
        json={"email": "Ada@Example.net", "first_name": "Ada", "seats": "3", "junk": "ignored"},
        headers={"Origin": "https://site.example"},
    )
    assert submitted.status_code == 200
    assert submitted.headers["access-control-allow-origin"] == "*"
    assert submitted.json() == {
        "success": True,
        "message": "Welcome aboard",
        "redirect_url": "https://example.com/thanks",
    }
    preflight = httpx.request("OPTIONS", f"{sandbox.url}/signup-forms/{form_id}/submit")
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    contact = ps.contacts.get_by_email("ada@example.net")["contact"]
    assert (contact["firstName"], contact["properties"]) == ("Ada", {"seats": 3})
    members = ps.segments.members(segment)["data"]
    assert [m["email"] for m in members] == ["ada@example.net"]
    subscribers = ps.subscription_topics.list_subscribers(topic)["data"]
    assert [s["email"] for s in subscribers] == ["ada@example.net"]
    assert ps.signup_forms.get(form_id)["signupForm"]["submissionCount"] == 1
    # The SDK's submit works too.
    assert ps.signup_forms.submit(form_id, {"email": "bob@example.net"})["success"] is True
    wrong = httpx.post(
        f"{sandbox.url}/signup-forms/{form_id}/submit",
        json={"email": "c@example.net", "seats": "many"},
    )
    assert wrong.status_code == 422
    assert wrong.headers["access-control-allow-origin"] == "*"
    assert "'seats' is not a valid number" in wrong.json()["error"]
    missing = httpx.post(f"{sandbox.url}/signup-forms/{form_id}/submit", json={"first_name": "x"})
    assert missing.status_code == 400
    ps.signup_forms.update(form_id, {"active": False, "redirect_url": None})
    closed = httpx.post(
        f"{sandbox.url}/signup-forms/{form_id}/submit", json={"email": "late@example.net"}
    )
    assert closed.status_code == 422
    listed = ps.signup_forms.list()
    assert [f["publicId"] for f in listed["data"]] == [form_id]
    assert listed["meta"]["total"] == 1
    with pytest.raises(PostStackError) as bad:
        ps.signup_forms.create({"name": "x", "fields": [FIELDS[1]]})
    assert bad.value.status_code == 400
    assert ps.signup_forms.delete(form_id) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.signup_forms.get(form_id)
    assert gone.value.status_code == 404


def test_notification_channels(ps: PostStack, sandbox: Sandbox, receiver: Receiver) -> None:
    slack = ps.notification_channels.create(
        {
            "type": "slack",
            "name": "Ops",
            "events": ["email.bounced"],
            "config": {"webhookUrl": receiver.url},
        }
    )["channel"]
    channel_id = slack["publicId"]
    assert channel_id.startswith("nc_")
    assert receiver.url not in json.dumps(slack)  # the secret URL is never returned
    assert slack["configSummary"]["webhookUrl"].startswith("http://127.0")
    tested = ps.notification_channels.test(channel_id)
    assert (tested["success"], tested["statusCode"], tested["responseBody"]) == (True, 200, "ok")
    assert json.loads(receiver.received[0].body) == {"text": "PostStack sandbox: test notification"}
    sent = ps.emails.send(
        {"from": "sender@example.com", "to": ["gone@example.net"], "subject": "Hi", "text": "x"}
    )
    sandbox.simulate_event(sent["id"], "bounced")
    receiver.wait_for(2)
    sandbox.drain_webhooks()
    assert "email.bounced" in json.loads(receiver.received[1].body)["text"]
    deliveries = ps.notification_channels.list_deliveries(channel_id)
    assert [d["eventType"] for d in deliveries["deliveries"]] == ["email.bounced", "channel.test"]
    assert deliveries["meta"]["total"] == 2
    assert ps.notification_channels.replay_delivery(
        channel_id, deliveries["deliveries"][0]["id"]
    ) == {"success": True}
    receiver.wait_for(3)
    updated = ps.notification_channels.update(
        channel_id, {"name": "Ops alerts", "events": ["email.complained"], "enabled": False}
    )["channel"]
    assert (updated["name"], updated["events"], updated["active"]) == (
        "Ops alerts",
        ["email.complained"],
        False,
    )
    # Not a field of the update: the SDK warns (and sends it anyway), the API refuses it.
    unknown = pytest.warns(UnknownFieldWarning, match="'type'")
    with pytest.raises(PostStackError) as immutable, unknown:
        ps.notification_channels.update(channel_id, {"type": "discord"})  # type: ignore[typeddict-unknown-key]  # the point
    assert immutable.value.status_code == 400

    telegram = ps.notification_channels.create(
        {
            "type": "telegram",
            "name": "Phone",
            "events": ["email.bounced"],
            "config": {"botToken": "123456:SECRET-TOKEN-VALUE", "chatId": "42"},
        }
    )["channel"]
    assert "SECRET-TOKEN-VALUE" not in json.dumps(telegram)
    result = ps.notification_channels.test(telegram["publicId"])
    assert (result["success"], result["statusCode"]) == (False, None)
    assert result["responseBody"] is not None
    assert "does not contact Telegram" in result["responseBody"]
    assert [c["name"] for c in ps.notification_channels.list()["channels"]] == [
        "Ops alerts",
        "Phone",
    ]
    with pytest.raises(PostStackError) as bad:
        ps.notification_channels.create(
            {"type": "slack", "name": "x", "events": [], "config": {"webhookUrl": receiver.url}}
        )
    assert bad.value.status_code == 400
    assert ps.notification_channels.delete(channel_id) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.notification_channels.get(channel_id)
    assert gone.value.status_code == 404
