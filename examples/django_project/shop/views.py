from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from poststack.contrib.django import PostStackMessage

from .receivers import RECEIVED


@csrf_exempt  # a demo API endpoint
@require_POST
def signup(request: HttpRequest) -> HttpResponse:
    address = json.loads(request.body)["email"]
    message = PostStackMessage(
        "Welcome",
        "Welcome to the shop.",
        to=[address],
        tags=["welcome"],
        idempotency_key=f"welcome-{address}",  # a retried request sends once
    )
    message.send()
    return JsonResponse({"id": message.poststack_status.message_id}, status=201)


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    return JsonResponse(RECEIVED, safe=False)
