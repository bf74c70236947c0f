"""Workflows: CRUD, graph storage and validation, activation, manual and event triggers, and
runs that send through the send path, through the SDK."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from poststack import PostStack, PostStackError
from poststack.types import (
    CreateWorkflowParams,
    PutWorkflowGraphParams,
    WorkflowEdgeParams,
    WorkflowNode,
    WorkflowNodeType,
    WorkflowTriggerType,
)
from poststack_sandbox import Sandbox

from .conftest import Receiver


def _node(public_id: str, kind: WorkflowNodeType, config: dict[str, Any]) -> WorkflowNode:
    return {"public_id": public_id, "type": kind, "config": config, "canvas_x": 0, "canvas_y": 0}


def _graph(receiver_url: str | None = None) -> PutWorkflowGraphParams:
    nodes = [
        _node("start", "trigger", {}),
        _node(
            "pro", "condition", {"field": "properties.plan", "comparator": "equals", "value": "pro"}
        ),
        _node(
            "hello-pro",
            "send_email",
            {"from": "sender@example.com", "subject": "Hi {{first_name}}, pro!", "text": "Thanks"},
        ),
        _node("pause", "wait", {"minutes": 60}),
        _node(
            "hello",
            "send_email",
            {"from": "sender@example.com", "subject": "Welcome {{email}}", "text": "Hi"},
        ),
    ]
    edges: list[WorkflowEdgeParams] = [
        {"from_public_id": "start", "to_public_id": "pro"},
        {"from_public_id": "pro", "to_public_id": "hello-pro", "branch": "match"},
        {"from_public_id": "pro", "to_public_id": "pause", "branch": "no_match"},
        {"from_public_id": "pause", "to_public_id": "hello"},
    ]
    if receiver_url:
        nodes.append(_node("notify", "webhook", {"url": receiver_url}))
        edges.append({"from_public_id": "hello", "to_public_id": "notify"})
    return {"nodes": nodes, "edges": edges}


def test_crud_graph_and_validation(ps: PostStack) -> None:
    created = ps.workflows.create({"name": "Onboarding", "trigger_type": "manual"})["workflow"]
    workflow_id = created["publicId"]
    assert workflow_id.startswith("wf_")
    assert (created["status"], created["triggerType"]) == ("draft", "manual")
    assert ps.workflows.get_graph(workflow_id) == {"graph": {"nodes": [], "edges": []}}
    invalid = ps.workflows.validate_graph(workflow_id)
    assert invalid["valid"] is False
    assert invalid["errors"] == ["the graph needs exactly one trigger node (found 0)"]
    with pytest.raises(PostStackError) as refused:
        ps.workflows.activate(workflow_id)
    assert refused.value.status_code == 422

    broken: PutWorkflowGraphParams = {
        "nodes": [
            {"public_id": "t", "type": "trigger", "config": {}, "canvas_x": 0, "canvas_y": 0},
            {
                "public_id": "a",
                "type": "send_email",
                "config": {"subject": "x"},
                "canvas_x": 0,
                "canvas_y": 0,
            },
            {
                "public_id": "b",
                "type": "wait",
                "config": {"minutes": 0},
                "canvas_x": 0,
                "canvas_y": 0,
            },
            {
                "public_id": "lost",
                "type": "webhook",
                "config": {"url": "ftp://x"},
                "canvas_x": 0,
                "canvas_y": 0,
            },
        ],
        "edges": [
            {"from_public_id": "t", "to_public_id": "a"},
            {"from_public_id": "a", "to_public_id": "b"},
            {"from_public_id": "b", "to_public_id": "a"},
        ],
    }
    ps.workflows.put_graph(workflow_id, broken)
    errors = ps.workflows.validate_graph(workflow_id)["errors"]
    assert "node a (send_email): 'from' is required" in errors
    assert "node b (wait): 'minutes' must be a positive integer" in errors
    assert "node lost (webhook): 'url' must be an http or https URL" in errors
    assert "node lost: not reachable from the trigger" in errors
    assert "the graph has a cycle" in errors
    malformed_graph = {  # a node with no id, an edge to nowhere: the point of the test
        "nodes": [{"type": "trigger"}],
        "edges": [{"from_public_id": "nope", "to_public_id": "x"}],
    }
    with pytest.raises(PostStackError) as malformed:
        ps.workflows.put_graph(workflow_id, malformed_graph)  # type: ignore[arg-type]  # above
    assert malformed.value.status_code == 400

    stored = ps.workflows.put_graph(workflow_id, _graph())["graph"]
    assert [n["public_id"] for n in stored["nodes"]] == [
        "start",
        "pro",
        "hello-pro",
        "pause",
        "hello",
    ]
    assert stored["edges"][1]["branch"] == "match"
    assert ps.workflows.validate_graph(workflow_id) == {"valid": True}
    assert ps.workflows.activate(workflow_id)["workflow"]["status"] == "active"
    assert ps.workflows.pause(workflow_id)["workflow"]["status"] == "paused"
    renamed = ps.workflows.update(workflow_id, {"name": "Welcome", "trigger_config": None})
    assert renamed["workflow"]["name"] == "Welcome"
    assert [w["name"] for w in ps.workflows.list()["data"]] == ["Welcome"]
    assert ps.workflows.delete(workflow_id) == {"success": True}
    with pytest.raises(PostStackError) as gone:
        ps.workflows.get(workflow_id)
    assert gone.value.status_code == 404


def _until(check: Any, what: str) -> None:
    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_manual_trigger_runs_the_graph(ps: PostStack, sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.configure(time_scale=1e-4)  # the 60-minute wait takes 0.36 s
    workflow_id = ps.workflows.create({"name": "W", "trigger_type": "manual"})["workflow"][
        "publicId"
    ]
    ps.workflows.put_graph(workflow_id, _graph(receiver.url))
    pro = ps.contacts.create(
        {"email": "ada@example.net", "first_name": "Ada", "properties": {"plan": "pro"}}
    )["contact"]
    free = ps.contacts.create({"email": "bob@example.net"})["contact"]
    with pytest.raises(PostStackError) as draft:
        ps.workflows.trigger(workflow_id, {"contact_id": pro["publicId"]})
    assert draft.value.status_code == 422
    ps.workflows.activate(workflow_id)
    run = ps.workflows.trigger(workflow_id, {"contact_id": pro["publicId"]})["run"]
    assert (run["status"], run["contactId"], run["nodesVisited"]) == ("completed", pro["id"], 3)
    assert run["currentNodeId"] == 3  # the internal id of node "hello-pro", the third
    assert run["completedAt"] is not None
    other = ps.workflows.trigger(workflow_id, {"contact_id": free["publicId"]})["run"]
    # Waiting at "pause" (node 4) after start, pro, pause.
    assert (other["status"], other["nodesVisited"], other["currentNodeId"]) == ("running", 3, 4)
    assert len(sandbox.emails()) == 1
    _until(lambda: len(sandbox.emails()) == 2, "the email after the wait")
    assert [(e["toAddresses"], e["subject"]) for e in sandbox.emails()] == [
        (["ada@example.net"], "Hi Ada, pro!"),
        (["bob@example.net"], "Welcome bob@example.net"),
    ]
    [posted] = receiver.wait_for(1)
    body = json.loads(posted.body)
    assert body["workflow_id"] == workflow_id
    assert body["contact"] == {"id": free["publicId"], "email": "bob@example.net"}
    with pytest.raises(PostStackError) as missing:
        ps.workflows.trigger(workflow_id, {"contact_id": "con_nobody"})
    assert missing.value.status_code == 404
    # Paused during a wait: the run stops there.
    ps.workflows.trigger(workflow_id, {"contact_id": free["publicId"]})
    ps.workflows.pause(workflow_id)
    time.sleep(0.6)
    assert len(sandbox.emails()) == 2


def test_event_triggers(ps: PostStack, sandbox: Sandbox) -> None:
    single: PutWorkflowGraphParams = {
        "nodes": [
            {"public_id": "t", "type": "trigger", "config": {}, "canvas_x": 0, "canvas_y": 0},
            {
                "public_id": "s",
                "type": "send_email",
                "config": {"from": "sender@example.com", "subject": "Event", "text": "x"},
                "canvas_x": 0,
                "canvas_y": 0,
            },
        ],
        "edges": [{"from_public_id": "t", "to_public_id": "s"}],
    }
    triggers: list[tuple[WorkflowTriggerType, dict[str, Any] | None]] = [
        ("contact.created", None),
        ("custom", {"event": "Upgraded"}),
    ]
    for trigger, config in triggers:
        body: CreateWorkflowParams = {"name": trigger, "trigger_type": trigger}
        if config:
            body["trigger_config"] = config
        workflow_id = ps.workflows.create(body)["workflow"]["publicId"]
        ps.workflows.put_graph(workflow_id, single)
        ps.workflows.activate(workflow_id)
    ps.contacts.create({"email": "new@example.net"})
    assert [e["toAddresses"] for e in sandbox.emails()] == [["new@example.net"]]
    assert ps.workflows.post_event({"event": "upgraded", "email": "new@example.net"}) == {
        "event": "upgraded",
        "matched": 0,
    }
    assert ps.workflows.post_event({"event": "Upgraded", "email": "NEW@example.net"}) == {
        "event": "Upgraded",
        "matched": 1,
    }
    assert len(sandbox.emails()) == 2
    with pytest.raises(PostStackError) as nobody:
        ps.workflows.post_event({"event": "Upgraded"})
    assert nobody.value.status_code == 400
