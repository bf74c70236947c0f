"""Signal receivers: where a project reacts to PostStack's events."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from poststack.contrib.django import inbound, tracking
from poststack.contrib.webhooks import WebhookEvent

# A demo store; a real project would update its own models here (keyed by event.email_id).
RECEIVED: list[dict[str, Any]] = []


@receiver(tracking)
@receiver(inbound)
def record(sender: object, event: WebhookEvent, **kwargs: object) -> None:
    RECEIVED.append({"id": event.id, "type": event.type, "email_id": event.email_id})
