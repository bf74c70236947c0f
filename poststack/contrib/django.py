"""Django's mail framework over PostStack.

``EMAIL_BACKEND = "poststack.contrib.django.EmailBackend"`` in settings.

Every ``EmailMessage`` becomes one ``POST /emails``: its sender, recipients, subject, text
and HTML bodies (``EmailMultiAlternatives``), attachments (base64) and extra headers. The
id PostStack gives each message is stored on it as ``message.poststack_id`` so it can be
saved and matched to webhook events later.

Settings (all optional; the environment's ``POSTSTACK_API_KEY`` / ``POSTSTACK_BASE_URL``
are the fallback, and a key never needs to be in settings files)::

    POSTSTACK = {"API_KEY": ..., "BASE_URL": ..., "TIMEOUT": 10, "MAX_RETRIES": 3,
                 "TRANSPORT": "httpx"}
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from email.message import Message
from typing import Any, cast

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from poststack_proto import PostStackError

from .._sync import PostStack
from ..types.emails import Attachment, SendEmailParams

__all__ = ["EmailBackend", "message_to_payload"]

# Headers the payload carries in its own fields, or that the API sets itself.
_MAPPED_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "subject", "content-type"})


def _attachment(item: Any) -> Attachment:
    if isinstance(item, Message):  # MIMEBase (Django < 6.1) or MIMEPart (6.1+)
        payload = item.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = item.get_filename() or "attachment"
        content_type = item.get_content_type()
    else:
        filename, raw, content_type = item
        content = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        filename = filename or "attachment"
    attachment: Attachment = {
        "filename": str(filename),
        "content": base64.b64encode(content).decode("ascii"),
    }
    if content_type:
        attachment["content_type"] = str(content_type)
    return attachment


def message_to_payload(message: EmailMessage) -> SendEmailParams:
    """The ``POST /emails`` body for one Django ``EmailMessage``.

    Raises:
        ValueError: the message has no recipient, or an HTML-only alternative PostStack
            cannot carry (a MIME type other than text/html).
    """
    recipients = list(message.to)
    if not (recipients or message.cc or message.bcc):
        raise ValueError("the message has no recipients")
    payload: SendEmailParams = {
        "from": str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        "to": recipients,
        "subject": str(message.subject),
    }
    if message.cc:
        payload["cc"] = list(message.cc)
    if message.bcc:
        payload["bcc"] = list(message.bcc)
    if message.reply_to:
        reply_to = list(message.reply_to)
        payload["reply_to"] = reply_to[0] if len(reply_to) == 1 else reply_to
    body = str(message.body or "")
    if message.content_subtype == "html":
        payload["html"] = body
    elif body:
        payload["text"] = body
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype != "text/html":
                raise ValueError(f"PostStack carries text and HTML bodies only, not {mimetype}")
            payload["html"] = str(content)
    if message.attachments:
        payload["attachments"] = [_attachment(item) for item in message.attachments]
    headers = {
        str(name): str(value)
        for name, value in (message.extra_headers or {}).items()
        if str(name).lower() not in _MAPPED_HEADERS
    }
    if headers:
        payload["headers"] = headers
    return payload


class EmailBackend(BaseEmailBackend):
    """A Django email backend that sends through the PostStack API.

    Args:
        fail_silently: swallow `PostStackError` and count the message as not sent.
        api_key, base_url, timeout, max_retries, transport: override ``settings.POSTSTACK``.
    """

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        # Django 6.1+ builds backends from settings.MAILERS and passes the entry's alias; older
        # versions pass nothing. Neither may see our own options, or it warns about them.
        alias = kwargs.pop("alias", None)
        kwargs.pop("_ignore_unknown_kwargs", None)
        for smtp_only in ("username", "password"):  # send_mail() passes them, mostly None
            if kwargs.get(smtp_only) is None:
                kwargs.pop(smtp_only, None)
        configured = cast("dict[str, Any]", getattr(settings, "POSTSTACK", {}) or {})
        options = {
            name: kwargs.pop(name, configured.get(name.upper()))
            for name in ("api_key", "base_url", "timeout", "max_retries", "transport")
        }
        if kwargs:
            raise TypeError(f"EmailBackend got unknown options: {', '.join(sorted(kwargs))}")
        if alias is None:
            super().__init__()
        else:
            super().__init__(alias=alias)  # pyright: ignore[reportCallIssue]
        self.fail_silently = fail_silently
        self._client_options = {k: v for k, v in options.items() if v is not None}
        self._client: PostStack | None = None

    def open(self) -> bool:
        """Make the client (and its connection pool); True if this call made it."""
        if self._client is not None:
            return False
        try:
            self._client = PostStack(**self._client_options)
        except (ValueError, TypeError):
            if not self.fail_silently:
                raise
            return False
        return True

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Send each message; the number sent. Messages keep their id as ``poststack_id``."""
        if not email_messages:
            return 0
        opened_here = self.open()
        client = self._client
        if client is None:
            return 0
        sent = 0
        try:
            for message in email_messages:
                try:
                    result = client.emails.send(message_to_payload(message))
                except (PostStackError, ValueError):
                    if not self.fail_silently:
                        raise
                    continue
                # Django messages take ad-hoc attributes; this one ties the message to the
                # id webhook events will carry.
                setattr(message, "poststack_id", result["id"])  # noqa: B010
                sent += 1
        finally:
            if opened_here:
                self.close()
        return sent
