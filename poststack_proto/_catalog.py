"""Every PostStack API operation the SDK can call, declared once as data.

Names are ``"<resource>.<method>"`` exactly as users call them (``ps.emails.send``).
Adding an operation means adding one `Endpoint` here and one method in the resource
layer; the core needs nothing else. Only the send endpoints are ``deduplicated``: the
API honours ``Idempotency-Key`` there and nowhere else.
"""

from __future__ import annotations

from ._endpoints import Endpoint

__all__ = ["ENDPOINTS", "endpoint"]

_E = Endpoint

_DECLARED: tuple[Endpoint, ...] = (
    # Emails (reference §2)
    _E("emails.send", "POST", "/emails", deduplicated=True),
    _E("emails.batch", "POST", "/emails/batch", deduplicated=True),
    _E("emails.get", "GET", "/emails/{id}"),
    _E("emails.list", "GET", "/emails"),
    _E("emails.reschedule", "PATCH", "/emails/{id}"),
    _E("emails.cancel", "POST", "/emails/{id}/cancel"),
    _E("emails.get_events", "GET", "/emails/{id}/events"),
    _E("emails.get_insights", "GET", "/emails/{id}/insights"),
    _E("emails.preview", "POST", "/emails/preview"),
    _E("emails.spam_preview", "POST", "/emails/spam-preview"),
)

#: Every declared operation, by name.
ENDPOINTS: dict[str, Endpoint] = {e.name: e for e in _DECLARED}


def endpoint(name: str) -> Endpoint:
    """The operation called ``name``; `KeyError` naming it if none is declared."""
    try:
        return ENDPOINTS[name]
    except KeyError:
        raise KeyError(f"no PostStack operation named {name!r}") from None
