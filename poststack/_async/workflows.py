"""``ps.workflows``: automations that run a graph of steps for each contact."""

from __future__ import annotations

from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.workflows import (
    CreateWorkflowParams,
    ListWorkflowsResponse,
    PostWorkflowEventParams,
    PostWorkflowEventResponse,
    PutWorkflowGraphParams,
    TriggerWorkflowParams,
    TriggerWorkflowResponse,
    UpdateWorkflowParams,
    ValidateWorkflowResponse,
    WorkflowGraphResponse,
    WorkflowResponse,
)
from ._resource import AsyncResource

__all__ = ["AsyncWorkflows"]

_LIST = endpoint("workflows.list")
_CREATE = endpoint("workflows.create")
_GET = endpoint("workflows.get")
_UPDATE = endpoint("workflows.update")
_DELETE = endpoint("workflows.delete")
_GET_GRAPH = endpoint("workflows.get_graph")
_PUT_GRAPH = endpoint("workflows.put_graph")
_VALIDATE_GRAPH = endpoint("workflows.validate_graph")
_ACTIVATE = endpoint("workflows.activate")
_PAUSE = endpoint("workflows.pause")
_TRIGGER = endpoint("workflows.trigger")
_POST_EVENT = endpoint("workflows.post_event")


class AsyncWorkflows(AsyncResource):
    """Workflows (``wf_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def list(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ListWorkflowsResponse:
        """Every workflow: ``{"data": [...]}`` (not paginated)."""
        result = await self._call(_LIST, timeout=timeout, max_retries=max_retries)
        return cast(ListWorkflowsResponse, result)

    async def create(
        self,
        input: CreateWorkflowParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WorkflowResponse:
        """Create a draft workflow; give it a graph, then activate it."""
        result = await self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WorkflowResponse, result)

    async def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> WorkflowResponse:
        """One workflow: ``{"workflow": {...}}``."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(WorkflowResponse, result)

    async def update(
        self,
        id: str,
        input: UpdateWorkflowParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WorkflowResponse:
        """Rename the workflow or change its trigger."""
        result = await self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(WorkflowResponse, result)

    async def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the workflow."""
        result = await self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    async def get_graph(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> WorkflowGraphResponse:
        """The workflow's nodes and edges."""
        result = await self._call(
            _GET_GRAPH, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(WorkflowGraphResponse, result)

    async def put_graph(
        self,
        id: str,
        input: PutWorkflowGraphParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WorkflowGraphResponse:
        """Replace the workflow's whole graph."""
        result = await self._call(
            _PUT_GRAPH, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(WorkflowGraphResponse, result)

    async def validate_graph(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ValidateWorkflowResponse:
        """Check the stored graph; ``{"valid": False, "errors": [...]}`` says what is wrong."""
        result = await self._call(
            _VALIDATE_GRAPH, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(ValidateWorkflowResponse, result)

    async def activate(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WorkflowResponse:
        """Start running the workflow for new triggers."""
        result = await self._call(
            _ACTIVATE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WorkflowResponse, result)

    async def pause(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WorkflowResponse:
        """Stop starting new runs."""
        result = await self._call(
            _PAUSE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WorkflowResponse, result)

    async def trigger(
        self,
        id: str,
        input: TriggerWorkflowParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TriggerWorkflowResponse:
        """Run an active ``manual`` workflow for one contact (422 otherwise)."""
        result = await self._call(
            _TRIGGER,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TriggerWorkflowResponse, result)

    async def post_event(
        self,
        input: PostWorkflowEventParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> PostWorkflowEventResponse:
        """Report a custom event for a contact; ``custom`` workflows listening for it start."""
        result = await self._call(
            _POST_EVENT,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(PostWorkflowEventResponse, result)
