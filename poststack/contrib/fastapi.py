"""FastAPI (and any Starlette app): one `AsyncPostStack` for the app's lifetime, injected.

::

    app = FastAPI(lifespan=poststack_lifespan())

    @app.post("/signup")
    async def signup(ps: AsyncPostStack = Depends(get_poststack)):
        await ps.emails.send({...})
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, cast

from starlette.requests import Request

from .._async import AsyncPostStack

__all__ = ["get_poststack", "poststack_lifespan"]

_STATE_KEY = "poststack"


def poststack_lifespan(
    **client_options: Any,
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A lifespan that opens one client (one connection pool) at startup and closes it at
    shutdown; the client lives on ``app.state.poststack``."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncGenerator[None, None]:
        async with AsyncPostStack(**client_options) as ps:
            setattr(app.state, _STATE_KEY, ps)
            yield

    return lifespan


def get_poststack(request: Request) -> AsyncPostStack:
    """The dependency: the app's shared `AsyncPostStack`."""
    return cast(AsyncPostStack, getattr(request.app.state, _STATE_KEY))
