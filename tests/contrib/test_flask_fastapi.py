"""Flask and FastAPI wiring, each sending through to the sandbox."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.types import SendEmailParams
from poststack_sandbox import Sandbox

PAYLOAD: SendEmailParams = {
    "from": "sender@example.com",
    "to": ["user@example.com"],
    "subject": "Hi",
    "html": "<p>Hi</p>",
}


def test_flask_app_factory_and_view(sb: Sandbox) -> None:
    pytest.importorskip("flask", reason="Flask is a test extra")
    import flask

    from poststack.contrib.flask import client, init_app

    app = flask.Flask(__name__)
    app.config["POSTSTACK_API_KEY"] = sb.api_key
    app.config["POSTSTACK_BASE_URL"] = sb.url
    app.config["POSTSTACK_TIMEOUT"] = 5
    init_app(app)
    seen: list[PostStack] = []

    @app.post("/signup")
    def signup() -> dict[str, str]:
        result = flask.current_app.extensions["poststack"].emails.send(PAYLOAD)
        seen.append(client())
        return {"id": result["id"]}

    http = app.test_client()
    first, second = (http.post("/signup").get_json()["id"] for _ in range(2))
    assert seen[0] is seen[1]  # one client for the app
    assert seen[0].timeout == 5.0
    assert sorted(e["publicId"] for e in sb.emails()) == sorted([first, second])
    assert client(app) is seen[0]
    app.extensions["poststack"].close()


def test_flask_without_a_key_starts_and_fails_only_when_sending(
    monkeypatch: pytest.MonkeyPatch, sb: Sandbox
) -> None:
    pytest.importorskip("flask", reason="Flask is a test extra")
    import flask

    from poststack.contrib.flask import client, init_app

    monkeypatch.delenv("POSTSTACK_API_KEY", raising=False)
    app = flask.Flask(__name__)
    init_app(app)  # a CLI command or an asset build: no key, no error

    @app.cli.command("hello")
    def hello() -> None:
        print("hello from the CLI")

    assert "hello from the CLI" in app.test_cli_runner().invoke(args=["hello"]).output
    with app.app_context(), pytest.raises(ValueError, match="POSTSTACK_API_KEY"):
        client()
    with app.app_context(), pytest.raises(ValueError, match="POSTSTACK_API_KEY"):
        app.extensions["poststack"].emails.send(PAYLOAD)
    # The key arrives later (a test fixture sets it): the first use then works.
    monkeypatch.setenv("POSTSTACK_API_KEY", sb.api_key)
    monkeypatch.setenv("POSTSTACK_BASE_URL", sb.url)
    with app.app_context():
        assert client().emails.send(PAYLOAD)["id"].startswith("em_")
    app.extensions["poststack"].close()  # the pool, which a long-lived app keeps to the end


def test_flask_client_without_init_app_is_a_clear_error() -> None:
    pytest.importorskip("flask", reason="Flask is a test extra")
    import flask

    from poststack.contrib.flask import client

    with pytest.raises(RuntimeError, match=r"init_app\(app\)"):
        client(flask.Flask(__name__))


@pytest.mark.anyio
async def test_fastapi_lifespan_and_dependency(sb: Sandbox) -> None:
    pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import fastapi
    import httpx

    from poststack.contrib.fastapi import get_poststack, poststack_lifespan

    app = fastapi.FastAPI(lifespan=poststack_lifespan(api_key=sb.api_key, base_url=sb.url))
    seen: list[AsyncPostStack] = []

    @app.post("/signup")
    async def signup(ps: AsyncPostStack = fastapi.Depends(get_poststack)) -> dict[str, str]:  # noqa: B008
        seen.append(ps)
        result = await ps.emails.send(PAYLOAD)
        return {"id": result["id"]}

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://app") as http,
    ):
        first = (await http.post("/signup")).json()["id"]
        second = (await http.post("/signup")).json()["id"]
    assert seen[0] is seen[1]  # one client, one pool, for the app's lifetime
    assert sorted(e["publicId"] for e in sb.emails()) == sorted([first, second])


@pytest.mark.anyio
async def test_fastapi_without_the_lifespan_is_a_clear_error() -> None:
    pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import fastapi
    import httpx

    from poststack.contrib.fastapi import PostStackNotConfigured, get_poststack

    app = fastapi.FastAPI()

    @app.get("/")
    async def index(ps: AsyncPostStack = fastapi.Depends(get_poststack)) -> str:  # noqa: B008
        return "unreachable"

    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
        with pytest.raises(PostStackNotConfigured, match=r"lifespan=poststack_lifespan\(\)"):
            await http.get("/")


@pytest.mark.anyio
async def test_fastapi_lifespan_combined_with_the_apps_own(sb: Sandbox) -> None:
    pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import fastapi
    import httpx

    from poststack.contrib.fastapi import get_poststack, poststack_lifespan

    steps: list[str] = []

    @asynccontextmanager
    async def own(app: Any) -> AsyncGenerator[dict[str, Any], None]:
        # The client already exists while the app's own startup runs.
        steps.append(f"start, client ready: {isinstance(app.state.poststack, AsyncPostStack)}")
        yield {"greeting": "hello"}
        steps.append("stop")

    app = fastapi.FastAPI(
        lifespan=poststack_lifespan(wrap=own, api_key=sb.api_key, base_url=sb.url)
    )

    @app.post("/signup")
    async def signup(ps: AsyncPostStack = fastapi.Depends(get_poststack)) -> dict[str, str]:  # noqa: B008
        result = await ps.emails.send(PAYLOAD)
        return {"id": result["id"]}

    async with app.router.lifespan_context(app) as state:
        assert state == {"greeting": "hello"}
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            answer = await http.post("/signup")
    assert steps == ["start, client ready: True", "stop"]
    assert not hasattr(app.state, "poststack")  # closed and removed at shutdown
    assert answer.status_code == 200, answer.text
    assert [e["publicId"] for e in sb.emails()] == [answer.json()["id"]]
