"""Bulk benchmark: N messages through ``emails.send_many`` beside one-by-one sending.

    python benchmarks/bulk.py [--messages 100000] [--official-max 10000] [--smoke]
    python benchmarks/bulk.py variant NAME --url URL --messages N      (one run; used by the above)

Variants, each in a fresh process against the loopback benchmark server (server.py):

- ``send_many-h11-sync``: ``PostStack(transport="h11").emails.send_many(generator)``;
- ``send_many-aiohttp-async`` / ``send_many-h11-async``: ``AsyncPostStack`` with that
  transport, ``send_many`` with its default concurrency (4 batches in flight);
- ``gather-aiohttp-async``: the naive way over our own client, ``asyncio.gather`` of one
  ``emails.send`` per message, all at once (over aiohttp: over the default httpx transport
  ``gather-httpx-async`` already fails at 1,000 messages, its sends timing out while they
  wait for a pooled connection, so it is not in the default run);
- ``official-one-by-one``: the official 0.9.0 SDK's documented way, ``emails.send`` in a loop
  (from its own virtualenv, made by run.py);
- ``one-by-one-h11-sync`` / ``one-by-one-aiohttp-async`` / ``one-by-one-h11-async``: our own
  client sending one email per call (awaited one after the other) on each stack: a single
  send's cost, for the CPU ratio.

One-by-one and gather variants run at most ``--official-max`` messages: their rate and CPU
per message hardly depend on the count, and 100,000 would take minutes.

Every variant reads its messages from a generator (never a list of N dicts) and must end with
every message accepted. Reported per variant: messages per second (wall) and client CPU per
message (``time.process_time`` of the client process over the run). The ratios against the
official SDK and against a single send (``CPU per message of send_many`` ÷ ``CPU per message
of one-by-one sending with our client on the same stack``) are printed with the issue's targets
(≥ 20x the official messages/s; ≤ 1/10 of a single send's CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the checkers only: the official SDK's variant imports this module too
    from poststack.types import SendEmailParams

BENCH_DIR = Path(__file__).resolve().parent
API_KEY = "sk_test_bench0123456789abcdef0123456789"


def messages(count: int) -> Iterator[SendEmailParams]:
    """``count`` receipts, made one at a time (what a database cursor would give)."""
    for i in range(count):
        yield {
            "from": "Acme Receipts <receipts@acme.example>",
            "to": [f"customer{i}@example.com"],
            "subject": f"Your Acme receipt #{i}",
            "html": f"<h1>Thanks for your order!</h1><p>Order #{i}: $42.00.</p>",
        }


# --- variants (run inside the measured process) ---------------------------------------------


def _send_many_sync(url: str, count: int, transport: str) -> int:
    from poststack import PostStack

    with PostStack(api_key=API_KEY, base_url=url, transport=transport) as ps:
        result = ps.emails.send_many(messages(count))
    return result.sent


async def _send_many_async(url: str, count: int, transport: str) -> int:
    from poststack import AsyncPostStack

    async with AsyncPostStack(api_key=API_KEY, base_url=url, transport=transport) as ps:
        result = await ps.emails.send_many(messages(count))
    return result.sent


async def _gather(url: str, count: int, transport: str = "httpx") -> int:
    from poststack import AsyncPostStack

    async with AsyncPostStack(api_key=API_KEY, base_url=url, transport=transport) as ps:
        answers = await asyncio.gather(*(ps.emails.send(m) for m in messages(count)))
    return sum(1 for answer in answers if answer["id"])


def _one_by_one(url: str, count: int, **options: Any) -> int:
    """One ``emails.send`` per message: the official SDK's way (or ours, for the CPU ratio)."""
    import poststack

    with poststack.PostStack(api_key=API_KEY, base_url=url, **options) as ps:
        return sum(1 for m in messages(count) if ps.emails.send(m)["id"])


async def _one_by_one_async(url: str, count: int, transport: str) -> int:
    """One awaited ``emails.send`` after the other: a single send's cost on an async stack."""
    from poststack import AsyncPostStack

    sent = 0
    async with AsyncPostStack(api_key=API_KEY, base_url=url, transport=transport) as ps:
        for m in messages(count):
            sent += bool((await ps.emails.send(m))["id"])
    return sent


def run_variant(name: str, url: str, count: int) -> dict[str, Any]:
    import importlib

    import poststack

    # Load the client layers and transports before the clock starts: imports are not sending.
    if name == "official-one-by-one":
        _ = poststack.PostStack
    else:
        _ = (
            poststack.PostStack.emails.resource_class,
            poststack.AsyncPostStack.emails.resource_class,
        )
        for module in (
            "poststack_transports._h11",
            "poststack_transports._h11_async",
            "poststack_transports._aiohttp",
            "anyio._backends._asyncio",
        ):
            importlib.import_module(module)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if name == "send_many-h11-sync":
        sent = _send_many_sync(url, count, "h11")
    elif name == "send_many-aiohttp-async":
        sent = asyncio.run(_send_many_async(url, count, "aiohttp"))
    elif name == "send_many-h11-async":
        sent = asyncio.run(_send_many_async(url, count, "h11"))
    elif name == "gather-aiohttp-async":
        sent = asyncio.run(_gather(url, count, "aiohttp"))
    elif name == "gather-httpx-async":  # not in VARIANTS: see the module docstring
        sent = asyncio.run(_gather(url, count))
    elif name == "official-one-by-one":
        sent = _one_by_one(url, count)
    elif name == "one-by-one-h11-sync":
        sent = _one_by_one(url, count, transport="h11")
    elif name == "one-by-one-aiohttp-async":
        sent = asyncio.run(_one_by_one_async(url, count, "aiohttp"))
    elif name == "one-by-one-h11-async":
        sent = asyncio.run(_one_by_one_async(url, count, "h11"))
    else:
        raise SystemExit(f"unknown variant {name}")
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if sent != count:
        raise RuntimeError(f"{count - sent} of {count} messages not accepted")
    return {
        "status": "ok",
        "messages": count,
        "wall_s": wall,
        "cpu_s": cpu,
        "messages_per_s": count / wall,
        "cpu_us_per_message": cpu / count * 1e6,
    }


# --- the driver -----------------------------------------------------------------------------

SMOKE_MESSAGES = 100
VARIANTS = (
    "send_many-h11-sync",
    "send_many-aiohttp-async",
    "send_many-h11-async",
    "gather-aiohttp-async",
    "one-by-one-h11-sync",
    "one-by-one-aiohttp-async",
    "one-by-one-h11-async",
    "official-one-by-one",
)


def _measure(
    name: str, url: str, count: int, *, python: str, env: dict[str, str], timeout: float
) -> dict[str, Any]:
    command = [python, str(BENCH_DIR / "bulk.py"), "variant", name, "--url", url]
    command += ["--messages", str(count)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=BENCH_DIR,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "reason": f"timed out after {timeout:.0f} s"}
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"status": "failed", "reason": (done.stderr.strip() or "no output")[-500:]}


def run_bulk(
    official: Path | None,
    official_why: str,
    *,
    count: int = 100_000,
    official_max: int = 10_000,
    timeout: float = 900.0,
) -> dict[str, Any]:
    """Every variant against a fresh benchmark server; returns ``{name: measurement}``."""
    from run import (  # run.py imports this module too
        _env,  # pyright: ignore[reportPrivateUsage]  # a sibling script's helper
        bench_server,
    )

    results: dict[str, Any] = {}
    with bench_server(max_seconds=timeout * len(VARIANTS)) as (url, _server):
        for name in VARIANTS:
            if name == "official-one-by-one":
                if official is None:
                    results[name] = {"status": "unavailable", "reason": official_why}
                    continue
                python, env, n = str(official), _env(False), min(count, official_max)
            else:
                python, env = sys.executable, _env(True)
                capped = name.startswith(("one-by-one", "gather"))
                n = min(count, official_max) if capped else count
            results[name] = _measure(name, url, n, python=python, env=env, timeout=timeout)
            print(f"  bulk {name:26} {_cell(results[name])}")
    ratios: dict[str, float | None] = {}
    official_rate = _value(results, "official-one-by-one", "messages_per_s")
    for name in ("send_many-h11-sync", "send_many-aiohttp-async", "send_many-h11-async"):
        rate = _value(results, name, "messages_per_s")
        cpu = _value(results, name, "cpu_us_per_message")
        # A single send on the same stack: one-by-one-h11-sync for send_many-h11-sync...
        single_cpu = _value(results, name.replace("send_many", "one-by-one"), "cpu_us_per_message")
        ratios[f"{name} / official messages/s (target ≥ 20)"] = (
            rate / official_rate if rate and official_rate else None
        )
        ratios[f"{name} CPU/message ÷ single send's (target ≤ 0.1)"] = (
            cpu / single_cpu if cpu and single_cpu else None
        )
    for label, ratio in ratios.items():
        print(f"  {label}: {'—' if ratio is None else f'{ratio:.3f}'}")
    return {"messages": count, "official_max": official_max, "runs": results, "ratios": ratios}


def _value(results: dict[str, Any], name: str, field: str) -> float | None:
    entry = results.get(name, {})
    return float(entry[field]) if entry.get("status") == "ok" else None


def _cell(entry: dict[str, Any]) -> str:
    if entry.get("status") != "ok":
        return f"{entry.get('status')}: {entry.get('reason')}"
    return (
        f"{entry['messages_per_s']:10.0f} msg/s  {entry['cpu_us_per_message']:8.1f} µs CPU/msg"
        f"  ({entry['messages']} messages)"
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["variant"]:
        parser = argparse.ArgumentParser(prog="bulk.py variant")
        parser.add_argument("name")
        parser.add_argument("--url", required=True)
        parser.add_argument("--messages", type=int, required=True)
        one = parser.parse_args(args[1:])
        try:
            print(json.dumps(run_variant(one.name, one.url, one.messages)))
        except Exception as exc:
            print(json.dumps({"status": "failed", "reason": repr(exc)}))
            traceback.print_exc()
            return 1
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--official-max", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="100 messages, no official SDK")
    parser.add_argument("--no-official", action="store_true")
    parser.add_argument("--results", type=Path, help="write the measurements here (JSON)")
    options = parser.parse_args(args)
    sys.path.insert(0, str(BENCH_DIR))
    from run import ensure_official_venv  # needs the benchmarks directory

    official: Path | None = None
    why = "skipped (--smoke)" if options.smoke else "skipped (--no-official)"
    if not (options.smoke or options.no_official):
        official, why = ensure_official_venv()
    count = SMOKE_MESSAGES if options.smoke else options.messages
    summary = run_bulk(official, why, count=count, official_max=min(count, options.official_max))
    if options.results:
        options.results.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    failed = [n for n, e in summary["runs"].items() if e.get("status") == "failed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
