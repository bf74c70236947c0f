"""``poststack send-many``: send every email of a JSON Lines file through ``emails.send_many``.

Each non-blank line of the file is one send payload (a JSON object, as for ``emails.send``).
The whole file is checked first, line by line and without holding it in memory: a line that
is not a JSON object stops the command with its line number (exit 2) before anything is sent.
The file is then read again, one batch at a time, while sending.

stdout: one JSON line per message, in file order, ``{"line": n, "id": "em_..."}`` or
``{"line": n, "error": ..., "code": ..., "status_code": ...}``; with ``--summary``, one line
``{"job_id", "total", "sent", "failed"}`` instead. stderr: the job id (rerunning with
``--job-id`` and the same file sends nothing twice), and the bar with ``--progress``.
Exit status: 0 every message sent, 1 any message failed, 2 bad arguments or a bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from poststack_proto import BulkSendOutcome

from ._sync import PostStack
from .types.emails import SendEmailParams

__all__ = ["main"]


class _BadLine(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="poststack send-many",
        description="Send every email of a JSON Lines file (one send payload per line).",
    )
    parser.add_argument("file", type=Path, help="the .jsonl file: one JSON object per line")
    parser.add_argument(
        "--job-id",
        help="derive every idempotency key from this id, so a rerun sends nothing twice",
    )
    parser.add_argument("--batch-size", type=int, default=100, help="emails per batch (1-100)")
    parser.add_argument("--concurrency", type=int, default=1, help="batches in flight (threads)")
    parser.add_argument("--progress", action="store_true", help="draw a progress bar on stderr")
    parser.add_argument(
        "--summary", action="store_true", help="print one summary line, not one line per email"
    )
    parser.add_argument("--api-key", help="default: $POSTSTACK_API_KEY")
    parser.add_argument("--base-url", help="default: $POSTSTACK_BASE_URL or the API")
    return parser


def _payloads(path: Path, lines: list[int] | None = None) -> Iterator[SendEmailParams]:
    """Every payload of the file, lazily; ``lines`` collects each payload's line number."""
    with path.open(encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                payload = json.loads(text)
            except ValueError as exc:
                raise _BadLine(f"line {number}: not valid JSON ({exc})") from None
            if not isinstance(payload, dict):
                raise _BadLine(
                    f"line {number}: expected a JSON object (a send payload), "
                    f"got {type(payload).__name__}"
                )
            if lines is not None:
                lines.append(number)
            yield cast("SendEmailParams", payload)


def _outcome_line(line: int, outcome: BulkSendOutcome) -> dict[str, object]:
    if outcome.error is None:
        record: dict[str, object] = {"line": line, "id": outcome.id}
        if outcome.replayed:
            record["replayed"] = True
        return record
    error = outcome.error
    return {
        "line": line,
        "error": error.error,
        "code": error.code,
        "status_code": error.status_code,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``poststack send-many ...``; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        count = sum(1 for _ in _payloads(args.file))
    except _BadLine as exc:
        print(f"poststack send-many: {args.file}: {exc}; nothing was sent", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"poststack send-many: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    lines: list[int] = []
    try:
        with PostStack(api_key=args.api_key, base_url=args.base_url) as ps:
            result = ps.emails.send_many(
                _Counted(_payloads(args.file, lines), count),
                job_id=args.job_id,
                batch_size=args.batch_size,
                concurrency=args.concurrency,
                progress=args.progress,
            )
    except (ValueError, TypeError, ImportError) as exc:
        print(f"poststack send-many: {exc}", file=sys.stderr)
        return 2
    except (OSError, _BadLine) as exc:  # the file changed between the check and the send
        print(f"poststack send-many: {args.file}: {exc}", file=sys.stderr)
        return 2
    print(
        f"poststack send-many: job id {result.job_id} "
        f"(rerun with --job-id {result.job_id} to send nothing twice)",
        file=sys.stderr,
    )
    out = sys.stdout
    if args.summary:
        summary = {
            "job_id": result.job_id,
            "total": len(result),
            "sent": result.sent,
            "failed": result.failed,
        }
        out.write(json.dumps(summary) + "\n")
    else:
        for line, outcome in zip(lines, result.results, strict=True):
            out.write(json.dumps(_outcome_line(line, outcome)) + "\n")
    out.flush()
    return 0 if result.ok else 1


class _Counted:
    """An iterator with a known length, so the progress bar and callbacks know the total."""

    __slots__ = ("_items", "_length")

    def __init__(self, items: Iterator[SendEmailParams], length: int) -> None:
        self._items = items
        self._length = length

    def __iter__(self) -> Iterator[SendEmailParams]:
        return self._items

    def __len__(self) -> int:
        return self._length
