"""``poststack sandbox``: run the emulator from the command line until Ctrl-C.

The first line printed is ``PostStack sandbox on <url>  key: <api key>`` so scripts can read the
URL and key from it; the next lines say what to export and that ``<url>/`` is the inbox. Each
answered request is then logged on stderr as ``METHOD path -> status (request id)``; the key is
never printed there. Faults can be scripted at start-up with ``--fault`` (compact syntax, below)
or ``--faults FILE`` (JSON: a list of ``{"method", "path", "outcomes"}``).

Compact fault syntax: ``'METHOD PATH OUTCOME[,OUTCOME...]'`` where an outcome is

* ``503``: answer with that status and a default error body;
* ``429:2``: that status with ``Retry-After: 2``;
* ``delay:1.5``: wait, then handle normally;
* ``close:before_read`` / ``close:after_processing``: drop the connection;
* ``truncate``: send half the normal response, then drop the connection;
* ``garbage``: answer 200 with a non-JSON HTML body;
* ``pass``: handle normally.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from ._server import AsyncSandbox
from ._state import DEFAULT_DELIVERY_DELAY, DEFAULT_TIME_SCALE

__all__ = ["banner", "main", "parse_fault"]


def _outcome(token: str) -> dict[str, Any]:
    name, _, arg = token.strip().partition(":")
    if name.isdigit():
        outcome: dict[str, Any] = {"status": int(name)}
        if arg:
            outcome["headers"] = {"Retry-After": arg}
        return outcome
    if name == "delay" and arg:
        try:
            return {"delay": float(arg)}
        except ValueError:
            raise ValueError(f"bad delay in {token!r}") from None
    if name == "close" and arg in ("before_read", "after_processing"):
        return {"close": arg}
    if name == "truncate" and not arg:
        return {"truncate": True}
    if name == "pass" and not arg:
        return {"pass": True}
    if name == "garbage" and not arg:
        return {
            "status": 200,
            "raw": "<html><body>Bad gateway</body></html>",
            "headers": {"Content-Type": "text/html"},
        }
    raise ValueError(f"unknown fault outcome {token!r}")


def parse_fault(spec: str) -> tuple[str, str, list[dict[str, Any]]]:
    """Parse ``'POST /emails 503,429:1'`` into ``("POST", "/emails", [outcomes])``."""
    parts = spec.split()
    if len(parts) != 3:
        raise ValueError(f"fault {spec!r}: expected 'METHOD PATH OUTCOME[,OUTCOME...]'")
    method, path, outcomes = parts
    return method, path, [_outcome(token) for token in outcomes.split(",") if token]


def _load_fault_file(path: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of faults")
    faults: list[tuple[str, str, list[dict[str, Any]]]] = []
    for item in cast("list[object]", data):
        if not isinstance(item, dict):
            raise ValueError(f"{path}: each fault must be an object")
        entry = cast("dict[str, Any]", item)
        faults.append((entry.get("method", ""), entry.get("path", ""), entry.get("outcomes", [])))
    return faults


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="poststack sandbox",
        description="Run a local PostStack API emulator (nothing is ever really sent).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (0)")
    parser.add_argument("--db", metavar="FILE", help="SQLite file to keep state in (in memory)")
    parser.add_argument(
        "--key",
        action="append",
        metavar="KEY[=PERMISSION]",
        help="accept only these keys (repeatable; permission full_access or sending_access)",
    )
    parser.add_argument("--rate-limit", type=float, metavar="N", help="requests per second per key")
    parser.add_argument("--monthly-quota", type=int, metavar="N", help="emails before 429")
    parser.add_argument(
        "--delivery-delay",
        type=float,
        default=DEFAULT_DELIVERY_DELAY,
        metavar="S",
        help=f"seconds per delivery step ({DEFAULT_DELIVERY_DELAY})",
    )
    parser.add_argument(
        "--instant",
        action="store_true",
        help="deliver before the send is answered (same as --delivery-delay 0)",
    )
    parser.add_argument(
        "--domain",
        action="append",
        default=[],
        metavar="NAME",
        help="pre-register a verified sending domain (repeatable), e.g. --domain example.com",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=DEFAULT_TIME_SCALE,
        metavar="F",
        help=f"speed-up of long waits: webhook retries, workflow waits ({DEFAULT_TIME_SCALE})",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request on stderr")
    parser.add_argument(
        "--fault", action="append", default=[], metavar="SPEC", help="e.g. 'POST /emails 503,503'"
    )
    parser.add_argument("--faults", metavar="FILE", help="JSON list of {method, path, outcomes}")
    return parser


def banner(url: str, api_key: str, domains: Sequence[str]) -> str:
    """What the command prints once it serves (the first line's form is fixed)."""
    lines = [
        f"PostStack sandbox on {url}  key: {api_key}",
        "Point your code at it:",
        f"  export POSTSTACK_API_KEY={api_key}",
        f"  export POSTSTACK_BASE_URL={url}",
        f"Inbox (open in a browser): {url}/",
    ]
    if domains:
        lines.append(f"Verified sending domains: {', '.join(domains)}")
    else:
        lines.append(
            "No sending domain yet: sends are refused with 422 'Domain not verified' "
            "until you start with --domain NAME (or register and verify one)."
        )
    lines.append("Requests are logged below; Ctrl-C stops.")
    return "\n".join(lines)


async def _serve(sandbox: AsyncSandbox, *, quiet: bool) -> None:
    await sandbox.start()
    print(banner(sandbox.url, sandbox.api_key, sandbox.state.domains), flush=True)
    if not quiet:
        sandbox.state.request_log = _log_request
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not available on Windows' loop; Ctrl-C then arrives as KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await sandbox.stop()
        sandbox.close()


def _log_request(method: str, path: str, status: int, request_id: str) -> None:
    # The path only (no query string, no headers): nothing secret is printed.
    print(f"{method} {path} -> {status} ({request_id})", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``poststack sandbox``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    keys: dict[str, Any] | None = None
    if args.key:
        keys = {}
        for item in cast("list[str]", args.key):
            key, _, permission = item.partition("=")
            keys[key] = permission or "full_access"
    try:
        sandbox = AsyncSandbox(
            host=args.host,
            port=args.port,
            db=args.db,
            keys=keys,
            rate_limit_per_second=args.rate_limit,
            monthly_quota=args.monthly_quota,
            delivery_delay=0.0 if args.instant else args.delivery_delay,
            domains=cast("list[str]", args.domain),
            time_scale=args.time_scale,
        )
    except (ValueError, TypeError, OSError) as exc:
        parser.error(str(exc))
    try:
        faults = [parse_fault(spec) for spec in cast("list[str]", args.fault)]
        if args.faults:
            faults.extend(_load_fault_file(args.faults))
        for method, path, outcomes in faults:
            sandbox.add_fault(method, path, outcomes)
    except (ValueError, OSError) as exc:
        sandbox.close()
        parser.error(str(exc))
    try:
        asyncio.run(_serve(sandbox, quiet=args.quiet))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"poststack sandbox: port {args.port} on {args.host} is already in use; "
                "choose another with --port N (0 picks a free one)",
                file=sys.stderr,
            )
        else:
            print(f"poststack sandbox: {exc}", file=sys.stderr)
        return 1
    return 0
