"""FastAPI (and any Starlette app): one `AsyncPostStack` for the app's lifetime, injected,
and a router receiving PostStack webhooks.

::

    app = FastAPI(lifespan=poststack_lifespan())
    app.include_router(webhook_router(on_event=handle))      # POST /poststack/webhooks

    @app.post("/signup")
    async def signup(ps: AsyncPostStack = Depends(get_poststack)):
        await ps.emails.send({...})

An app with a lifespan of its own passes it in, and both run (ours around yours)::

    app = FastAPI(lifespan=poststack_lifespan(wrap=my_lifespan))
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from .._async import AsyncPostStack
from .webhooks import EventStore, InMemoryEventStore, WebhookEvent, WebhookReceiver

__all__ = [
    "PostStackNotConfigured",
    "WebhookDependency",
    "get_poststack",
    "poststack_lifespan",
    "webhook_router",
]

_STATE_KEY = "poststack"

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


class PostStackNotConfigured(RuntimeError):
    """`get_poststack` was used on an app whose lifespan does not open a client."""


def poststack_lifespan(
    wrap: Lifespan | None = None, **client_options: Any
) -> Callable[[Any], AbstractAsyncContextManager[Any]]:
    """A lifespan that opens one client (one connection pool) at startup and closes it at
    shutdown; the client lives on ``app.state.poststack``.

    Args:
        wrap: the app's own lifespan, run inside ours (so the client already exists while
            it starts and still exists while it stops). Whatever state it yields is
            passed on to Starlette.
        client_options: `AsyncPostStack` arguments (``api_key``, ``base_url``...).
    """

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncGenerator[Any, None]:
        async with AsyncPostStack(**client_options) as ps:
            setattr(app.state, _STATE_KEY, ps)
            try:
                if wrap is None:
                    yield None
                else:
                    async with wrap(app) as state:
                        yield state
            finally:
                delattr(app.state, _STATE_KEY)

    return lifespan


def get_poststack(request: Request) -> AsyncPostStack:
    """The dependency: the app's shared `AsyncPostStack`.

    Raises:
        PostStackNotConfigured: the app was not given ``lifespan=poststack_lifespan()``
            (or the lifespan is not running, as under a test client used without ``with``).
    """
    ps = getattr(request.app.state, _STATE_KEY, None)
    if not isinstance(ps, AsyncPostStack):
        raise PostStackNotConfigured(
            "No PostStack client on app.state: create the app with "
            "FastAPI(lifespan=poststack_lifespan()) (poststack_lifespan(wrap=your_lifespan) "
            "if it has its own), and use TestClient(app) as a context manager in tests so "
            "the lifespan runs"
        )
    return ps


Handler = Callable[[WebhookEvent], "Awaitable[object] | object"]


class WebhookDependency:
    """A dependency yielding the verified, not-yet-seen `WebhookEvent` of a delivery, for
    routes of your own::

        receive = WebhookDependency()

        @app.post("/hooks/poststack")
        async def hook(event: WebhookEvent | None = Depends(receive)):
            if event is not None:          # None: a duplicate, already handled
                ...

    A bad signature ends the request with 400 before your route runs. Note that the event
    counts as handled once the dependency returns it; use `webhook_router` (handlers run
    inside, and a failure releases the event for PostStack's retry) when that matters.

    Args:
        secret: defaults to ``$POSTSTACK_WEBHOOK_SECRET``, read at each request.
        store: the dedupe store (default: in memory, per process).
    """

    def __init__(
        self, *, secret: str | Sequence[str] | None = None, store: EventStore | None = None
    ) -> None:
        self.secret = secret
        self.store: EventStore = store if store is not None else InMemoryEventStore()

    async def __call__(self, request: Request) -> WebhookEvent | None:
        from fastapi import HTTPException  # noqa: PLC0415 - Starlette apps never get here

        receiver = WebhookReceiver(self.secret, store=self.store)
        result = await receiver.areceive(
            await request.body(), request.headers.get("x-poststack-signature")
        )
        if result.status != 200:
            raise HTTPException(status_code=result.status, detail=result.body.get("error"))
        return result.event


def webhook_router(
    *,
    secret: str | Sequence[str] | None = None,
    store: EventStore | None = None,
    on_event: Handler | None = None,
    path: str = "/poststack/webhooks",
) -> Any:
    """An ``APIRouter`` with ``POST path`` receiving PostStack webhooks.

    Verifies the signature on the raw body (every secret given passes: old and new during
    a rotation), answers a duplicate 200 without handling it again, and awaits
    ``on_event(event)`` (a plain function works too). 400 for a bad signature; an exception
    in ``on_event`` propagates (500, so PostStack retries, and the event is handled again).

    Args:
        secret: defaults to ``$POSTSTACK_WEBHOOK_SECRET``, read at each request.
        store: the dedupe store (default: in memory, per process).
    """
    from fastapi import APIRouter  # noqa: PLC0415 - FastAPI only for this helper

    router = APIRouter()
    shared_store = store if store is not None else InMemoryEventStore()
    handlers = [on_event] if on_event is not None else []

    async def receive(request: Request) -> JSONResponse:
        receiver = WebhookReceiver(secret, store=shared_store, handlers=handlers)
        result = await receiver.areceive(
            await request.body(), request.headers.get("x-poststack-signature")
        )
        return JSONResponse(result.body, status_code=result.status)

    router.add_api_route(path, receive, methods=["POST"], include_in_schema=False)
    return router
