"""The aiohttp application: middlewares, routing, the not-emulated fallback.

A request passes, outermost first:

1. ``_outer``: gives it a request id (sent back as ``X-Request-Id`` on every response, errors and
   scripted faults included), counts it, and turns :class:`ApiError` and stray exceptions into
   ``{"error", "code"}`` bodies;
2. ``_apply_faults``: consumes the next scripted outcome for ``METHOD path`` (never for the
   ``/_sandbox`` control API) and delays, answers, truncates or drops the connection;
3. ``_authenticate``: bearer key, permission and rate limit for API paths;
4. the route handler, or the fallback: 501 ``not_emulated`` under a known API prefix, else 404.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from http import HTTPStatus

from aiohttp import web

from . import (
    _api_keys,
    _broadcasts,
    _channels,
    _contacts,
    _control,
    _domain_extras,
    _domains,
    _emails,
    _forms,
    _inbound,
    _inbox,
    _mailboxes,
    _properties,
    _segments,
    _suppressions,
    _templates,
    _topics,
    _validations,
    _webhooks,
    _workflows,
)
from ._delivery import resume_pending
from ._errors import ApiError, error_response, json_response
from ._faults import Outcome
from ._http import CALLER, REQUEST_ID
from ._state import STATE, SandboxState
from ._util import new_request_id
from ._webhooks import WebhookDispatcher

__all__ = ["API_PREFIXES", "MAX_BODY_BYTES", "build_app"]

logger = logging.getLogger("poststack_sandbox")

# First path segments of the real API (reference sections 2-4); anything else is a plain 404.
API_PREFIXES = frozenset(
    {
        "emails",
        "domains",
        "contacts",
        "contact-properties",
        "segments",
        "templates",
        "webhooks",
        "broadcasts",
        "suppressions",
        "api-keys",
        "mailboxes",
        "webmail",
        "inbound",
        "subscription-topics",
        "workflows",
        "notification-channels",
        "signup-forms",
        "email-validations",
    }
)
# 25 MB of decoded attachments is about 33.4 MB of base64; leave room for the rest of the JSON.
MAX_BODY_BYTES = 48 * 1024 * 1024
# What a sending_access key may call: sends and reading email status.
_SENDING_ROUTES = frozenset(
    {
        ("POST", "/emails"),
        ("POST", "/emails/send"),
        ("POST", "/emails/batch"),
        ("GET", "/emails"),
        ("GET", "/emails/{email_id}"),
        ("GET", "/emails/{email_id}/events"),
        ("GET", "/emails/{email_id}/insights"),
    }
)

# Called without a key, as on the service (signup forms are posted from visitors' browsers).
_PUBLIC_ROUTES = frozenset({"/signup-forms/{id}/submit"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _is_control(path: str) -> bool:
    return path == "/_sandbox" or path.startswith("/_sandbox/")


def _is_inbox_page(path: str) -> bool:
    return path == "/" or path.startswith("/_sandbox/inbox/")


def _is_api(path: str) -> bool:
    return path.split("/", 2)[1] in API_PREFIXES


def _is_loopback(remote: str | None) -> bool:
    if remote is None:
        return False
    try:
        return ipaddress.ip_address(remote.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@web.middleware
async def _outer(request: web.Request, handler: Handler) -> web.StreamResponse:
    REQUEST_ID.set(new_request_id())
    CALLER.set(None)
    if not _is_control(request.path):
        request.app[STATE].count_request()
    try:
        if _is_control(request.path) and not _is_loopback(request.remote):
            raise ApiError(403, "The sandbox control API answers loopback clients only")
        return await handler(request)
    except ApiError as error:
        return error_response(error)
    except web.HTTPException as exc:
        # aiohttp's own refusals (e.g. a body over the size limit) in the API's error shape.
        return error_response(ApiError(exc.status, exc.reason))
    except ConnectionError:
        # The client went away mid-request (it gave up, timed out, or was killed): nobody is
        # left to answer, and it is no fault of the sandbox's worth a traceback.
        logger.debug("client closed the connection during %s %s", request.method, request.path)
        return error_response(ApiError(400, "The client closed the connection"))
    except Exception:
        logger.exception("unhandled error in %s %s", request.method, request.path)
        return error_response(ApiError(500, "Internal sandbox error", "internal_error"))


def _drop_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.close()


async def _handle(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        return error_response(error)


def _scripted(outcome: Outcome) -> web.Response:
    status: int = outcome["status"]
    headers: dict[str, str] = dict(outcome.get("headers", {}))
    if "raw" in outcome:
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        return web.Response(status=status, body=outcome["raw"].encode(), headers=headers)
    if "body" in outcome:
        response = json_response(outcome["body"], status=status)
    else:
        response = error_response(ApiError(status, _reason(status)))
    for name, value in headers.items():
        response.headers[name] = value
    return response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


async def _truncated(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    body = response.body if isinstance(response, web.Response) else None
    payload = body if isinstance(body, bytes) else b""
    stream = web.StreamResponse(status=response.status, reason=response.reason)
    for name, value in response.headers.items():
        if name.lower() != "content-length":
            stream.headers[name] = value
    # Promise the full length, deliver half, hang up: the client sees a short read.
    stream.content_length = len(payload)
    await stream.prepare(request)
    await stream.write(payload[: len(payload) // 2])
    _drop_connection(request)
    return stream


@web.middleware
async def _apply_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    if _is_control(request.path):
        return await handler(request)
    outcome = request.app[STATE].faults.take(request.method, request.path)
    if outcome is None:
        return await handler(request)
    if "delay" in outcome:
        await asyncio.sleep(outcome["delay"])
    close = outcome.get("close")
    if close == "before_read":
        # The body is never read and the handler never runs: the request has no effect.
        _drop_connection(request)
        return web.Response(status=204)  # never written: the transport is closed
    response = _scripted(outcome) if "status" in outcome else await _handle(request, handler)
    if close == "after_processing":
        # The request took full effect, but the client never learns the answer.
        _drop_connection(request)
        return response
    if outcome.get("truncate"):
        return await _truncated(request, response)
    return response


@web.middleware
async def _authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    if _is_control(request.path) or not _is_api(request.path):
        return await handler(request)
    state = request.app[STATE]
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else request.path
    if canonical in _PUBLIC_ROUTES:
        return await handler(request)
    caller = state.keyring.authenticate(request.headers.get("Authorization"))
    if caller.permission == "sending_access" and (request.method, canonical) not in _SENDING_ROUTES:
        raise ApiError(
            403,
            "API key does not have permission for this endpoint "
            f"({request.method} {request.path} needs a full_access key)",
            "forbidden",
        )
    limits = state.limiter.check(caller.key, state.settings.rate_limit_per_second)
    CALLER.set(caller)
    response = await handler(request)
    if limits is not None:
        response.headers["X-RateLimit-Limit"] = str(limits[0])
        response.headers["X-RateLimit-Remaining"] = str(limits[1])
        response.headers["X-RateLimit-Reset"] = "1"
    return response


async def _unrouted(request: web.Request) -> web.StreamResponse:
    if _is_api(request.path):
        raise ApiError(
            501,
            f"{request.method} {request.path} is not emulated by the PostStack sandbox",
            "not_emulated",
        )
    raise ApiError(404, f"No route for {request.method} {request.path}")


async def _stamp_request_id(request: web.Request, response: web.StreamResponse) -> None:
    # Taken once: a response aiohttp makes outside the middlewares (a malformed request) must
    # not repeat the id of the previous request on the same connection.
    request_id = REQUEST_ID.get()
    REQUEST_ID.set(None)
    request_id = request_id or new_request_id()
    response.headers["X-Request-Id"] = request_id
    log = request.app[STATE].request_log
    # The inbox page's own traffic (it refreshes on every change) would bury the API's.
    if log is not None and not _is_inbox_page(request.path):
        log(request.method, request.path, response.status, request_id)


def _lifecycle(state: SandboxState) -> Callable[[web.Application], AsyncIterator[None]]:
    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        state.loop = asyncio.get_running_loop()
        dispatcher = WebhookDispatcher(state)
        await dispatcher.start()
        state.webhooks = dispatcher
        dispatcher.resume()
        resume_pending(state)
        yield
        for handle in [*state.timers.values(), *state.jobs.values()]:
            handle.cancel()
        state.timers.clear()
        state.jobs.clear()
        state.webhooks = None
        await dispatcher.close()
        state.loop = None

    return lifecycle


def build_app(state: SandboxState) -> web.Application:
    """The application serving one sandbox's state."""
    app = web.Application(
        middlewares=[_outer, _apply_faults, _authenticate], client_max_size=MAX_BODY_BYTES
    )
    app[STATE] = state
    _api_keys.install(state)
    app.on_response_prepare.append(_stamp_request_id)
    app.cleanup_ctx.append(_lifecycle(state))
    app.on_shutdown.append(_inbox.close_streams)
    app.add_routes(_control.routes())
    app.add_routes(_inbox.routes())
    app.add_routes(_emails.routes())
    app.add_routes(_webhooks.routes())
    app.add_routes(_domains.routes())
    app.add_routes(_domain_extras.routes())
    app.add_routes(_api_keys.routes())
    app.add_routes(_suppressions.routes())
    app.add_routes(_contacts.routes())
    app.add_routes(_templates.routes())
    app.add_routes(_segments.routes())
    app.add_routes(_topics.routes())
    app.add_routes(_broadcasts.routes())
    app.add_routes(_validations.routes())
    app.add_routes(_inbound.routes())
    app.add_routes(_properties.routes())
    app.add_routes(_mailboxes.routes())
    app.add_routes(_workflows.routes())
    app.add_routes(_forms.routes())
    app.add_routes(_channels.routes())
    app.add_routes([web.route("*", "/{tail:.*}", _unrouted)])
    return app
