"""Typed shapes of the API keys resource (``ps.api_keys.*``).

Managing keys needs a ``full_access`` key. Keys are addressed by numeric ``id``; the
plaintext ``key`` appears only in the answers of ``create`` and ``rotate``. Unlike most
resources, key objects come back bare, not wrapped.
"""

from typing import Literal

from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "ApiKeyDict",
    "ApiKeyMode",
    "ApiKeyPermission",
    "CreateApiKeyParams",
    "ListApiKeysParams",
    "ListApiKeysResponse",
]

ApiKeyPermission = Literal["full_access", "sending_access"]
ApiKeyMode = Literal["live", "test"]


class CreateApiKeyParams(TypedDict, total=False):
    name: Required[str]
    permission: Required[ApiKeyPermission]
    #: Default ``"live"``; ``"test"`` makes an ``sk_test_`` key.
    mode: ApiKeyMode
    #: Restrict the key to one domain: ``dom_...`` or the numeric id.
    domain_id: str | int
    #: Must be ``True`` to mint a ``full_access`` key while authenticated with an API key.
    allow_full_access: bool


class ListApiKeysParams(TypedDict, total=False):
    """Accepted for compatibility; the keys list is not paginated and ignores them."""

    page: int
    per_page: int


class ApiKeyDict(TypedDict):
    id: int
    name: str
    keyPrefix: str
    permission: ApiKeyPermission
    mode: ApiKeyMode
    domainId: int | None
    lastUsedAt: NotRequired[str | None]
    expiresAt: NotRequired[str | None]
    createdAt: str
    #: The plaintext key: only in the answers of ``create`` and ``rotate``.
    key: NotRequired[str]


class ListApiKeysResponse(TypedDict):
    keys: list[ApiKeyDict]
