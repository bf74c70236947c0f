# Generated from poststack/_async/_handwritten/webhooks.py by scripts/unasync.py; do not edit by hand.
"""Hand-written methods of ``ps.webhooks``; the generated `Webhooks` extends this class."""

from __future__ import annotations

from collections.abc import Sequence

from poststack_proto import verify_signature

from .._resource import Resource

__all__ = ["WebhooksHandwritten"]


class WebhooksHandwritten(Resource):
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
