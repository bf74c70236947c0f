"""Turns one run's results into ``results.json``, ``performance.md`` and a PNG plot.

Pure formatting: it measures nothing and reads nothing but the results dict that run.py
built. The plot needs matplotlib (Agg backend); without it the page says so and the table
is still written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PLOT_NAME = "benchmarks.png"
# Typographic signs for the page, spelled out so the source stays plain ASCII.
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
COLOURS = {"raw": "#8c8c8c", "ours": "#1f77b4", "official": "#d62728"}
MODES = [
    ("sync", "Sync, one request at a time"),
    ("async", "Async, one request at a time"),
    ("async x64", "Async, 64 concurrent sends over one client"),
]


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _spread(stat: dict[str, float] | None, unit: str = "") -> str:
    if not stat:
        return "—"
    return f"**{_num(stat['median'])}**{unit} ({_num(stat['min'])}{DASH}{_num(stat['max'])})"


def _ratio(stat: dict[str, float] | None, rounds: int) -> str:
    if not stat:
        return "—"
    text = f"**{stat['median']:.2f}{TIMES}** ({stat['min']:.2f}{DASH}{stat['max']:.2f})"
    if stat.get("rounds", rounds) < rounds:
        text += f" in {stat['rounds']:.0f} of {rounds} rounds"
    return text


def _who(variant: dict[str, Any]) -> str:
    return {"raw": "raw", "ours": "**ours**", "official": "official 0.9.0"}[variant["family"]]


def _variant_table(results: dict[str, Any], mode: str) -> list[str]:
    lines = [
        "| Client | HTTP stack | Client CPU µs/send | Sends/s | Server CPU (µs/send, busy) "
        "| RSS after 100 sends | Idempotency-Key |",
        "|---|---|--:|--:|--:|--:|:-:|",
    ]
    summary = results["summary"]["variants"]
    notes: list[str] = []
    for variant in results["variants"]:
        if variant["mode"] != mode:
            continue
        entry = summary[variant["key"]]
        library = variant["library"]
        if entry["status"] != "ok" and "cpu_us" in entry:
            notes.append(f"- {variant['label']}: *{entry['status']}*: {entry['reason']}")
            library += " ⚠"
        elif entry.get("note"):
            notes.append(f"- {variant['label']}: {entry['note']}")
            library += " ⚠"
        if "cpu_us" not in entry:
            lines.append(
                f"| {_who(variant)} | {variant['library']} "
                f"| *{entry['status']}*: {entry['reason'] or '?'} | | | | |"
            )
            continue
        server = entry["server_us"]["median"]
        busy = entry["server_busy"]["median"]
        lines.append(
            f"| {_who(variant)} | {library} | {_spread(entry['cpu_us'])} "
            f"| {_spread(entry['rate'])} | {server:.1f} µs, {busy:.0%} "
            f"| {entry['rss_mib']['median']:.1f} MiB | {entry['idempotency_key']} |"
        )
    if notes:
        lines += ["", *notes]
    return lines


def _busiest(results: dict[str, Any]) -> str:
    busiest = max(
        (
            (entry["server_busy"]["median"], key)
            for key, entry in results["summary"]["variants"].items()
            if "server_busy" in entry
        ),
        default=None,
    )
    if busiest is None:
        return "."
    share, key = busiest
    verdict = (
        "so the server is not what is being measured"
        if share < 0.8
        else "**high enough that the server may limit sends/s there** (CPU per send is "
        "still the client's own)"
    )
    return f": at most {share:.0%} (for {_label(results, key)}), {verdict}."


def _label(results: dict[str, Any], key: str) -> str:
    for variant in results["variants"]:
        if variant["key"] == key:
            return str(variant["label"])
    return key


def _cold_start(results: dict[str, Any]) -> list[str]:
    imports = results["imports"]
    reps = results["settings"]["import_reps"]
    same = imports.get("ours", {}).get("python") is not None and imports["ours"].get(
        "python"
    ) == imports.get("official", {}).get("python")
    out = [
        "## Cold start",
        "",
        "What a serverless function or a CLI pays before its first request. Each snippet runs in "
        "a fresh interpreter; the time shown is its wall time minus that of `python -c pass` "
        f"(the interpreter's own start-up): best of {reps} runs, median in brackets, the two "
        "packages interleaved run by run. "
        + (
            "Both packages run from the same interpreter and site-packages (the official "
            "venv's; ours on `PYTHONPATH`), so only the package differs, and both from "
            "bytecode (pip compiled the official package when it installed it; the run "
            "compiles ours with `compileall` first). "
            if same
            else ""
        )
        + "*... + its first send* is that client's first `emails.send` to the benchmark "
        "server over the package's default transport (httpx, for both): importing the HTTP "
        "stack, connecting and the answer included. "
        "`-X importtime` is the cumulative time the import itself reports for "
        "`from poststack import PostStack` (median).",
        "",
        "| Package | `import poststack` | import + `PostStack(api_key=...)` "
        "| ... + its first send | -X importtime |",
        "|---|--:|--:|--:|--:|",
    ]
    for who, label in (("ours", "**ours**"), ("official", "official 0.9.0")):
        entry = imports.get(who, {"status": "not run", "reason": ""})
        if entry["status"] != "ok":
            out.append(f"| {label} | *{entry['status']}*: {entry['reason']} | | | |")
            continue
        importtime = entry.get("importtime_ms")
        traced = f"{importtime:.1f} ms" if importtime is not None else "—"
        if "client_best_ms" not in entry:  # results of an older run: the import alone
            out.append(f"| {label} | {entry['wall_minus_pass_ms']:.1f} ms | — | — | {traced} |")
            continue
        sent = "—"
        if "send_best_ms" in entry:  # results of an older run have no first send
            sent = f"**{entry['send_best_ms']:.1f} ms** ({entry['send_median_ms']:.1f})"
        out.append(
            f"| {label} | **{entry['import_best_ms']:.1f} ms** ({entry['import_median_ms']:.1f}) "
            f"| **{entry['client_best_ms']:.1f} ms** ({entry['client_median_ms']:.1f}) "
            f"| {sent} | {traced} |"
        )
    return [*out, ""]


_BULK_ROWS = [
    ("send_many-h11-sync", "**ours** `send_many`", "h11, sync"),
    ("send_many-aiohttp-async", "**ours** `send_many`", "aiohttp, async"),
    ("send_many-h11-async", "**ours** `send_many`", "h11, async"),
    ("gather-aiohttp-async", "ours, naive `asyncio.gather` of `send`", "aiohttp, async"),
    ("one-by-one-h11-sync", "ours, `send` one by one", "h11, sync"),
    ("one-by-one-aiohttp-async", "ours, `send` one by one", "aiohttp, async"),
    ("one-by-one-h11-async", "ours, `send` one by one", "h11, async"),
    ("official-one-by-one", "official 0.9.0, `send` one by one", "httpx, sync"),
]


def _bulk(results: dict[str, Any]) -> list[str]:
    bulk = results.get("bulk")
    if not bulk:
        return []
    out = [
        "## Many messages: `emails.send_many`",
        "",
        f"{bulk['messages']:,} messages through `emails.send_many` (`benchmarks/bulk.py`), each "
        "variant in a fresh process against the same loopback server, messages read from a "
        "generator. The one-by-one and gather rows send at most "
        f"{bulk['official_max']:,} (their rate hardly depends on the count). *Client CPU* is "
        "`time.process_time()` of the sending process over the whole run, per message; "
        "*messages/s* is wall-clock. One run each, so expect more noise than above.",
        "",
        "| Sender | Stack | Messages | Messages/s | Client CPU µs/message |",
        "|---|---|--:|--:|--:|",
    ]
    for name, who, stack in _BULK_ROWS:
        entry = bulk["runs"].get(name)
        if entry is None:
            continue
        if entry.get("status") != "ok":
            out.append(f"| {who} | {stack} | *{entry.get('status')}*: {entry.get('reason')} | | |")
            continue
        out.append(
            f"| {who} | {stack} | {entry['messages']:,} | **{entry['messages_per_s']:,.0f}** "
            f"| **{_num(entry['cpu_us_per_message'])}** |"
        )
    out += ["", "| Ratio | Value |", "|---|--:|"]
    for label, value in bulk["ratios"].items():
        shown = "—" if value is None else f"{value:.3f}{TIMES}"
        out.append(f"| {label} | {shown} |")
    out += [
        "",
        "Many workers sharing one account's rate limit (8 processes against the sandbox's "
        "`--rate-limit`, with and without `RedisRateLimiter`: 429s met, requests, throughput) "
        "are measured by `benchmarks/shared_limit.py`, which needs a `redis-server`; its "
        "figures are on [Sending at volume](volume.md#measured).",
    ]
    return [*out, ""]


FINDINGS = Path(__file__).resolve().parent / "findings.md"


def _profile(results: dict[str, Any]) -> list[str]:
    profile = results.get("profile")
    if not profile:
        return []
    from profile_layers import render_profile

    out = render_profile(profile)
    if FINDINGS.exists():  # the hand-written reading of the profiles
        out += [FINDINGS.read_text(encoding="utf-8").strip(), ""]
    return out


def render_markdown(results: dict[str, Any], plot_path: str | None) -> str:
    machine = results["machine"]
    settings = results["settings"]
    server = results["server"]
    libs = ", ".join(f"{name} {version}" for name, version in machine["libraries"].items())
    load0 = ", ".join(f"{x:.2f}" for x in machine["loadavg_start"])
    load1 = ", ".join(f"{x:.2f}" for x in machine.get("loadavg_end", machine["loadavg_start"]))
    out = [
        "# Performance",
        "",
        "<!-- Generated by `python benchmarks/run.py`; do not edit by hand, rerun it. -->",
        "",
        "What one `emails.send` costs the process that makes it, for our client over each "
        'transport, beside the same HTTP library used by hand ("raw") and beside the '
        "official `poststack` 0.9.0 SDK (httpx only). Lower CPU per send is better; the "
        "ratios below are what the promise of a near-free sans-IO core is judged on.",
        "",
        "## Where and when",
        "",
        f"- Taken **{results['started']}** (UTC), in {results['duration_s']:.0f} s,"
        f" at commit `{machine['commit']}`.",
        f"- CPU: **{machine['cpu']}**, {machine['cores']} cores, {machine['memory']} RAM; "
        f"{machine['os']}.",
        f"- {machine['implementation']} {machine['python']}; {libs}.",
        f"- Load average (1, 5, 15 min) at start: {load0}; at end: {load1}. The machine is "
        "shared with other work, so expect a few percent of noise; the ratios are paired "
        "per round, which cancels most of it.",
        f"- {settings['rounds']} rounds {TIMES} {settings['sends']} timed sends per variant "
        f"(after {settings['warmup']} warm-up sends), every variant in a fresh process, "
        "in an order rotated each round."
        + (" **Smoke run: numbers are not meaningful.**" if settings["smoke"] else ""),
        "",
    ]
    if plot_path:
        out += [f"![Client CPU per send and sends per second]({plot_path})", ""]
    else:
        out += ["*(No plot: matplotlib was not importable when this page was generated.)*", ""]

    out += ["## Targets", "", "| Target | Measured (median) | Verdict |", "|---|--:|:-:|"]
    for judged in results["targets"]:
        value = judged["value"]
        if value is None:
            shown = "—"
        elif "µs" in judged["target"]:
            shown = f"{value:.2f} µs"
        else:
            shown = f"{value:.3f}{TIMES}"  # three places: a verdict at 1.05 must not read 1.05
        if value is not None and judged.get("rounds", settings["rounds"]) < settings["rounds"]:
            shown += f" (in {judged['rounds']} of {settings['rounds']} rounds)"
        verdict = {"met": "✅ met", "missed": "❌ missed"}.get(judged["verdict"], judged["verdict"])
        out.append(f"| {judged['target']} | {shown} | {verdict} |")
    out.append("")

    out += ["## Client CPU per send", ""]
    out.append(
        f"Median over the rounds, min{DASH}max in brackets. *Client CPU* is "
        "`time.process_time()` of the sending process over a batch of timed sends, divided "
        "by their number (each run times its sends in "
        f"{settings.get('batches', 1)} batches and keeps the median batch): it includes "
        "building the JSON, the HTTP library, the event loop and decoding the answer, and "
        "nothing of the server. *Sends/s* is wall-clock over all the timed sends and "
        "also depends on the server and the loopback. *Server CPU* is the benchmark "
        "server's own CPU over the same window, per send and as a share of one core "
        "(*busy*)" + _busiest(results)
    )
    out.append("")
    for mode, title in MODES:
        out += [f"### {title}", "", *_variant_table(results, mode), ""]

    out += [
        "## Ratios of client CPU per send",
        "",
        "Each ratio is taken within a round (the two variants ran minutes apart at most), "
        f"then summarised: median (min{DASH}max) over the rounds.",
        "",
        "| Comparison | Numerator | Denominator | Ratio |",
        "|---|---|---|--:|",
    ]
    for ratio in results["summary"]["ratios"]:
        out.append(
            f"| {ratio['says']} | {_label(results, ratio['numerator'])} "
            f"| {_label(results, ratio['denominator'])} "
            f"| {_ratio(ratio['ratio'], settings['rounds'])} |"
        )
    out.append("")

    core = results["summary"]["core"]
    out += ["## The core alone", ""]
    if core["us_per_call"]:
        out.append(
            f"One `PostStack.emails.send` over an in-memory transport that returns a canned "
            f"202 (build the request with its JSON body and Idempotency-Key, parse the "
            f"response, decide): **{core['us_per_call']['median']:.2f} µs** per call, median "
            f"over the rounds ({core['us_per_call']['min']:.2f}{DASH}"
            f"{core['us_per_call']['max']:.2f}); best batch {core['us_per_call_best']:.2f} µs. "
            f"Each round times {settings['core_repeat']} batches of "
            f"{settings['core_number']} calls with the garbage collector on."
        )
    else:
        out.append(f"*{core['status']}*: {core['reason']}")
    out.append("")

    out += _cold_start(results)
    out += _bulk(results)
    out += _profile(results)

    out += [
        "## Memory",
        "",
        "VmRSS of the benchmark process after the client's first 100 sends (its pool warm; "
        "64 connections for the x64 rows), in the tables above. For scale, the same "
        f"script with no client imported: **{results['baseline_rss_mib']:.1f} MiB**.",
        "",
        "## The server",
        "",
        f"`benchmarks/server.py` on {server['loop']}: a keep-alive HTTP/1.1 parser over "
        "asyncio protocols, in its own process. Over the whole run it used "
        f"**{server['cpu_share']:.0%}** of one core ({server['cpu_s']:.1f} s of CPU in "
        f"{server['wall_s']:.0f} s) and answered **{server['emails']}** sends of "
        f"{server['expected_emails']} expected, with {server['bad_requests']} bad requests.",
        "",
        "## How to reproduce",
        "",
        "```",
        "python benchmarks/run.py            # full run, rewrites this page and the plot",
        "python benchmarks/run.py --smoke    # seconds; writes to benchmarks/results/smoke",
        "python benchmarks/profile_layers.py # the per-layer table alone",
        "```",
        "",
        "The official SDK is installed by the harness into `benchmarks/.official-venv` "
        "(same httpx version as ours), since it has our import name. Raw clients send "
        "`Authorization` and `Content-Type`; ours and the official SDK add an "
        "`Idempotency-Key` they generate per call. Every variant serialises the same "
        "payload on every send and decodes the JSON answer. Each raw loop is the leanest "
        "honest one a user would write with that library (see `benchmarks/variants.py`): "
        "aiohttp is `session.post(url, data=json.dumps(msg).encode(), headers=...)` then "
        "`await r.json(content_type=None)` over one session; httpx and requests post "
        "bytes they serialised themselves to a full URL; h11 (sync, and over asyncio "
        "streams) is a keep-alive connection per concurrent send. Async variants run on the "
        "default asyncio loop. Targets are reported here, never enforced by a test.",
        "",
    ]
    return "\n".join(out)


def render_plot(results: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    summary = results["summary"]["variants"]
    variants = list(reversed(results["variants"]))
    labels: list[str] = []
    colours: list[str] = []
    cpu: list[float] = []  # medians, and (below, above) the median: the error bars
    cpu_err: list[tuple[float, float]] = []
    rate: list[float] = []
    rate_err: list[tuple[float, float]] = []
    for variant in variants:
        entry = summary[variant["key"]]
        ok = entry["status"] == "ok" and "cpu_us" in entry
        labels.append(variant["label"] + ("" if ok else f" ({entry['status']})"))
        colours.append(COLOURS[variant["family"]])
        for stat, values, errors in (
            (entry.get("cpu_us"), cpu, cpu_err),
            (entry.get("rate"), rate, rate_err),
        ):
            if ok and stat:
                values.append(stat["median"])
                errors.append((stat["median"] - stat["min"], stat["max"] - stat["median"]))
            else:
                values.append(0.0)
                errors.append((0.0, 0.0))
    height = 1.6 + 0.3 * len(variants)
    # matplotlib ships its own types but leaves some methods' **kwargs untyped (which ones
    # depends on its version): those calls say so to pyright, one by one.
    fig, (ax_cpu, ax_rate) = plt.subplots(  # pyright: ignore[reportUnknownMemberType]  # above
        1, 2, figsize=(13, height), sharey=True
    )
    positions = range(len(variants))
    ax_cpu.barh(positions, cpu, color=colours, xerr=list(zip(*cpu_err, strict=True)), capsize=2)
    ax_cpu.set_xscale("log")
    ax_cpu.set_xlabel("client CPU per send, µs (log scale; lower is better)")
    ax_cpu.set_yticks(list(positions), labels, fontsize=8)
    for pos, value, (_, above) in zip(positions, cpu, cpu_err, strict=True):
        if value:  # the label goes past the error bar, not over it
            ax_cpu.text((value + above) * 1.06, pos, f"{value:.0f}", va="center", fontsize=7)
    ax_rate.barh(positions, rate, color=colours, xerr=list(zip(*rate_err, strict=True)), capsize=2)
    ax_rate.set_xlabel("sends per second (higher is better)")
    for axis in (ax_cpu, ax_rate):
        axis.grid(axis="x", alpha=0.3)
        # a rule between the sync, async and async x64 groups
        for pos in range(1, len(variants)):
            if variants[pos]["mode"] != variants[pos - 1]["mode"]:
                axis.axhline(pos - 0.5, color="black", linewidth=0.6, alpha=0.5)
    from matplotlib.patches import Patch

    ax_rate.legend(
        handles=[
            Patch(color=COLOURS["raw"], label="raw HTTP library"),
            Patch(color=COLOURS["ours"], label="ours (poststack, this repo)"),
            Patch(color=COLOURS["official"], label="official poststack 0.9.0"),
        ],
        loc="lower right",
        fontsize=8,
    )
    machine = results["machine"]
    fig.suptitle(  # pyright: ignore[reportUnknownMemberType]  # untyped **kwargs, see above
        f"poststack: cost per send — {machine['cpu']}, {machine['cores']} cores, "
        f"Python {machine['python']}, {results['started'][:10]}",
        fontsize=10,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)  # pyright: ignore[reportUnknownMemberType]  # as suptitle
    plt.close(fig)
    return True


def write_report(
    results: dict[str, Any], out: Path, results_dir: Path, *, plot: bool = True
) -> list[Path]:
    """Write results.json, performance.md and (if it can) the plot; return the paths."""
    written: list[Path] = []
    results_dir.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    results_json = results_dir / "results.json"
    results_json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    written.append(results_json)
    plot_file = out / "img" / PLOT_NAME
    plotted = plot and render_plot(results, plot_file)
    if plotted:
        written.append(plot_file)
    page = out / "performance.md"
    page.write_text(
        render_markdown(results, f"img/{PLOT_NAME}" if plotted else None), encoding="utf-8"
    )
    written.append(page)
    return written
