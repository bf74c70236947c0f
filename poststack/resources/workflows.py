"""The official module ``poststack.resources.workflows``.

Its two names are the classes of ``ps.workflows``, sync and async.
"""

from __future__ import annotations

from .._async.workflows import AsyncWorkflows as AsyncWorkflowsResource
from .._sync.workflows import Workflows as WorkflowsResource

__all__ = ["WorkflowsResource", "AsyncWorkflowsResource"]
