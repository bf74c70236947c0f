"""One suite of webhook guarantees, run against the Django view, the Flask blueprint and the
FastAPI router (in-process; tests/contrib/test_live_servers.py does it over real servers)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from poststack.contrib.webhooks import (
    InMemoryEventStore,
    WebhookEvent,
    WebhookReceiver,
    resolve_secrets,
)
from poststack_proto import sign_payload

OLD, NEW = "whsec_old_secret", "whsec_new_secret"


def delivery(event_id: str = "evt_1", event_type: str = "email.delivered") -> bytes:
    body = {
        "id": event_id,
        "type": event_type,
        "timestamp": "2026-01-02T03:04:05.000Z",
        "data": {
            "email_id": "em_1",
            "from": "sender@example.com",
            "to": ["a@example.com"],
            "subject": "Hi",
            "tags": ["welcome"],
            "status": "delivered",
            "test_mode": True,
            "metadata": {"recipient": "a@example.com"},
        },
    }
    return json.dumps(body, separators=(",", ":")).encode()


@dataclass
class Receiver:
    """A framework's receiver, driven in-process."""

    post: Callable[[bytes, dict[str, str]], int]
    events: list[WebhookEvent] = field(default_factory=list[WebhookEvent])
    fail_next: list[bool] = field(default_factory=list[bool])

    def handle(self, event: WebhookEvent) -> None:
        if self.fail_next:
            self.fail_next.pop()
            raise RuntimeError("handler failed")
        self.events.append(event)


def _django(secret: Any) -> Iterator[Receiver]:
    pytest.importorskip("django", reason="Django is a test extra")
    from tests.contrib._django_setup import configure

    configure()
    from django.test import RequestFactory

    from poststack.contrib.django import WebhookView, inbound, tracking

    view = WebhookView.as_view(secret=secret)
    factory = RequestFactory()

    def post(body: bytes, headers: dict[str, str]) -> int:
        request = factory.post("/hooks", body, content_type="application/json", headers=headers)
        try:
            return view(request).status_code
        except RuntimeError:
            return 500

    receiver = Receiver(post)

    def on_signal(sender: object, event: WebhookEvent, **kwargs: object) -> None:
        receiver.handle(event)

    tracking.connect(on_signal, weak=False)
    inbound.connect(on_signal, weak=False)
    yield receiver
    tracking.disconnect(on_signal)
    inbound.disconnect(on_signal)


def _flask(secret: Any) -> Iterator[Receiver]:
    pytest.importorskip("flask", reason="Flask is a test extra")
    import flask

    from poststack.contrib.flask import inbound_received, tracking_received, webhook_blueprint

    app = flask.Flask(__name__)
    app.config["POSTSTACK_WEBHOOK_SECRET"] = secret
    signalled: list[WebhookEvent] = []
    receiver: Receiver

    def on_event(event: WebhookEvent) -> None:
        receiver.handle(event)

    app.register_blueprint(webhook_blueprint(url="/hooks", on_event=on_event))
    http = app.test_client()

    def post(body: bytes, headers: dict[str, str]) -> int:
        try:
            return http.post("/hooks", data=body, headers=headers).status_code
        except RuntimeError:
            return 500

    def on_signal(sender: object, event: WebhookEvent, **kwargs: object) -> None:
        signalled.append(event)

    receiver = Receiver(post)
    with tracking_received.connected_to(on_signal), inbound_received.connected_to(on_signal):
        yield receiver
    # The blinker signal saw exactly what the callback saw.
    assert {e.id for e in signalled} == {e.id for e in receiver.events}


def _fastapi(secret: Any) -> Iterator[Receiver]:
    pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import asyncio

    import fastapi
    import httpx

    from poststack.contrib.fastapi import webhook_router

    app = fastapi.FastAPI()
    receiver: Receiver

    async def on_event(event: WebhookEvent) -> None:
        receiver.handle(event)

    app.include_router(webhook_router(secret=secret, path="/hooks", on_event=on_event))

    async def apost(body: bytes, headers: dict[str, str]) -> int:
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            return (await http.post("/hooks", content=body, headers=headers)).status_code

    receiver = Receiver(lambda body, headers: asyncio.run(apost(body, headers)))
    yield receiver


FRAMEWORKS = {"django": _django, "flask": _flask, "fastapi": _fastapi}


@pytest.fixture(params=sorted(FRAMEWORKS))
def make_receiver(request: pytest.FixtureRequest) -> Iterator[Callable[[Any], Receiver]]:
    made: list[Iterator[Receiver]] = []

    def make(secret: Any) -> Receiver:
        generator = FRAMEWORKS[request.param](secret)
        made.append(generator)
        return next(generator)

    yield make
    for generator in made:
        with pytest.raises(StopIteration):
            next(generator)


def signed(body: bytes, *secrets: str) -> dict[str, str]:
    return {"X-PostStack-Signature": ",".join(sign_payload(body, s) for s in secrets)}


def test_a_signed_delivery_reaches_the_handler_as_a_typed_event(
    make_receiver: Callable[[Any], Receiver],
) -> None:
    receiver = make_receiver(NEW)
    body = delivery()
    assert receiver.post(body, signed(body, NEW)) == 200
    (event,) = receiver.events
    assert (event.id, event.type, event.kind, event.event_type) == (
        "evt_1",
        "email.delivered",
        "tracking",
        "delivered",
    )
    assert (event.email_id, event.recipients, event.tags) == (
        "em_1",
        ["a@example.com"],
        ["welcome"],
    )
    assert event.metadata == {"recipient": "a@example.com"}
    assert event.timestamp is not None
    assert event.timestamp.year == 2026
    assert event.raw == json.loads(body)


def test_bad_missing_or_reserialised_signatures_are_refused(
    make_receiver: Callable[[Any], Receiver],
) -> None:
    receiver = make_receiver(NEW)
    body = delivery()
    reserialised = json.dumps(json.loads(body), indent=2).encode()
    assert receiver.post(body, {}) == 400
    assert receiver.post(body, signed(body, "whsec_someone_else")) == 400
    assert receiver.post(reserialised, signed(body, NEW)) == 400
    assert receiver.post(b"[1, 2]", signed(b"[1, 2]", NEW)) == 400
    assert receiver.events == []


@pytest.mark.parametrize(
    ("configured", "signers"),
    [
        (NEW, (NEW, OLD)),  # during the grace window the server signs with both
        (OLD, (NEW, OLD)),  # a receiver still on the old secret keeps working
        ([NEW, OLD], (OLD,)),  # a receiver given both accepts either
        (f"{NEW},{OLD}", (NEW,)),  # the environment's comma-separated form
    ],
)
def test_both_secrets_work_during_a_rotation(
    make_receiver: Callable[[Any], Receiver], configured: Any, signers: tuple[str, ...]
) -> None:
    receiver = make_receiver(configured)
    body = delivery()
    assert receiver.post(body, signed(body, *signers)) == 200
    assert len(receiver.events) == 1


def test_a_repeated_event_is_handled_once(make_receiver: Callable[[Any], Receiver]) -> None:
    receiver = make_receiver(NEW)
    first, again, other = delivery("evt_a"), delivery("evt_a"), delivery("evt_b")
    assert receiver.post(first, signed(first, NEW)) == 200
    assert receiver.post(again, signed(again, NEW)) == 200
    assert receiver.post(other, signed(other, NEW)) == 200
    assert [e.id for e in receiver.events] == ["evt_a", "evt_b"]


def test_a_failed_handler_lets_the_retry_through(
    make_receiver: Callable[[Any], Receiver],
) -> None:
    receiver = make_receiver(NEW)
    receiver.fail_next.append(True)
    body = delivery("evt_retry")
    assert receiver.post(body, signed(body, NEW)) == 500
    assert receiver.post(body, signed(body, NEW)) == 200
    assert [e.id for e in receiver.events] == ["evt_retry"]


def test_inbound_events_are_told_apart(make_receiver: Callable[[Any], Receiver]) -> None:
    receiver = make_receiver(NEW)
    body = delivery("evt_in", "email.inbound")
    assert receiver.post(body, signed(body, NEW)) == 200
    assert receiver.events[0].kind == "inbound"


def test_the_in_memory_store_is_bounded() -> None:
    store = InMemoryEventStore(maxsize=2)
    assert [store.claim(i) for i in ("a", "b", "a", "c")] == [True, True, False, True]
    assert len(store) == 2
    assert "b" not in store  # the least recently seen id went first
    assert store.claim("b")
    with pytest.raises(ValueError, match="maxsize"):
        InMemoryEventStore(maxsize=0)


def test_a_pluggable_store_is_used() -> None:
    claimed: list[str] = []

    class Shared:
        def claim(self, event_id: str) -> bool:
            claimed.append(event_id)
            return claimed.count(event_id) == 1

        def release(self, event_id: str) -> None:
            claimed.remove(event_id)

    first = WebhookReceiver(NEW, store=Shared())
    second = WebhookReceiver(NEW, store=first.store)  # another worker, same store
    body = delivery("evt_shared")
    assert first.receive(body, signed(body, NEW)["X-PostStack-Signature"]).event is not None
    result = second.receive(body, signed(body, NEW)["X-PostStack-Signature"])
    assert result.duplicate
    assert result.event is None


def test_a_receiver_without_secret_is_never_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTSTACK_WEBHOOK_SECRET", raising=False)
    with pytest.raises(ValueError, match="POSTSTACK_WEBHOOK_SECRET"):
        WebhookReceiver()
    with pytest.raises(ValueError, match="secret"):
        resolve_secrets(["", " "])
    monkeypatch.setenv("POSTSTACK_WEBHOOK_SECRET", f"{NEW}, {OLD}")
    assert resolve_secrets(None) == [NEW, OLD]
    assert NEW not in repr(WebhookReceiver())


def test_events_without_an_id_are_handled_every_time() -> None:
    receiver = WebhookReceiver(NEW)
    body = json.dumps({"type": "email.opened", "data": "not an object"}).encode()
    header = sign_payload(body, NEW)
    outcomes = [receiver.receive(body, header).event for _ in range(2)]
    assert all(e is not None and e.email_id is None and e.data == {} for e in outcomes)


def test_django_cache_store_shares_claims_and_is_configurable() -> None:
    pytest.importorskip("django", reason="Django is a test extra")
    from tests.contrib._django_setup import configure

    configure()
    from django.test import RequestFactory, override_settings

    from poststack.contrib.django import CacheEventStore, WebhookView

    first, second = CacheEventStore(), CacheEventStore()  # two workers, one cache
    assert first.claim("evt_c")
    assert not second.claim("evt_c")
    second.release("evt_c")
    assert first.claim("evt_c")

    body = delivery("evt_settings")
    settings = {
        "WEBHOOK_SECRET": [NEW, OLD],
        "WEBHOOK_EVENT_STORE": "poststack.contrib.django.CacheEventStore",
    }
    with override_settings(POSTSTACK=settings):
        views = [WebhookView.as_view(), WebhookView.as_view()]  # e.g. two processes
        answers = [
            view(
                RequestFactory().post(
                    "/hooks", body, content_type="application/json", headers=signed(body, OLD)
                )
            )
            for view in views
        ]
    assert [a.status_code for a in answers] == [200, 200]
    assert [json.loads(a.content).get("duplicate", False) for a in answers] == [False, True]


def test_django_view_refuses_other_methods() -> None:
    pytest.importorskip("django", reason="Django is a test extra")
    from tests.contrib._django_setup import configure

    configure()
    from django.test import RequestFactory

    from poststack.contrib.django import WebhookView

    assert WebhookView.as_view(secret=NEW)(RequestFactory().get("/hooks")).status_code == 405


def test_fastapi_dependency_in_a_route_of_ones_own() -> None:
    pytest.importorskip("fastapi", reason="FastAPI is a test extra")
    import asyncio

    import fastapi
    import httpx

    from poststack.contrib.fastapi import WebhookDependency

    app = fastapi.FastAPI()
    receive = WebhookDependency(secret=[NEW, OLD])
    handled: list[str | None] = []

    @app.post("/mine")
    async def mine(event: Any = fastapi.Depends(receive)) -> dict[str, bool]:  # noqa: B008
        handled.append(None if event is None else event.id)
        return {"duplicate": event is None}

    async def post(body: bytes, headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            return await http.post("/mine", content=body, headers=headers)

    body = delivery("evt_dep")
    first = asyncio.run(post(body, signed(body, OLD)))
    again = asyncio.run(post(body, signed(body, NEW)))
    refused = asyncio.run(post(body, signed(body, "whsec_wrong")))
    assert (first.json(), again.json()) == ({"duplicate": False}, {"duplicate": True})
    assert refused.status_code == 400
    assert "does not match" in refused.json()["detail"]
    assert handled == ["evt_dep", None]
