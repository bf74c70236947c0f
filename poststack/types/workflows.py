"""Typed shapes of the workflows resource: what ``ps.workflows.*`` takes and returns.

A workflow is a graph of nodes (trigger, send, wait, condition, webhook) run for one
contact at a time. Workflows are addressed by ``publicId`` (``wf_...``). Graph nodes and
edges are snake_case on the wire, both ways.
"""

from typing import Any, Literal

from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "CreateWorkflowParams",
    "ListWorkflowsResponse",
    "PostWorkflowEventParams",
    "PostWorkflowEventResponse",
    "PutWorkflowGraphParams",
    "TriggerWorkflowParams",
    "TriggerWorkflowResponse",
    "UpdateWorkflowParams",
    "ValidateWorkflowResponse",
    "WorkflowDict",
    "WorkflowEdge",
    "WorkflowEdgeParams",
    "WorkflowGraph",
    "WorkflowGraphResponse",
    "WorkflowNode",
    "WorkflowNodeType",
    "WorkflowResponse",
    "WorkflowRun",
    "WorkflowStatus",
    "WorkflowTriggerType",
]

WorkflowTriggerType = Literal["contact.created", "contact.subscribed", "custom", "manual"]
WorkflowStatus = Literal["draft", "active", "paused"]
WorkflowNodeType = Literal["trigger", "send_email", "wait", "condition", "webhook"]


class CreateWorkflowParams(TypedDict, total=False):
    name: Required[str]
    trigger_type: Required[WorkflowTriggerType]
    trigger_config: dict[str, Any]


class UpdateWorkflowParams(TypedDict, total=False):
    name: str
    trigger_type: WorkflowTriggerType
    trigger_config: dict[str, Any] | None


class WorkflowDict(TypedDict):
    id: int
    publicId: str
    name: str
    triggerType: WorkflowTriggerType
    triggerConfig: NotRequired[dict[str, Any] | None]
    status: WorkflowStatus
    createdAt: str
    updatedAt: str


class WorkflowResponse(TypedDict):
    workflow: WorkflowDict


class ListWorkflowsResponse(TypedDict):
    data: list[WorkflowDict]


class WorkflowNode(TypedDict):
    #: Chosen by the client; edges refer to it.
    public_id: str
    type: WorkflowNodeType
    config: dict[str, Any]
    canvas_x: float
    canvas_y: float


class WorkflowEdge(TypedDict):
    from_public_id: str
    to_public_id: str
    #: The branch of a ``condition`` node; ``None`` elsewhere.
    branch: Literal["match", "no_match"] | None


class WorkflowEdgeParams(TypedDict):
    from_public_id: str
    to_public_id: str
    branch: NotRequired[Literal["match", "no_match"] | None]


class WorkflowGraph(TypedDict):
    nodes: list[WorkflowNode]
    edges: list[WorkflowEdge]


class PutWorkflowGraphParams(TypedDict):
    """The whole graph; it replaces the stored one."""

    nodes: list[WorkflowNode]
    edges: list[WorkflowEdgeParams]


class WorkflowGraphResponse(TypedDict):
    graph: WorkflowGraph


class ValidateWorkflowResponse(TypedDict):
    valid: bool
    #: Present when ``valid`` is ``False``.
    errors: NotRequired[list[str]]


class TriggerWorkflowParams(TypedDict):
    #: ``con_...``.
    contact_id: str


class WorkflowRun(TypedDict):
    id: int
    workflowId: int
    contactId: int
    status: Literal["running", "completed", "failed", "stopped"]
    currentNodeId: int | None
    nodesVisited: int
    startedAt: str
    completedAt: str | None


class TriggerWorkflowResponse(TypedDict):
    run: WorkflowRun


class PostWorkflowEventParams(TypedDict, total=False):
    """A custom event (case-sensitive name) for one contact, by ``contact_id`` or ``email``."""

    event: Required[str]
    contact_id: str
    email: str


class PostWorkflowEventResponse(TypedDict):
    event: str
    #: How many workflows the event started.
    matched: int
