"""Every method of notification channels, contact properties, signup forms, workflows and
mailboxes answers a body that fits the SDK's declared return type (``poststack.types``),
validated strictly by pydantic: required keys present, JSON types and literals exact."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_type_hints

import pydantic
import pytest

from poststack import PostStack
from poststack_sandbox import Sandbox

from .conftest import Receiver

Checked = Callable[..., Any]


@pytest.fixture
def ps(sandbox: Sandbox) -> Iterator[PostStack]:
    with PostStack(api_key=sandbox.api_key, base_url=sandbox.url, max_retries=0) as client:
        yield client


@pytest.fixture
def call() -> Iterator[Checked]:
    """Call a resource method; its result must validate against the method's return type."""
    checked: list[str] = []

    def run(method: Callable[..., Any], *args: Any) -> Any:
        result = method(*args)
        hint = get_type_hints(method)["return"]
        pydantic.TypeAdapter(hint).validate_python(result, strict=True)
        checked.append(method.__qualname__)
        return result

    yield run
    assert checked, "no method was checked"


def _node(public_id: str, kind: str, **config: Any) -> dict[str, Any]:
    return {
        "public_id": public_id,
        "type": kind,
        "config": config,
        "canvas_x": 0.0,
        "canvas_y": 1.5,
    }


def test_channels_properties_and_forms(ps: PostStack, call: Checked, receiver: Receiver) -> None:
    prop = call(
        ps.contact_properties.create,
        {"name": "plan", "label": "Plan", "type": "select", "options": ["free", "pro"]},
    )["property"]
    call(ps.contact_properties.list)
    call(ps.contact_properties.update, prop["id"], {"label": "Billing plan"})
    call(ps.contact_properties.option_usage, prop["id"])

    channel = call(
        ps.notification_channels.create,
        {"type": "slack", "name": "n", "events": ["*"], "config": {"webhookUrl": receiver.url}},
    )["channel"]["publicId"]
    call(ps.notification_channels.list)
    call(ps.notification_channels.get, channel)
    call(ps.notification_channels.update, channel, {"name": "m", "domainId": None})
    call(ps.notification_channels.test, channel)
    deliveries = call(ps.notification_channels.list_deliveries, channel)["deliveries"]
    call(ps.notification_channels.replay_delivery, channel, deliveries[0]["id"])
    call(ps.notification_channels.delete, channel)

    form = call(
        ps.signup_forms.create,
        {
            "name": "f",
            "fields": [
                {"name": "email", "type": "email", "label": "E", "required": True},
                {
                    "name": "plan",
                    "type": "select",
                    "label": "P",
                    "required": False,
                    "options": ["free", "pro"],
                },
            ],
            "redirect_url": "https://example.com/ok",
        },
    )["signupForm"]["publicId"]
    call(ps.signup_forms.list)
    call(ps.signup_forms.get, form)
    call(ps.signup_forms.update, form, {"name": "g", "redirect_url": None})
    call(ps.signup_forms.submit, form, {"email": "b@example.net", "plan": "pro"})
    call(ps.signup_forms.delete, form)
    call(ps.contact_properties.delete, prop["id"])


def test_workflows(ps: PostStack, call: Checked) -> None:
    contact = ps.contacts.create({"email": "a@example.net"})["contact"]
    workflow = call(
        ps.workflows.create,
        {"name": "w", "trigger_type": "custom", "trigger_config": {"event": "paid"}},
    )["workflow"]["publicId"]
    call(ps.workflows.list)
    call(ps.workflows.get, workflow)
    call(ps.workflows.update, workflow, {"name": "x"})
    graph = {
        "nodes": [
            _node("t", "trigger"),
            _node("w", "wait", minutes=1),
            _node("s", "send_email", **{"from": "sender@example.com", "subject": "x", "text": "y"}),
        ],
        "edges": [
            {"from_public_id": "t", "to_public_id": "w"},
            {"from_public_id": "w", "to_public_id": "s", "branch": None},
        ],
    }
    call(ps.workflows.put_graph, workflow, graph)
    call(ps.workflows.get_graph, workflow)
    call(ps.workflows.validate_graph, workflow)
    call(ps.workflows.activate, workflow)
    call(ps.workflows.post_event, {"event": "paid", "contact_id": contact["publicId"]})
    call(ps.workflows.update, workflow, {"trigger_type": "manual"})
    run = call(ps.workflows.trigger, workflow, {"contact_id": contact["publicId"]})["run"]
    assert run["status"] == "running"  # at the wait: currentNodeId is an int here
    call(ps.workflows.pause, workflow)
    invalid = ps.workflows.create({"name": "v", "trigger_type": "manual"})["workflow"]["publicId"]
    assert call(ps.workflows.validate_graph, invalid)["valid"] is False
    call(ps.workflows.delete, workflow)


def test_mailboxes(ps: PostStack, call: Checked) -> None:
    domains = [d for d in ps.domains.list()["domains"] if d["name"] == "example.com"]
    domain = domains[0] if domains else ps.domains.create({"name": "example.com"})["domain"]
    first = call(
        ps.mailboxes.create,
        {"domainId": domain["publicId"], "localPart": "a", "password": "12345678"},
    )["mailbox"]["publicId"]
    second = ps.mailboxes.create(
        {"domainId": domain["id"], "localPart": "b", "password": "12345678"}
    )["mailbox"]["publicId"]
    call(ps.mailboxes.list)
    call(ps.mailboxes.get, first)
    call(ps.mailboxes.update, first, {"forwardTo": "x@example.net", "displayName": None})
    call(ps.mailboxes.change_password, first, "abcdefghi")
    alias = call(
        ps.mailboxes.create_alias,
        {"domainId": domain["id"], "localPart": "c", "destinationMailboxId": first},
    )["alias"]
    call(ps.mailboxes.list_aliases)
    rule = {
        "name": "n",
        "field": "to",
        "operator": "is",
        "value": "v",
        "action": "fileinto",
        "actionArg": "F",
    }
    call(ps.mailboxes.set_filters, first, [rule])
    call(ps.mailboxes.list_filters, first)
    call(ps.mailboxes.set_signature, first, {"signatureText": "x"})
    call(ps.mailboxes.get_signature, first)
    call(ps.mailboxes.unread_summary)
    call(ps.mailboxes.grant_share, first, second, "write")
    call(ps.mailboxes.list_shares, first)
    call(ps.mailboxes.revoke_share, first, second)
    call(ps.mailboxes.delete_alias, alias["id"])
    call(ps.mailboxes.delete, first)
