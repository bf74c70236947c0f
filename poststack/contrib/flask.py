"""Flask: one blocking `PostStack` per app, and a blueprint receiving PostStack webhooks.

::

    def create_app():
        app = Flask(__name__)
        poststack.contrib.flask.init_app(app)   # key from POSTSTACK_API_KEY (config or env)
        app.register_blueprint(webhook_blueprint())  # POST /poststack/webhooks
        return app

    # in a view
    poststack.contrib.flask.client().emails.send({...})

`init_app` never fails for a missing key: CLI commands, asset builds and tests that never
send work without one. The client is made on first use (`client()`), and that is where a
missing key raises the usual `ValueError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from blinker import Namespace
from flask import Blueprint, Flask, Response, current_app, jsonify, request

from .._sync import PostStack
from .webhooks import EventStore, InMemoryEventStore, WebhookEvent, WebhookReceiver

__all__ = [
    "EXTENSION_KEY",
    "client",
    "inbound_received",
    "init_app",
    "tracking_received",
    "webhook_blueprint",
]

EXTENSION_KEY = "poststack"

_signals = Namespace()
tracking_received = _signals.signal("poststack-tracking")
"""Sent (blinker) for each verified tracking event; receivers get ``sender`` (the app) and
``event`` (a `poststack.contrib.webhooks.WebhookEvent`)."""
inbound_received = _signals.signal("poststack-inbound")
"""Sent for each verified inbound-mail event, like `tracking_received`."""


class _Extension:
    """What ``app.extensions["poststack"]`` holds: the options, and the client once made."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.client: PostStack | None = None

    def get(self) -> PostStack:
        if self.client is None:
            self.client = PostStack(**self.options)
        return self.client

    def __getattr__(self, name: str) -> Any:
        # ``app.extensions["poststack"].emails.send(...)`` keeps working: attributes are
        # the client's, made (or its error raised) on first use.
        return getattr(self.get(), name)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None


def init_app(app: Flask, **client_options: Any) -> None:
    """Register PostStack on ``app``; the client is made on first use.

    Options come from ``app.config`` (``POSTSTACK_API_KEY``, ``POSTSTACK_BASE_URL``,
    ``POSTSTACK_TIMEOUT``, ``POSTSTACK_MAX_RETRIES``, ``POSTSTACK_TRANSPORT``), then the
    environment (``POSTSTACK_API_KEY``/``POSTSTACK_BASE_URL``, read at first use), with
    ``client_options`` above both.
    """
    options: dict[str, Any] = {}
    config = cast("dict[str, object]", app.config)
    for name in ("api_key", "base_url", "timeout", "max_retries", "transport"):
        value = config.get(f"POSTSTACK_{name.upper()}")
        if value is not None:
            options[name] = value
    options.update(client_options)
    app.extensions[EXTENSION_KEY] = _Extension(options)


def client(app: Flask | None = None) -> PostStack:
    """The app's client (``app``, else the current app), made on first use.

    Raises:
        RuntimeError: `init_app` was not called for this app.
        ValueError: no API key in the config or the environment.
    """
    target = app if app is not None else current_app
    extension = target.extensions.get(EXTENSION_KEY)
    if not isinstance(extension, _Extension):
        raise RuntimeError(
            "PostStack is not set up on this Flask app: call "
            "poststack.contrib.flask.init_app(app) in your app factory"
        )
    return extension.get()


def webhook_blueprint(
    *,
    secret: str | Sequence[str] | None = None,
    store: EventStore | None = None,
    on_event: Callable[[WebhookEvent], object] | None = None,
    url: str = "/poststack/webhooks",
    name: str = "poststack_webhooks",
) -> Blueprint:
    """A blueprint with one view, ``POST url``, receiving PostStack webhooks.

    Verifies the signature on the raw body (every secret given passes: old and new during
    a rotation), answers a duplicate event 200 without handling it again, then sends
    `tracking_received` or `inbound_received` and calls ``on_event``. Answers 400 for a bad
    signature; an exception in a receiver propagates (500, so PostStack retries).

    Args:
        secret: defaults to ``app.config["POSTSTACK_WEBHOOK_SECRET"]``, then
            ``$POSTSTACK_WEBHOOK_SECRET``, read at each request.
        store: the dedupe store (default: in memory, per process).
    """
    blueprint = Blueprint(name, __name__)
    shared_store = store if store is not None else InMemoryEventStore()
    handlers = [on_event] if on_event is not None else []

    def dispatch(event: WebhookEvent) -> None:
        # The app itself, not the context-local proxy, as Flask's own signals send it.
        # Flask types current_app as Flask, hiding that it is werkzeug's LocalProxy, so the
        # checkers cannot see the proxy's documented _get_current_object(); hence the ignores.
        app = cast(Flask, current_app._get_current_object())  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
        signal = inbound_received if event.kind == "inbound" else tracking_received
        signal.send(app, event=event)

    @blueprint.post(url)
    def receive() -> tuple[Response, int]:
        config = cast("dict[str, object]", current_app.config)
        configured = cast(
            "str | Sequence[str] | None",
            secret if secret is not None else config.get("POSTSTACK_WEBHOOK_SECRET"),
        )
        receiver = WebhookReceiver(configured, store=shared_store, handlers=handlers)
        result = receiver.receive(
            request.get_data(cache=False), request.headers.get("X-PostStack-Signature"), dispatch
        )
        return jsonify(result.body), result.status

    return blueprint
