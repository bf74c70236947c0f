from __future__ import annotations

from django.urls import path

from poststack.contrib.django import WebhookView

from . import views

urlpatterns = [
    path("signup", views.signup),
    path("events", views.events),
    path("poststack/webhooks", WebhookView.as_view()),
]
