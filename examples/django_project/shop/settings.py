"""Settings of the example project: Django's mail through PostStack, webhooks received.

The key and the webhook secret come from the environment (POSTSTACK_API_KEY,
POSTSTACK_WEBHOOK_SECRET); nothing secret lives in this file.
"""

from __future__ import annotations

import django

SECRET_KEY = "example-only-not-secret"  # noqa: S105 - a demo project
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
INSTALLED_APPS = ["shop"]
USE_TZ = True
DEFAULT_FROM_EMAIL = "Shop <sender@example.com>"

# Django 6.1 configures mail with MAILERS; earlier versions with EMAIL_BACKEND.
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "poststack.contrib.django.EmailBackend"}}
else:
    EMAIL_BACKEND = "poststack.contrib.django.EmailBackend"

POSTSTACK = {
    "TIMEOUT": 10,
    "IGNORE_UNSUPPORTED_FEATURES": False,
}
