"""Flask: one blocking `PostStack` per app, on ``app.extensions["poststack"]``.

::

    def create_app():
        app = Flask(__name__)
        poststack.contrib.flask.init_app(app)   # key from POSTSTACK_API_KEY (config or env)
        return app

    # in a view
    current_app.extensions["poststack"].emails.send({...})
"""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, current_app

from .._sync import PostStack

__all__ = ["EXTENSION_KEY", "client", "init_app"]

EXTENSION_KEY = "poststack"


def init_app(app: Flask, **client_options: Any) -> PostStack:
    """Create the app's client from ``app.config`` (``POSTSTACK_API_KEY``, ``POSTSTACK_BASE_URL``,
    ``POSTSTACK_TIMEOUT``, ``POSTSTACK_MAX_RETRIES``, ``POSTSTACK_TRANSPORT``), the environment
    as fallback, and ``client_options`` above both."""
    options: dict[str, Any] = {}
    config = cast("dict[str, object]", app.config)
    for name in ("api_key", "base_url", "timeout", "max_retries", "transport"):
        value = config.get(f"POSTSTACK_{name.upper()}")
        if value is not None:
            options[name] = value
    options.update(client_options)
    ps = PostStack(**options)
    app.extensions[EXTENSION_KEY] = ps
    return ps


def client() -> PostStack:
    """The current app's client (inside an app or request context)."""
    return cast(PostStack, current_app.extensions[EXTENSION_KEY])
