"""Flask and FastAPI wiring, each sending through to the sandbox."""

from __future__ import annotations

import pytest

from poststack import AsyncPostStack, PostStack
from poststack_sandbox import Sandbox

PAYLOAD = {
    "from": "hello@acme.example",
    "to": ["user@example.com"],
    "subject": "Hi",
    "html": "<p>Hi</p>",
}


def test_flask_app_factory_and_view(sb: Sandbox) -> None:
    flask = pytest.importorskip("flask", reason="Flask is a test extra")
    from poststack.contrib.flask import client, init_app

    app = flask.Flask(__name__)
    app.config.update(POSTSTACK_API_KEY=sb.api_key, POSTSTACK_BASE_URL=sb.url, POSTSTACK_TIMEOUT=5)
    ps = init_app(app)
    assert isinstance(ps, PostStack)
    assert ps.timeout == 5.0

    @app.post("/signup")
    def signup() -> dict[str, str]:
        result = flask.current_app.extensions["poststack"].emails.send(PAYLOAD)
        assert client() is ps
        return {"id": result["id"]}

    answer = app.test_client().post("/signup")
    assert answer.status_code == 200
    assert [e["publicId"] for e in sb.emails()] == [answer.get_json()["id"]]
    ps.close()


@pytest.mark.anyio
async def test_fastapi_lifespan_and_dependency(sb: Sandbox) -> None:
    fastapi = pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import httpx

    from poststack.contrib.fastapi import get_poststack, poststack_lifespan

    app = fastapi.FastAPI(lifespan=poststack_lifespan(api_key=sb.api_key, base_url=sb.url))
    seen: list[AsyncPostStack] = []

    @app.post("/signup")
    async def signup(ps: AsyncPostStack = fastapi.Depends(get_poststack)) -> dict[str, str]:  # noqa: B008
        seen.append(ps)
        result = await ps.emails.send(PAYLOAD)  # type: ignore[arg-type]
        return {"id": result["id"]}

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://app") as http,
    ):
        first = (await http.post("/signup")).json()["id"]
        second = (await http.post("/signup")).json()["id"]
    assert seen[0] is seen[1]  # one client, one pool, for the app's lifetime
    assert sorted(e["publicId"] for e in sb.emails()) == sorted([first, second])
