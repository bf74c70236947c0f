# Generated from poststack/_async/templates.py by scripts/unasync.py; do not edit by hand.
"""``ps.templates``: reusable email content with ``{{variable}}`` placeholders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.emails import TemplateVariables
from ..types.templates import (
    CreateTemplateParams,
    ListTemplatesParams,
    ListTemplatesResponse,
    RenderTemplateResponse,
    TemplateDict,
    TemplatePresetsResponse,
    TemplateResponse,
    UpdateTemplateParams,
)
from ._resource import Resource

__all__ = ["Templates"]

_CREATE = endpoint("templates.create")
_LIST = endpoint("templates.list")
_GET = endpoint("templates.get")
_UPDATE = endpoint("templates.update")
_DELETE = endpoint("templates.delete")
_PUBLISH = endpoint("templates.publish")
_UNPUBLISH = endpoint("templates.unpublish")
_DUPLICATE = endpoint("templates.duplicate")
_GET_PRESETS = endpoint("templates.get_presets")
_USE_PRESET = endpoint("templates.use_preset")
_RENDER = endpoint("templates.render")


class Templates(Resource):
    """Templates (``tpl_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def create(
        self,
        input: CreateTemplateParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Create an unpublished template."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TemplateResponse, result)

    def list(
        self,
        params: ListTemplatesParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListTemplatesResponse:
        """One page of templates: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListTemplatesResponse, result)

    def iterate(
        self,
        params: ListTemplatesParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[TemplateDict]:
        """Every template matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many templates.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(TemplateDict, item)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> TemplateResponse:
        """One template with its bodies."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(TemplateResponse, result)

    def update(
        self,
        id: str,
        input: UpdateTemplateParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Edit the template; a published one gets a new version."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(TemplateResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the template."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def publish(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Make the template usable by sends (``template_id``)."""
        result = self._call(
            _PUBLISH,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TemplateResponse, result)

    def unpublish(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Withdraw the template; sends naming it are refused until it is published again."""
        result = self._call(
            _UNPUBLISH,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TemplateResponse, result)

    def duplicate(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Copy the template into a new, unpublished one."""
        result = self._call(
            _DUPLICATE,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TemplateResponse, result)

    def get_presets(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> TemplatePresetsResponse:
        """The ready-made templates a team can start from: ``{"data": [...]}``."""
        result = self._call(_GET_PRESETS, timeout=timeout, max_retries=max_retries)
        return cast(TemplatePresetsResponse, result)

    def use_preset(
        self,
        preset_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> TemplateResponse:
        """Create a template from a preset (such as ``"welcome"``)."""
        result = self._call(
            _USE_PRESET,
            path_params={"preset_id": preset_id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(TemplateResponse, result)

    def render(
        self,
        id: str,
        variables: TemplateVariables | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> RenderTemplateResponse:
        """The template with ``variables`` filled in, and which ones were missing."""
        result = self._call(
            _RENDER,
            path_params={"id": id},
            body={} if variables is None else {"variables": variables},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(RenderTemplateResponse, result)
