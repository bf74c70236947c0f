"""Typed shapes of the templates resource: what ``ps.templates.*`` takes and returns.

Templates are addressed by ``publicId`` (``tpl_...``) and use ``{{variable}}``
placeholders. A template must be published before a send can use it.
"""

from typing import Any, Literal

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "BuilderBlocks",
    "CreateTemplateParams",
    "ListTemplatesParams",
    "ListTemplatesResponse",
    "RenderTemplateResponse",
    "TemplateDict",
    "TemplatePresetDict",
    "TemplatePresetsResponse",
    "TemplateResponse",
    "UpdateTemplateParams",
]


class BuilderBlocks(TypedDict, total=False):
    """The visual builder's document (``builder_type="visual"``)."""

    blocks: Required[list[dict[str, Any]]]
    backgroundColor: str
    contentBackgroundColor: str
    contentWidth: int


class CreateTemplateParams(TypedDict, total=False):
    """The body of ``POST /templates``; the template starts unpublished."""

    name: Required[str]
    subject: Required[str]
    html: Required[str]
    text: str
    variables: list[str]
    builder_type: Literal["html", "visual"]
    builder_blocks: BuilderBlocks | None


class UpdateTemplateParams(TypedDict, total=False):
    """Editing a published template makes a new version."""

    name: str
    subject: str
    html: str
    text: str
    variables: list[str]
    builder_type: Literal["html", "visual"]
    builder_blocks: BuilderBlocks | None


class ListTemplatesParams(TypedDict, total=False):
    page: int
    per_page: int
    search: str
    published: bool


class TemplateDict(TypedDict):
    id: int
    publicId: str
    name: str
    subject: str
    htmlBody: NotRequired[str | None]
    textBody: NotRequired[str | None]
    variables: NotRequired[list[str]]
    published: bool
    version: int
    createdAt: str


class TemplateResponse(TypedDict):
    template: TemplateDict


class ListTemplatesResponse(TypedDict):
    data: list[TemplateDict]
    meta: PageMeta


class RenderTemplateResponse(TypedDict):
    """The template with ``variables`` substituted (snake_case keys, as the API sends)."""

    subject: str
    html: str | None
    text: str | None
    missing_variables: list[str]
    template_variables: list[str]


class TemplatePresetDict(TypedDict):
    #: A short name such as ``"welcome"``.
    id: str
    name: str
    subject: str
    html: str
    variables: list[str]


class TemplatePresetsResponse(TypedDict):
    data: list[TemplatePresetDict]
