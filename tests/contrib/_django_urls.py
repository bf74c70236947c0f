"""The URLconf of the Django tests: the webhook view, with its secret from settings."""

from __future__ import annotations

from django.urls import path

from poststack.contrib.django import WebhookView

urlpatterns = [path("poststack/webhooks/", WebhookView.as_view())]
