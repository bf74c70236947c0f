"""``POST /email-validations`` and ``/email-validations/batch``: deterministic address checks.

The service looks addresses up for real; the sandbox never touches the network, so its verdicts
follow fixed rules that tests can rely on:

* ``syntax``: one ``local@domain`` address (no display name), as the send path accepts;
* ``mx``: false for names that cannot receive mail by definition (RFC 2606 / RFC 6761):
  ``*.invalid``, ``*.test``, ``*.localhost``, ``*.example`` and ``example.com`` / ``.net`` /
  ``.org`` (which publish a null MX); true otherwise;
* ``disposable``: the domain is in :data:`DISPOSABLE`;
* ``role``: the local part (before any ``+tag``) is in :data:`ROLES`;
* ``free``: the domain is in :data:`FREE`.

Verdict: bad syntax or no MX → ``undeliverable`` (risk ``high``); disposable → ``risky``
(``high``); role → ``risky`` (``medium``); otherwise ``deliverable`` (``low``). The sandbox never
answers ``unknown``.
"""

from __future__ import annotations

from typing import Any, cast

from aiohttp import web

from ._errors import ApiError, json_response
from ._http import read_object
from ._util import parse_address

__all__ = ["DISPOSABLE", "FREE", "ROLES", "routes", "validate"]

MAX_BATCH = 100
DISPOSABLE = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
        "throwawaymail.com",
        "maildrop.cc",
    }
)
FREE = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.com",
        "yandex.com",
        "zoho.com",
    }
)
ROLES = frozenset(
    {
        "admin",
        "administrator",
        "info",
        "support",
        "sales",
        "contact",
        "help",
        "noreply",
        "no-reply",
        "postmaster",
        "abuse",
        "webmaster",
        "billing",
        "office",
        "team",
        "hello",
        "marketing",
        "jobs",
        "security",
    }
)
_NO_MX_SUFFIXES = (".invalid", ".test", ".localhost", ".example")
_NO_MX = frozenset({"example.com", "example.net", "example.org"})


def validate(email: str) -> dict[str, Any]:
    """The verdict for one address (see the module docstring for the rules)."""
    parsed = parse_address(email)
    syntax = parsed is not None and parsed[0] is None and "<" not in email
    local, _, domain = email.strip().lower().rpartition("@")
    mx = syntax and not domain.endswith(_NO_MX_SUFFIXES) and domain not in _NO_MX
    disposable = syntax and domain in DISPOSABLE
    role = syntax and local.split("+", 1)[0] in ROLES
    free = syntax and domain in FREE
    if not syntax or not mx:
        result, risk = "undeliverable", "high"
    elif disposable:
        result, risk = "risky", "high"
    elif role:
        result, risk = "risky", "medium"
    else:
        result, risk = "deliverable", "low"
    return {
        "email": email,
        "result": result,
        "checks": {
            "syntax": syntax,
            "mx": mx,
            "disposable": disposable,
            "role": role,
            "free": free,
        },
        "risk": risk,
    }


async def handle_validate(request: web.Request) -> web.Response:
    payload = await read_object(request)
    email = payload.get("email")
    if not isinstance(email, str) or not email.strip():
        raise ApiError(400, "'email' is required (a string)")
    return json_response(validate(email))


async def handle_batch(request: web.Request) -> web.Response:
    payload = await read_object(request)
    emails = payload.get("emails")
    if not isinstance(emails, list) or not emails:
        raise ApiError(400, "'emails' is required (an array of 1 to 100 strings)")
    items = cast("list[object]", emails)
    if len(items) > MAX_BATCH:
        raise ApiError(422, f"Batch size exceeds limit: {len(items)} emails, at most {MAX_BATCH}")
    if not all(isinstance(e, str) for e in items):
        raise ApiError(400, "'emails' must contain only strings")
    return json_response({"results": [validate(cast("str", e)) for e in items]})


def routes() -> list[web.RouteDef]:
    return [
        web.post("/email-validations", handle_validate),
        web.post("/email-validations/batch", handle_batch),
    ]
