"""A Flask app that sends with PostStack and receives its webhooks.

Run it::

    export POSTSTACK_API_KEY=sk_test_...  POSTSTACK_WEBHOOK_SECRET=whsec_...
    gunicorn --workers 2 'app:create_app()'       # or: flask --app app run

``POST /signup {"email": ...}`` sends a welcome email; PostStack's events for it arrive at
``POST /poststack/webhooks`` and are listed by ``GET /events`` (a demo: a real app would
store them in its database, keyed by ``event.email_id``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

from poststack.contrib.flask import client, init_app, webhook_blueprint
from poststack.contrib.webhooks import WebhookEvent


def create_app() -> Flask:
    app = Flask(__name__)
    init_app(app)  # never fails: a missing key is reported when the app first sends
    received: list[dict[str, Any]] = []

    def on_event(event: WebhookEvent) -> None:
        received.append({"id": event.id, "type": event.type, "email_id": event.email_id})

    app.register_blueprint(webhook_blueprint(on_event=on_event))

    @app.post("/signup")
    def signup() -> Any:
        address = request.get_json()["email"]
        result = client().emails.send(
            {
                "from": "Shop <sender@example.com>",
                "to": [address],
                "subject": "Welcome",
                "html": "<p>Welcome to the shop.</p>",
                "tags": ["welcome"],
            }
        )
        return jsonify(id=result["id"]), 201

    @app.get("/events")
    def events() -> Any:
        return jsonify(received)

    @app.cli.command("hello")
    def hello() -> None:
        """A CLI command: runs without any PostStack key."""
        print("hello")

    return app
