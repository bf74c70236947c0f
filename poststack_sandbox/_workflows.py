"""``/workflows``: automation graphs, their validation, triggers and runs.

A workflow has a graph of nodes (``trigger``, ``send_email``, ``wait``, ``condition``,
``webhook``) and edges (``branch`` ``match``/``no_match`` out of a condition). A valid graph has
exactly one trigger, no edge into it, every node reachable from it, no cycle, condition nodes
with at most one ``match`` and one ``no_match`` edge, other nodes with at most one unbranched
edge out, and complete node configs:

* ``send_email``: ``from`` and either ``template_id`` or ``subject`` with ``html``/``text``
  (``{{first_name}}``, ``{{last_name}}``, ``{{email}}`` are filled from the contact);
* ``wait``: ``minutes`` (a positive integer);
* ``condition``: ``field``, ``comparator``, ``value`` as in segment rules;
* ``webhook``: ``url`` (http or https).

A run walks the graph for one contact: emails go through the normal send path, a
condition picks its branch with the segment rule engine, a webhook node POSTs
``{"workflow_id", "run_id", "contact"}`` to its URL in the background. A ``wait`` node waits
for real at the sandbox's ``time_scale`` (0.001 by default: 60 minutes take 3.6 s); meanwhile
the run is ``running`` at that node, and it ends ``stopped`` if the workflow is paused before
the wait is over. A run whose send is refused ends ``failed``. Active workflows start runs on
their trigger: ``manual`` (``POST …/trigger``), ``contact.created``, ``contact.subscribed``
(optionally only for ``trigger_config.topic_id``) and ``custom`` (``POST /workflows/events``
with ``trigger_config.event``, matched case-sensitively).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from aiohttp import web

from ._auth import Caller
from ._emails import send_one
from ._errors import ApiError, json_response
from ._events import HOOKS
from ._http import caller_of, read_object, required_str, state_of
from ._segments import check_rules, matches
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, new_public_id, now

__all__ = ["NODE_TYPES", "TRIGGERS", "routes", "validate_graph"]

TRIGGERS = ("contact.created", "contact.subscribed", "custom", "manual")
NODE_TYPES = ("trigger", "send_email", "wait", "condition", "webhook")
# Runs started by account events (not by a request) send as a test-mode key would.
_SYSTEM = Caller(key="sk_test_workflows", permission="full_access")


def _find(state: SandboxState, public_id: str) -> Document:
    workflow = state.store.get_by_key("workflows", public_id)
    if workflow is None:
        raise ApiError(404, f"Workflow {public_id} not found")
    return workflow


def _public(workflow: Document) -> Document:
    return {k: v for k, v in workflow.items() if not k.startswith("_")}


def _trigger(payload: dict[str, Any], workflow: Document) -> None:
    if "trigger_type" in payload:
        if payload["trigger_type"] not in TRIGGERS:
            raise ApiError(400, f"'trigger_type' must be one of {', '.join(TRIGGERS)}")
        workflow["triggerType"] = payload["trigger_type"]
    if "trigger_config" in payload:
        config = payload["trigger_config"]
        if config is not None and not isinstance(config, dict):
            raise ApiError(400, "'trigger_config' must be an object or null")
        workflow["triggerConfig"] = config


async def handle_list(request: web.Request) -> web.Response:
    items = [_public(w) for w in state_of(request).store.all("workflows")]
    return json_response({"data": items})


async def handle_create(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    if payload.get("trigger_type") is None:
        raise ApiError(400, f"'trigger_type' is required ({', '.join(TRIGGERS)})")
    moment = format_ts(now())
    public_id = new_public_id("wf")
    workflow: Document = {
        "id": 0,
        "publicId": public_id,
        "name": required_str(payload, "name"),
        "triggerType": "manual",
        "triggerConfig": None,
        "status": "draft",
        "createdAt": moment,
        "updatedAt": moment,
        "_graph": {"nodes": [], "edges": []},
    }
    _trigger(payload, workflow)
    state.store.insert("workflows", workflow, key=public_id)
    return json_response({"workflow": _public(workflow)}, status=201)


async def handle_get(request: web.Request) -> web.Response:
    return json_response({"workflow": _public(_find(state_of(request), request.match_info["id"]))})


async def handle_update(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    with state.store.transaction():
        workflow = _find(state, request.match_info["id"])
        if "name" in payload:
            workflow["name"] = required_str(payload, "name")
        _trigger(payload, workflow)
        workflow["updatedAt"] = format_ts(now())
        state.store.update("workflows", workflow)
    return json_response({"workflow": _public(workflow)})


async def handle_delete(request: web.Request) -> web.Response:
    state = state_of(request)
    workflow = _find(state, request.match_info["id"])
    state.store.delete("workflows", workflow["id"])
    return json_response({"success": True})


def _graph_public(graph: dict[str, Any]) -> dict[str, Any]:
    nodes = [{k: v for k, v in n.items() if k != "_id"} for n in graph["nodes"]]
    return {"nodes": nodes, "edges": graph["edges"]}


async def handle_get_graph(request: web.Request) -> web.Response:
    workflow = _find(state_of(request), request.match_info["id"])
    return json_response({"graph": _graph_public(workflow["_graph"])})


def _check_graph(payload: dict[str, Any]) -> dict[str, Any]:
    """The shape of a graph (400 for malformed input); its logic is :func:`validate_graph`'s."""
    nodes_raw, edges_raw = payload.get("nodes"), payload.get("edges", [])
    if not isinstance(nodes_raw, list) or not isinstance(edges_raw, list):
        raise ApiError(400, "'nodes' and 'edges' must be arrays")
    nodes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(cast("list[object]", nodes_raw)):
        where = f"nodes[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{where}' must be an object")
        node = cast("dict[str, Any]", raw)
        public_id = node.get("public_id") or new_public_id("wfn")
        if not isinstance(public_id, str) or public_id in seen:
            raise ApiError(400, f"'{where}.public_id' must be a unique string")
        seen.add(public_id)
        if node.get("type") not in NODE_TYPES:
            raise ApiError(400, f"'{where}.type' must be one of {', '.join(NODE_TYPES)}")
        config: object = node.get("config") or {}
        if not isinstance(config, dict):
            raise ApiError(400, f"'{where}.config' must be an object")
        for axis in ("canvas_x", "canvas_y"):
            value = node.get(axis, 0)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ApiError(400, f"'{where}.{axis}' must be a number")
        nodes.append(
            {
                "_id": index + 1,
                "public_id": public_id,
                "type": node["type"],
                "config": config,
                "canvas_x": node.get("canvas_x", 0),
                "canvas_y": node.get("canvas_y", 0),
            }
        )
    edges: list[dict[str, Any]] = []
    for index, raw in enumerate(cast("list[object]", edges_raw)):
        where = f"edges[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"'{where}' must be an object")
        edge = cast("dict[str, Any]", raw)
        for end in ("from_public_id", "to_public_id"):
            if edge.get(end) not in seen:
                raise ApiError(400, f"'{where}.{end}' must name a node of this graph")
        branch = edge.get("branch")
        if branch not in (None, "match", "no_match"):
            raise ApiError(400, f"'{where}.branch' must be match, no_match or null")
        edges.append(
            {
                "from_public_id": edge["from_public_id"],
                "to_public_id": edge["to_public_id"],
                "branch": branch,
            }
        )
    return {"nodes": nodes, "edges": edges}


def _config_errors(node: dict[str, Any]) -> list[str]:
    config: dict[str, Any] = node["config"]
    name = f"node {node['public_id']} ({node['type']})"
    kind = node["type"]
    if kind == "send_email":
        problems: list[str] = []
        if not isinstance(config.get("from"), str):
            problems.append(f"{name}: 'from' is required")
        if not config.get("template_id") and not (
            config.get("subject") and (config.get("html") or config.get("text"))
        ):
            problems.append(f"{name}: needs 'template_id', or 'subject' with 'html' or 'text'")
        return problems
    if kind == "wait":
        minutes = config.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
            return [f"{name}: 'minutes' must be a positive integer"]
    if kind == "condition":
        try:
            check_rules({"operator": "and", "conditions": [config]}, "config")
        except ApiError as error:
            return [f"{name}: {error.message}"]
    if kind == "webhook":
        url = config.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            return [f"{name}: 'url' must be an http or https URL"]
    return []


def validate_graph(graph: dict[str, Any]) -> list[str]:
    """Every problem that keeps the graph from running; empty when it is valid."""
    nodes: dict[str, dict[str, Any]] = {n["public_id"]: n for n in graph["nodes"]}
    edges: list[dict[str, Any]] = graph["edges"]
    errors: list[str] = []
    triggers = [n for n in nodes.values() if n["type"] == "trigger"]
    if len(triggers) != 1:
        errors.append(f"the graph needs exactly one trigger node (found {len(triggers)})")
    outgoing: dict[str, list[dict[str, Any]]] = {key: [] for key in nodes}
    for edge in edges:
        outgoing[edge["from_public_id"]].append(edge)
        if nodes[edge["to_public_id"]]["type"] == "trigger":
            errors.append(f"node {edge['to_public_id']}: nothing may lead into the trigger")
    for key, node in nodes.items():
        branches = [e["branch"] for e in outgoing[key]]
        if node["type"] == "condition":
            if sorted(b or "" for b in branches) not in (
                [],
                ["match"],
                ["no_match"],
                ["match", "no_match"],
            ):
                errors.append(
                    f"node {key}: a condition leads out by at most one 'match' and "
                    "one 'no_match' edge"
                )
        elif branches and (len(branches) > 1 or branches[0] is not None):
            errors.append(f"node {key}: leads out by at most one edge without a branch")
        errors.extend(_config_errors(node))
    if len(triggers) == 1:
        reached: set[str] = set()
        stack = [triggers[0]["public_id"]]
        while stack:
            key = stack.pop()
            if key not in reached:
                reached.add(key)
                stack.extend(e["to_public_id"] for e in outgoing[key])
        errors.extend(
            f"node {key}: not reachable from the trigger" for key in nodes if key not in reached
        )
    if _has_cycle(nodes, outgoing):
        errors.append("the graph has a cycle")
    return errors


def _has_cycle(nodes: dict[str, Any], outgoing: dict[str, list[dict[str, Any]]]) -> bool:
    state: dict[str, int] = dict.fromkeys(nodes, 0)  # 0 new, 1 on the path, 2 done

    def visit(key: str) -> bool:
        state[key] = 1
        for edge in outgoing[key]:
            nxt = edge["to_public_id"]
            if state[nxt] == 1 or (state[nxt] == 0 and visit(nxt)):
                return True
        state[key] = 2
        return False

    return any(state[key] == 0 and visit(key) for key in nodes)


async def handle_put_graph(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    graph = _check_graph(payload)
    with state.store.transaction():
        workflow = _find(state, request.match_info["id"])
        workflow["_graph"] = graph
        workflow["updatedAt"] = format_ts(now())
        state.store.update("workflows", workflow)
    return json_response({"graph": _graph_public(graph)})


async def handle_validate(request: web.Request) -> web.Response:
    workflow = _find(state_of(request), request.match_info["id"])
    errors = validate_graph(workflow["_graph"])
    return json_response({"valid": True} if not errors else {"valid": False, "errors": errors})


def _set_status(state: SandboxState, public_id: str, status: str) -> Document:
    with state.store.transaction():
        workflow = _find(state, public_id)
        if status == "active":
            errors = validate_graph(workflow["_graph"])
            if errors:
                raise ApiError(422, "Workflow graph is invalid: " + "; ".join(errors))
        elif workflow["status"] != "active":
            raise ApiError(422, f"Workflow {public_id} is {workflow['status']}, not active")
        workflow["status"] = status
        workflow["updatedAt"] = format_ts(now())
        state.store.update("workflows", workflow)
    return workflow


async def handle_activate(request: web.Request) -> web.Response:
    workflow = _set_status(state_of(request), request.match_info["id"], "active")
    return json_response({"workflow": _public(workflow)})


async def handle_pause(request: web.Request) -> web.Response:
    workflow = _set_status(state_of(request), request.match_info["id"], "paused")
    return json_response({"workflow": _public(workflow)})


def _fill(text: object, contact: Document) -> object:
    if not isinstance(text, str):
        return text
    values = {
        "first_name": contact.get("firstName") or "",
        "last_name": contact.get("lastName") or "",
        "email": contact["email"],
    }
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value).replace("{{ " + name + " }}", value)
    return text


def run_workflow(
    state: SandboxState, workflow: Document, contact: Document, caller: Caller | None = None
) -> Document:
    """Start a run for one contact and walk the graph as far as it goes now; returns the run."""
    graph = workflow["_graph"]
    run: Document = {
        "id": 0,
        "workflowId": workflow["id"],
        "contactId": contact["id"],
        "status": "running",
        "currentNodeId": None,
        "nodesVisited": 0,
        "startedAt": format_ts(now()),
        "completedAt": None,
    }
    state.store.insert("runs", run)
    trigger = next((n for n in graph["nodes"] if n["type"] == "trigger"), None)
    return _walk(state, workflow, contact, run, trigger, caller=caller)


def _walk(
    state: SandboxState,
    workflow: Document,
    contact: Document,
    run: Document,
    start: dict[str, Any] | None,
    *,
    caller: Caller | None,
) -> Document:
    """Visit nodes from ``start`` until the end, a failure, or a wait (which re-arms this)."""
    graph = workflow["_graph"]
    nodes: dict[str, dict[str, Any]] = {n["public_id"]: n for n in graph["nodes"]}
    current = start
    steps = 0
    while current is not None and steps <= len(nodes):
        steps += 1
        # The node's internal id (a number), as the service reports it.
        run["currentNodeId"] = current.get("_id")
        run["nodesVisited"] += 1
        config: dict[str, Any] = current["config"]
        branch: str | None = None
        if current["type"] == "send_email":
            payload = {
                "from": config.get("from"),
                "to": [contact["email"]],
                "subject": _fill(config.get("subject"), contact),
                "html": _fill(config.get("html"), contact),
                "text": _fill(config.get("text"), contact),
                "template_id": config.get("template_id"),
                "variables": {
                    "first_name": contact.get("firstName") or "",
                    "last_name": contact.get("lastName") or "",
                    "email": contact["email"],
                },
            }
            try:
                send_one(
                    state,
                    caller or _SYSTEM,
                    {k: v for k, v in payload.items() if v is not None},
                    header_key=None,
                    extra={"_workflowRunId": run["id"]},
                )
            except ApiError as error:
                run.update(status="failed", completedAt=format_ts(now()))
                run["error"] = error.message
                state.store.update("runs", run)
                return run
        elif current["type"] == "condition":
            emails = state.store.all("emails")
            rules = {
                "operator": "and",
                "conditions": [
                    check_rules({"operator": "and", "conditions": [config]}, "config")[
                        "conditions"
                    ][0]
                ],
            }
            branch = "match" if matches(contact, rules, emails) else "no_match"
        elif current["type"] == "webhook" and state.webhooks is not None:
            state.webhooks.post_json(
                str(config["url"]),
                {
                    "workflow_id": workflow["publicId"],
                    "run_id": run["id"],
                    "contact": {"id": contact["publicId"], "email": contact["email"]},
                },
            )
        edges = [e for e in graph["edges"] if e["from_public_id"] == current["public_id"]]
        nxt = next((e for e in edges if e["branch"] == branch), None)
        following = nodes.get(nxt["to_public_id"]) if nxt else None
        if current["type"] == "wait" and following is not None and state.loop is not None:
            # Waits for real, at the sandbox's time scale (60 minutes -> 3.6 s by default).
            delay = float(config["minutes"]) * 60.0 * state.settings.time_scale
            state.store.update("runs", run)
            resume = _Resume(workflow["id"], contact["id"], run["id"], following["public_id"])
            state.jobs[f"run:{run['id']}"] = state.loop.call_later(
                delay, _resume, state, resume, caller
            )
            return run
        current = following
    run.update(status="completed", completedAt=format_ts(now()))
    state.store.update("runs", run)
    return run


@dataclass(frozen=True)
class _Resume:
    """Where a waiting run carries on."""

    workflow_id: int
    contact_id: int
    run_id: int
    node_id: str


def _resume(state: SandboxState, at: _Resume, caller: Caller | None) -> None:
    """A wait is over: carry on from the node after it (unless the run is gone)."""
    state.jobs.pop(f"run:{at.run_id}", None)
    workflow = state.store.get("workflows", at.workflow_id)
    contact = state.store.get("contacts", at.contact_id)
    run = state.store.get("runs", at.run_id)
    if workflow is None or contact is None or run is None or run["status"] != "running":
        return
    if workflow["status"] != "active":
        run.update(status="stopped", completedAt=format_ts(now()))
        state.store.update("runs", run)
        return
    node = next((n for n in workflow["_graph"]["nodes"] if n["public_id"] == at.node_id), None)
    _walk(state, workflow, contact, run, node, caller=caller)
    state.notify()


def _contact(state: SandboxState, contact_id: object = None, email: object = None) -> Document:
    for contact in state.store.all("contacts"):
        if (isinstance(contact_id, str) and contact["publicId"] == contact_id) or (
            isinstance(email, str) and contact["email"] == email.strip().lower()
        ):
            return contact
    raise ApiError(404, f"Contact {contact_id or email} not found")


async def handle_trigger(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    contact_id = payload.get("contact_id")
    if not isinstance(contact_id, str) or not contact_id.startswith("con_"):
        raise ApiError(400, "'contact_id' is required (a con_… id)")
    workflow = _find(state, request.match_info["id"])
    if workflow["status"] != "active" or workflow["triggerType"] != "manual":
        raise ApiError(
            422,
            f"Workflow {workflow['publicId']} can be triggered only when active with a manual "
            f"trigger (it is {workflow['status']}, {workflow['triggerType']})",
        )
    run = run_workflow(state, workflow, _contact(state, contact_id), caller)
    return json_response({"run": _run_public(run)}, status=201)


def _run_public(run: Document) -> Document:
    return {k: v for k, v in run.items() if k != "error"}


async def handle_event(request: web.Request) -> web.Response:
    state, caller = state_of(request), caller_of(request)
    payload = await read_object(request)
    event = payload.get("event")
    if not isinstance(event, str) or not event:
        raise ApiError(400, "'event' is required (a string)")
    if payload.get("contact_id") is None and payload.get("email") is None:
        raise ApiError(400, "one of 'contact_id' or 'email' is required")
    contact = _contact(state, payload.get("contact_id"), payload.get("email"))
    matched = 0
    for workflow in state.store.all("workflows"):
        config: dict[str, Any] = workflow.get("triggerConfig") or {}
        if (
            workflow["status"] == "active"
            and workflow["triggerType"] == "custom"
            and config.get("event") == event
        ):
            run_workflow(state, workflow, contact, caller)
            matched += 1
    return json_response({"event": event, "matched": matched})


def _on_event(state: SandboxState, event_type: str, data: dict[str, Any]) -> None:
    """Start the runs that account events trigger (contact.created, contact.subscribed)."""
    if event_type not in ("contact.created", "contact.subscribed"):
        return
    contact = state.store.get_by_key("contacts", str(data.get("email", "")).lower())
    if contact is None:
        return
    for workflow in state.store.all("workflows"):
        config: dict[str, Any] = workflow.get("triggerConfig") or {}
        topic = config.get("topic_id")
        if (
            workflow["status"] == "active"
            and workflow["triggerType"] == event_type
            and (topic is None or topic == data.get("topic_id"))
        ):
            run_workflow(state, workflow, contact)


HOOKS.append(_on_event)


def routes() -> list[web.RouteDef]:
    return [
        web.post("/workflows/events", handle_event),
        web.get("/workflows", handle_list),
        web.post("/workflows", handle_create),
        web.get("/workflows/{id}", handle_get),
        web.patch("/workflows/{id}", handle_update),
        web.delete("/workflows/{id}", handle_delete),
        web.get("/workflows/{id}/graph", handle_get_graph),
        web.put("/workflows/{id}/graph", handle_put_graph),
        web.post("/workflows/{id}/validate", handle_validate),
        web.post("/workflows/{id}/activate", handle_activate),
        web.post("/workflows/{id}/pause", handle_pause),
        web.post("/workflows/{id}/trigger", handle_trigger),
    ]
