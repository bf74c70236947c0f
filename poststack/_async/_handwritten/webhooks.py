"""Hand-written methods of ``ps.webhooks``; the generated `AsyncWebhooks` extends this class."""

from __future__ import annotations

from collections.abc import Sequence

from poststack_proto import verify_signature

from .._resource import AsyncResource

__all__ = ["AsyncWebhooksHandwritten"]


class AsyncWebhooksHandwritten(AsyncResource):
    """The hand-written part of ``ps.webhooks``: signature checks, which call nothing."""

    __slots__ = ()

    @staticmethod
    def verify(
        payload: str | bytes, signature_header: str | None, secret: str | Sequence[str]
    ) -> bool:
        """Whether ``signature_header`` (``X-PostStack-Signature``) signs ``payload``.

        Pass the raw body exactly as received. Never raises: a missing or malformed header
        is ``False``. Same as `poststack.verify_signature`.
        """
        return verify_signature(payload, signature_header, secret)
