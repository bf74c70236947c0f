"""``poststack send``: send one email from the command line, print the API's answer as JSON.

The key comes from ``--api-key`` or ``$POSTSTACK_API_KEY`` (prefer the environment: a key
on a command line lands in shell history), the URL from ``--base-url`` or
``$POSTSTACK_BASE_URL``. Exit status: 0 sent, 1 refused by the API or unreachable, 2 bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from poststack_proto import PostStackError

from ._cli_extras import add_send_extras, logging_to_stderr, read_attachments
from ._sync import PostStack
from .types.emails import SendEmailParams

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="poststack send", description="Send one email and print the API's answer as JSON."
    )
    parser.add_argument("--from", dest="sender", required=True, help="'Name <addr>' or addr")
    parser.add_argument("--to", action="append", required=True, help="recipient (repeatable)")
    parser.add_argument("--cc", action="append", default=[], help="copy (repeatable)")
    parser.add_argument("--bcc", action="append", default=[], help="blind copy (repeatable)")
    parser.add_argument("--reply-to", help="reply-to address")
    parser.add_argument("--subject", help="subject line")
    parser.add_argument("--html", help="HTML body, or @file to read it from a file")
    parser.add_argument("--text", help="text body, or @file to read it from a file")
    parser.add_argument("--tag", action="append", default=[], help="tag (repeatable)")
    parser.add_argument("--template-id", help="send a published template (tpl_...)")
    parser.add_argument("--idempotency-key", help="make a repeated command send only once")
    parser.add_argument("--api-key", help="default: $POSTSTACK_API_KEY")
    parser.add_argument("--base-url", help="default: $POSTSTACK_BASE_URL or the API")
    add_send_extras(parser)  # -v, --attach
    return parser


def _body(value: str | None) -> str | None:
    if value is not None and value.startswith("@"):
        return Path(value[1:]).read_text(encoding="utf-8")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``poststack send ...``; returns the exit status."""
    args = _parser().parse_args(argv)
    payload: SendEmailParams = {"from": args.sender, "to": args.to}
    if args.cc:
        payload["cc"] = args.cc
    if args.bcc:
        payload["bcc"] = args.bcc
    if args.reply_to:
        payload["reply_to"] = args.reply_to
    if args.subject is not None:
        payload["subject"] = args.subject
    try:
        html, text = _body(args.html), _body(args.text)
    except OSError as exc:
        print(f"poststack send: cannot read body: {exc}", file=sys.stderr)
        return 2
    if html is not None:
        payload["html"] = html
    if text is not None:
        payload["text"] = text
    if args.tag:
        payload["tags"] = args.tag
    if args.template_id:
        payload["template_id"] = args.template_id
    try:
        if args.attach:
            payload["attachments"] = read_attachments(args.attach)
    except OSError as exc:
        print(f"poststack send: cannot read attachment: {exc}", file=sys.stderr)
        return 2
    try:
        with (
            PostStack(api_key=args.api_key, base_url=args.base_url) as ps,
            logging_to_stderr(args.verbose),
        ):
            result = ps.emails.send(payload, idempotency_key=args.idempotency_key)
    except (ValueError, TypeError) as exc:
        print(f"poststack send: {exc}", file=sys.stderr)
        return 2
    except PostStackError as exc:
        print(f"poststack send: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0
