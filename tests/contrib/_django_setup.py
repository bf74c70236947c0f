"""Django settings for the contrib tests: configured once, whichever test module runs first."""

from __future__ import annotations

import django
from django.conf import settings

BACKEND = "poststack.contrib.django.EmailBackend"


def configure() -> None:
    if settings.configured:
        return
    # Django 6.1 replaced EMAIL_BACKEND by MAILERS; the backend works under both.
    routing: dict[str, object] = (
        {"MAILERS": {"default": {"BACKEND": BACKEND}}}
        if django.VERSION >= (6, 1)
        else {"EMAIL_BACKEND": BACKEND}
    )
    settings.configure(
        DEFAULT_FROM_EMAIL="Shop <sender@example.com>",
        ROOT_URLCONF="tests.contrib._django_urls",
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        USE_TZ=True,
        TIME_ZONE="Europe/Paris",
        SECRET_KEY="not-secret-tests-only",
        **routing,
    )
    django.setup()
