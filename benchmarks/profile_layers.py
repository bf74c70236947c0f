"""Where the microseconds of one send go, layer by layer: ours beside the raw loop.

    python benchmarks/profile_layers.py [--sends 1000] [--url URL]       (all pairs; own server)
    python benchmarks/profile_layers.py variant NAME --url URL --sends N --concurrency C

Each variant of variants.py runs in a fresh process: warm-up sends, then ``--sends`` sends
timed without a profiler (client CPU per send, as in the main tables), then ``--sends`` more
under cProfile. Every profiled function's own time (*tottime*) goes to the layer its file
belongs to; a C function (``json`` encoder, ``socket.send``, ``dict.get``...) has no file, so its
time goes to the layers of its callers, in the proportion cProfile recorded per caller. The
shares are then scaled to the unprofiled CPU per send, so a row reads "µs of a real send".
cProfile adds a fixed cost per Python call, which inflates call-heavy layers a little: read
the differences between ours and raw, not the third digit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent

LAYERS = [
    ("core", "core (`poststack_proto`: request, retry policy, response parsing)"),
    ("client", "client layer (`poststack`: resource method, call object, client)"),
    ("transport", "transport adapter (`poststack_transports`)"),
    ("library", "HTTP library (httpx/httpcore, h11, aiohttp/yarl/multidict, requests/urllib3)"),
    ("loop", "event loop, sockets, selectors, ssl"),
    ("json", "JSON encode/decode (stdlib `json`)"),
    ("bench", "the benchmark loop itself (`variants.py`)"),
    ("other", "everything else (other stdlib: http.client, email, typing, uuid, logging...)"),
]
_LIBRARIES = (
    "httpx",
    "httpcore",
    "h11",
    "aiohttp",
    "yarl",
    "multidict",
    "propcache",
    "frozenlist",
    "aiosignal",
    "attr",
    "requests",
    "urllib3",
    "idna",
    "certifi",
    "charset_normalizer",
    "anyio",
    "sniffio",
)
_LOOP = ("asyncio", "selectors", "socket", "ssl", "uvloop", "threading", "contextvars")

# (ours, raw, concurrency, label): the pairs whose ratios run.py reports.
PAIRS = [
    ("ours-h11", "raw-h11", 1, "h11 · sync"),
    ("ours-httpx", "raw-httpx", 1, "httpx · sync"),
    ("ours-requests", "raw-requests", 1, "requests · sync"),
    ("ours-aiohttp", "raw-aiohttp", 1, "aiohttp · async"),
    ("ours-aiohttp", "raw-aiohttp", 64, "aiohttp · async x64"),
    ("ours-h11-async", "raw-h11-async", 1, "h11 · async"),
    ("ours-h11-async", "raw-h11-async", 64, "h11 · async x64"),
    ("ours-httpx-async", "raw-httpx-async", 1, "httpx · async"),
    ("ours-httpx-async", "raw-httpx-async", 64, "httpx · async x64"),
]


def layer_of(filename: str) -> str:
    """The layer a Python source file belongs to ("" for a C function: no file)."""
    if filename == "~" or filename.startswith("<"):
        return "" if filename == "~" else "other"
    path = filename.replace(os.sep, "/")
    if "/poststack_proto/" in path:
        return "core"
    if "/poststack_transports/" in path:
        return "transport"
    if path.startswith(str(REPO_ROOT).replace(os.sep, "/") + "/poststack/"):
        return "client"
    if path.endswith("/benchmarks/variants.py"):
        return "bench"
    parts = path.split("/")
    for index, part in enumerate(parts[:-1]):
        if part in ("site-packages", "dist-packages"):
            top = parts[index + 1].removesuffix(".py")
            return "library" if top in _LIBRARIES else "other"
    top = parts[-2] if len(parts) > 1 else ""
    module = parts[-1].removesuffix(".py")
    if top == "json":
        return "json"
    if top == "asyncio" or module in _LOOP:
        return "loop"
    if "/poststack/" in path:  # an installed copy of ours (not expected here)
        return "client"
    return "other"


Func = tuple[str, int, str]


def attribute(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of own time per layer; a C function's time goes to its callers' layers."""
    # pstats keeps its table here, undeclared in typeshed:
    # {(file, line, name): (calls, primitive, tottime, cumtime, {caller: (..., tottime, ...)})}
    table: dict[Func, tuple[int, int, float, float, dict[Func, tuple[int, int, float, float]]]]
    table = getattr(stats, "stats")  # noqa: B009  # typeshed does not declare the attribute
    layers = {name: 0.0 for name, _ in LAYERS}

    def resolve(func: Func, depth: int = 0) -> dict[str, float]:
        """Layer weights of a function: its file's layer, or its callers' for a C one."""
        layer = layer_of(func[0])
        if layer or depth > 4:
            return {layer or "other": 1.0}
        callers = table[func][4]
        total = sum(entry[2] for entry in callers.values())
        if not callers or total <= 0:
            return {"json": 1.0} if "json" in func[2] else {"other": 1.0}
        weights: dict[str, float] = {}
        for caller, entry in callers.items():
            if caller not in table:
                continue
            for name, share in resolve(caller, depth + 1).items():
                weights[name] = weights.get(name, 0.0) + share * entry[2] / total
        return weights or {"other": 1.0}

    for func, (_cc, _nc, tottime, _ct, _callers) in table.items():
        if tottime <= 0:
            continue
        layer = layer_of(func[0])
        if layer:
            layers[layer] += tottime
            continue
        if (
            func[2].startswith(("<method 'send' of '_socket", "<method 'recv"))
            or "select" in func[2]
        ):
            layers["loop"] += tottime  # a syscall is the loop's and the sockets', whoever asks
            continue
        if "_json" in func[2] or "json" in func[2]:
            layers["json"] += tottime
            continue
        for name, share in resolve(func).items():
            layers[name] += tottime * share
    return layers


def profile_variant(name: str, url: str, sends: int, concurrency: int) -> dict[str, Any]:
    import variants

    run_many = variants._run_many  # pyright: ignore[reportPrivateUsage]  # a sibling script's
    profiler = cProfile.Profile()
    if name in variants.SYNC_FACTORIES:
        with contextlib.ExitStack() as stack:
            send = variants.SYNC_FACTORIES[name](url, stack)
            for _ in range(100):
                send()
            cpu0 = time.process_time()
            for _ in range(sends):
                send()
            cpu_us = (time.process_time() - cpu0) / sends * 1e6
            profiler.enable()
            for _ in range(sends):
                send()
            profiler.disable()
    else:

        async def run() -> float:
            async with contextlib.AsyncExitStack() as stack:
                send = await variants.ASYNC_FACTORIES[name](url, stack)
                await run_many(send, 100 if concurrency == 1 else 256, concurrency)
                cpu0 = time.process_time()
                await run_many(send, sends, concurrency)
                cpu = (time.process_time() - cpu0) / sends * 1e6
                profiler.enable()
                await run_many(send, sends, concurrency)
                profiler.disable()
                return cpu

        cpu_us = asyncio.run(run())
    stats = pstats.Stats(profiler)
    seconds = attribute(stats)
    total = sum(seconds.values()) or 1e-12
    return {
        "status": "ok",
        "name": name,
        "concurrency": concurrency,
        "sends": sends,
        "cpu_us": cpu_us,
        "share": {layer: value / total for layer, value in seconds.items()},
        "us": {layer: value / total * cpu_us for layer, value in seconds.items()},
    }


def _run_one(name: str, url: str, sends: int, concurrency: int, timeout: float) -> dict[str, Any]:
    from run import _env  # pyright: ignore[reportPrivateUsage]  # a sibling script's helper

    command = [sys.executable, str(BENCH_DIR / "profile_layers.py"), "variant", name]
    command += ["--url", url, "--sends", str(sends), "--concurrency", str(concurrency)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=_env(name.startswith("ours")),
            cwd=BENCH_DIR,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "reason": f"timed out after {timeout:.0f} s"}
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"status": "failed", "reason": (done.stderr.strip() or "no output")[-300:]}


def run_profiles(
    url: str, sends: int, pairs: list[Any] | None = None, repeats: int = 1
) -> dict[str, Any]:
    """Profile every pair against the server at ``url``, each side ``repeats`` times (the
    run with the least CPU per send is kept); ``{"sends", "repeats", "pairs": [...]}``."""
    rows: list[dict[str, Any]] = []
    for ours, raw, concurrency, label in pairs or PAIRS:
        # fewer sends for the slow httpx async pool at 64: its cost is per send all the same
        n = sends if not (ours == "ours-httpx-async" and concurrency > 1) else max(sends // 2, 1)
        row: dict[str, Any] = {"label": label}
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "raw": []}
        for _ in range(repeats):  # alternating, so a burst of load hits both sides alike
            runs["ours"].append(_run_one(ours, url, n, concurrency, 300.0))
            runs["raw"].append(_run_one(raw, url, n, concurrency, 300.0))
        for side, found in runs.items():
            ok = [run for run in found if run.get("status") == "ok"]
            # the least disturbed run: on a shared machine noise only ever adds CPU
            row[side] = min(ok, key=lambda run: float(run["cpu_us"])) if ok else found[0]
        for side in ("ours", "raw"):
            if row[side].get("status") != "ok":
                print(f"  profile {label} {side}: {row[side].get('reason')}")
        rows.append(row)
    return {"sends": sends, "repeats": repeats, "pairs": rows}


def render_profile(profile: dict[str, Any]) -> list[str]:
    """The page's section: per pair, µs per send in each layer, ours beside raw."""
    out = [
        "## Where the time goes, per layer",
        "",
        "Each variant run again in a fresh process under cProfile (`benchmarks/profile_layers.py`, "
        f"{profile['sends']:,} profiled sends after as many timed without the profiler; "
        f"{profile.get('repeats', 1)} runs of each, alternating ours and raw, keeping the one "
        "with the least CPU per send, since load from elsewhere only ever adds). Each "
        "function's own time goes to the layer of its file; a C function's (the JSON encoder, "
        "`socket.send`, `dict.get`...) to its callers' layers, except socket and selector calls "
        "(the loop's) and JSON's C parts (JSON's). The shares are scaled to the send's CPU "
        "without the profiler, so cells are µs of a real send. cProfile charges a fixed cost per "
        "Python call, which inflates call-heavy layers: read the differences, not the third digit.",
        "",
        "Layers: "
        + "; ".join(f"**{name}**: {text}" for name, text in LAYERS)
        + ". The transport adapter exists only in ours; in a raw loop the work it does "
        "(building headers, calling the library) is in the benchmark loop or the library.",
        "",
    ]
    header = "| Stack | Who | CPU µs/send | " + " | ".join(n for n, _ in LAYERS) + " |"
    out += [header, "|---|---|--:|" + "--:|" * len(LAYERS)]
    for row in profile["pairs"]:
        cells: dict[str, dict[str, Any]] = {}
        for side in ("ours", "raw"):
            entry = row[side]
            if entry.get("status") != "ok":
                out.append(
                    f"| {row['label']} | {side} | *{entry.get('status')}*: "
                    f"{entry.get('reason')} |" + " |" * len(LAYERS)
                )
                continue
            cells[side] = entry
            who = "**ours**" if side == "ours" else "raw"
            values = " | ".join(f"{entry['us'][name]:.1f}" for name, _ in LAYERS)
            out.append(f"| {row['label']} | {who} | {entry['cpu_us']:.1f} | {values} |")
        if len(cells) == 2:
            diff = " | ".join(
                f"{cells['ours']['us'][name] - cells['raw']['us'][name]:+.1f}" for name, _ in LAYERS
            )
            total = cells["ours"]["cpu_us"] - cells["raw"]["cpu_us"]
            out.append(f"| {row['label']} | *ours minus raw* | *{total:+.1f}* | {diff} |")
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["variant"]:
        parser = argparse.ArgumentParser(prog="profile_layers.py variant")
        parser.add_argument("name")
        parser.add_argument("--url", required=True)
        parser.add_argument("--sends", type=int, default=1000)
        parser.add_argument("--concurrency", type=int, default=1)
        one = parser.parse_args(args[1:])
        try:
            out = profile_variant(one.name, one.url, one.sends, one.concurrency)
        except Exception as exc:
            out = {"status": "failed", "reason": f"{type(exc).__name__}: {exc}"}
            traceback.print_exc()
            print(json.dumps(out))
            return 1
        print(json.dumps(out))
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=2, help="runs per side; the least CPU kept")
    parser.add_argument("--url", default="", help="a running server.py (else one is started)")
    options = parser.parse_args(args)
    sys.path.insert(0, str(BENCH_DIR))
    if options.url:
        profile = run_profiles(options.url, options.sends, repeats=options.repeats)
    else:
        from run import bench_server

        with bench_server(max_seconds=1800) as (url, _server):
            profile = run_profiles(url, options.sends, repeats=options.repeats)
    print("\n".join(render_profile(profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
