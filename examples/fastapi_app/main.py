"""A FastAPI app that sends with PostStack and receives its webhooks.

Run it::

    export POSTSTACK_API_KEY=sk_test_...  POSTSTACK_WEBHOOK_SECRET=whsec_...
    uvicorn main:app

``POST /signup {"email": ...}`` sends a welcome email; PostStack's events for it arrive at
``POST /poststack/webhooks`` and are listed by ``GET /events`` (a demo store).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel

from poststack import AsyncPostStack
from poststack.contrib.fastapi import get_poststack, poststack_lifespan, webhook_router
from poststack.contrib.webhooks import WebhookEvent

received: list[dict[str, Any]] = []


@asynccontextmanager
async def own_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The app's own startup and shutdown, run inside PostStack's."""
    received.clear()
    yield


async def on_event(event: WebhookEvent) -> None:
    received.append({"id": event.id, "type": event.type, "email_id": event.email_id})


app = FastAPI(lifespan=poststack_lifespan(wrap=own_lifespan))
app.include_router(webhook_router(on_event=on_event))


class Signup(BaseModel):
    email: str


@app.post("/signup", status_code=201)
async def signup(
    body: Signup,
    ps: AsyncPostStack = Depends(get_poststack),  # noqa: B008 - FastAPI's idiom
) -> dict[str, str]:
    result = await ps.emails.send(
        {
            "from": "Shop <sender@example.com>",
            "to": [body.email],
            "subject": "Welcome",
            "html": "<p>Welcome to the shop.</p>",
            "tags": ["welcome"],
        }
    )
    return {"id": result["id"]}


@app.get("/events")
async def events() -> list[dict[str, Any]]:
    return received
