"""Benchmark harness: our cost per send beside the raw HTTP clients and the official SDK.

    python benchmarks/run.py [--smoke] [--rounds N] [--sends N] [--out docs] [--results DIR]

What it does, in order:

1. Creates ``benchmarks/.official-venv`` (``python -m venv`` + ``pip install poststack==0.9.0``
   with the httpx version of this environment) unless it is already there; the official
   package has our import name, so it can only be measured from its own interpreter.
2. Starts the loopback server (server.py) in its own process.
3. Runs every variant (variants.py) and the core-only timing (core.py) in a fresh
   subprocess each, ``--rounds`` times, in an order rotated every round so no variant
   always runs first or last, or always right after the same neighbour.
4. Times ``from poststack import PostStack`` (ours and official) in fresh interpreters and reads the
   resident memory of a bare interpreter as the baseline for the memory column.
5. Writes ``results.json`` (``--results``), ``performance.md`` and ``img/benchmarks.png``
   (``--out``), and prints the table and each target with met/missed.

A variant whose library (or our client) cannot be imported is reported as unavailable, and
one that crashes as failed, in the table and on stdout: never left out silently. Targets
are reported, never asserted: the exit status is 0 unless the harness itself broke or the
server missed a request.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from variants import API_KEY, PAYLOAD, server_stats

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
OFFICIAL_VENV = BENCH_DIR / ".official-venv"
OFFICIAL_VERSION = "0.9.0"


@dataclass(frozen=True)
class Variant:
    """One row of the table: a client, a mode, and the interpreter it runs in."""

    name: str  # the variants.py entry
    family: str  # raw | ours | official
    library: str  # the HTTP stack underneath
    mode: str  # sync | async | async x64
    concurrency: int = 1

    @property
    def key(self) -> str:
        return self.name if self.concurrency == 1 else f"{self.name}@{self.concurrency}"

    @property
    def label(self) -> str:
        who = {"raw": "raw", "ours": "ours", "official": "official 0.9.0"}[self.family]
        return f"{who} · {self.library} · {self.mode}"


def _variants() -> list[Variant]:
    sync = [
        Variant("raw-http.client", "raw", "http.client", "sync"),
        Variant("raw-h11", "raw", "h11", "sync"),
        Variant("ours-h11", "ours", "h11", "sync"),
        Variant("raw-httpx", "raw", "httpx", "sync"),
        Variant("ours-httpx", "ours", "httpx", "sync"),
        Variant("raw-requests", "raw", "requests", "sync"),
        Variant("ours-requests", "ours", "requests", "sync"),
        Variant("official-sync", "official", "httpx", "sync"),
    ]
    asynchronous: list[Variant] = []
    for concurrency, mode in ((1, "async"), (64, "async x64")):
        asynchronous += [
            Variant("raw-aiohttp", "raw", "aiohttp", mode, concurrency),
            Variant("ours-aiohttp", "ours", "aiohttp", mode, concurrency),
            Variant("raw-httpx-async", "raw", "httpx", mode, concurrency),
            Variant("ours-httpx-async", "ours", "httpx", mode, concurrency),
            Variant("raw-h11-async", "raw", "h11", mode, concurrency),
            Variant("ours-h11-async", "ours", "h11", mode, concurrency),
            Variant("official-async", "official", "httpx", mode, concurrency),
        ]
    return sync + asynchronous


VARIANTS = _variants()

# (numerator, denominator, what it says); each ratio is taken per round, then summarised.
RATIOS = [
    ("ours-h11", "raw-h11", "ours / raw"),
    ("ours-httpx", "raw-httpx", "ours / raw"),
    ("ours-requests", "raw-requests", "ours / raw"),
    ("ours-aiohttp", "raw-aiohttp", "ours / raw"),
    ("ours-aiohttp@64", "raw-aiohttp@64", "ours / raw"),
    ("ours-httpx-async", "raw-httpx-async", "ours / raw"),
    ("ours-httpx-async@64", "raw-httpx-async@64", "ours / raw"),
    ("ours-h11-async", "raw-h11-async", "ours / raw"),
    ("ours-h11-async@64", "raw-h11-async@64", "ours / raw"),
    ("official-sync", "ours-h11", "official / ours"),
    ("official-sync", "ours-httpx", "official / ours"),
    ("official-async", "ours-aiohttp", "official / ours"),
    ("official-async@64", "ours-aiohttp@64", "official / ours"),
    ("official-async", "ours-httpx-async", "official / ours"),
    ("official-async@64", "ours-httpx-async@64", "official / ours"),
]


@dataclass(frozen=True)
class Target:
    text: str
    kind: str  # "core", "ratio", "cold" (start-up) or "bulk" (a bulk.py ratio, by its label)
    numerator: str
    denominator: str
    op: str  # "<=" or ">="
    bound: float


# Every ours/raw pair of RATIOS: ours must cost no more client CPU than the raw loop (issue #14).
_PAIRS = [(top, bottom) for top, bottom, says in RATIOS if says == "ours / raw"]


def _pair_text(top: str, bottom: str) -> str:
    name, _, concurrency = top.partition("@")
    stack = name.removeprefix("ours-").removesuffix("-async")
    mode = "async" if name.endswith("-async") or stack == "aiohttp" else "sync"
    if concurrency:
        mode += f", {concurrency} concurrent"
    elif mode == "async":
        mode += ", one at a time"
    return f"Ours ≤ 1.00x raw on {stack} ({mode})"


TARGETS = [
    Target("Core only ≤ 15 µs per call", "core", "core", "", "<=", 15.0),
    *(Target(_pair_text(top, bottom), "ratio", top, bottom, "<=", 1.00) for top, bottom in _PAIRS),
    Target(
        "Ours over h11 ≥ 2.7x cheaper than official sync",
        "ratio",
        "official-sync",
        "ours-h11",
        ">=",
        2.7,
    ),
    Target(
        "Ours over aiohttp x64 ≥ 15x cheaper than official async x64",
        "ratio",
        "official-async@64",
        "ours-aiohttp@64",
        ">=",
        15.0,
    ),
    Target(
        "Import + PostStack(api_key=...) ≤ 0.5x the official package's time (best of N)",
        "cold",
        "ours",
        "official",
        "<=",
        0.5,
    ),
    *(
        Target(
            f"send_many ({stack}) ≥ 20x the official SDK's messages/s",
            "bulk",
            f"send_many-{stack} / official messages/s (target ≥ 20)",
            "",
            ">=",
            20.0,
        )
        for stack in ("h11-sync", "aiohttp-async", "h11-async")
    ),
    *(
        Target(
            f"send_many ({stack}) CPU per message ≤ 0.1x a single send's",
            "bulk",
            f"send_many-{stack} CPU/message ÷ single send's (target ≤ 0.1)",
            "",
            "<=",
            0.1,
        )
        for stack in ("h11-sync", "aiohttp-async", "h11-async")
    ),
]


@dataclass
class Settings:
    smoke: bool
    rounds: int
    sends: int
    warmup: int
    batches: int
    core_number: int
    core_repeat: int
    import_reps: int
    official: bool
    timeout: float
    out: Path
    results: Path
    plot: bool
    from_results: Path | None = None
    only: frozenset[str] = frozenset()


@dataclass
class Row:
    variant: Variant | None
    key: str
    runs: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    status: str = "ok"  # the first status other than ok seen while running, for the log
    reason: str = ""

    def outcome(self) -> tuple[str, str, str]:
        """(status, reason, note) over all rounds.

        A failure in any round makes the row failed (its numbers from the other rounds are
        still shown); rows that ran in only some rounds (a client that landed mid-run) are
        ok with a note saying in how many.
        """
        if not self.runs:
            return "not run", "not selected (--only)", ""
        ok = sum(run.get("status") == "ok" for run in self.runs)
        others = [run for run in self.runs if run.get("status") != "ok"]
        failed = [run for run in others if run.get("status") == "failed"]
        first = (failed or others or [{}])[0]
        reason = str(first.get("reason", ""))
        if failed:
            status = "failed"
        elif ok:
            status = "ok"
        else:
            status = str(first.get("status", "not run"))
        note = ""
        if ok and others:
            note = f"{ok} of {len(self.runs)} rounds; in the others {first.get('status')}: {reason}"
        return status, reason, note


# --- environment --------------------------------------------------------------------------


def _env(ours: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if ours:
        env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def _official_python() -> Path:
    return OFFICIAL_VENV / "bin" / "python"


def _version_of(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def ensure_official_venv() -> tuple[Path | None, str]:
    """The interpreter that imports the official SDK, or None and why not."""
    python = _official_python()
    check = [str(python), "-c", "import importlib.metadata as m; print(m.version('poststack'))"]
    if python.exists():
        found = subprocess.run(check, capture_output=True, text=True, env=_env(False), check=False)
        if found.returncode == 0 and found.stdout.strip() == OFFICIAL_VERSION:
            return python, ""
        shutil.rmtree(OFFICIAL_VENV)
    print(f"creating {OFFICIAL_VENV.relative_to(REPO_ROOT)} (poststack=={OFFICIAL_VERSION}) ...")
    steps = [
        [sys.executable, "-m", "venv", str(OFFICIAL_VENV)],
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"poststack=={OFFICIAL_VERSION}",
            # the same httpx as ours, so the comparison is of the SDKs, not of two httpx
            f"httpx=={_version_of('httpx')}",
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, env=_env(False), check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            return None, f"could not create the official venv: {tail[0]}"
    return python, ""


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    commit = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
        "commit": commit or "uncommitted",
        "libraries": {
            name: _version_of(name) for name in ("httpx", "h11", "requests", "aiohttp", "uvloop")
        },
    }


# --- server -------------------------------------------------------------------------------


@contextlib.contextmanager
def bench_server(max_seconds: float) -> Generator[tuple[str, subprocess.Popen[str]], None, None]:
    with subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "server.py"), "--max-seconds", str(max_seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(False),
        cwd=BENCH_DIR,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if not line.isdigit():
                raise RuntimeError(f"the benchmark server did not start (said {line!r})")
            yield f"http://127.0.0.1:{line}", proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def proc_cpu_seconds(pid: int) -> float:
    """User+system CPU of a process from /proc/PID/stat (0.0 where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


# --- running ------------------------------------------------------------------------------


def _run_json(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            env=env,
            cwd=BENCH_DIR,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "failed", "reason": f"timed out after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    try:
        result = dict(json.loads(lines[-1]))
    except (IndexError, ValueError):
        err = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        return {"status": "failed", "reason": err[0]}
    if result.get("status") == "failed" and done.stderr.strip():
        result["stderr"] = done.stderr.strip()[-2000:]
    return result


def run_variant(
    variant: Variant, url: str, settings: Settings, official: Path | None, official_why: str
) -> dict[str, Any]:
    if variant.family == "official" and official is None:
        return {"status": "unavailable", "reason": official_why}
    python = str(official) if variant.family == "official" else sys.executable
    cmd = [
        python,
        str(BENCH_DIR / "variants.py"),
        variant.name,
        "--url",
        url,
        "--warmup",
        str(settings.warmup),
        "--sends",
        str(settings.sends),
        "--concurrency",
        str(variant.concurrency),
        "--batches",
        str(settings.batches),
    ]
    return _run_json(cmd, _env(variant.family == "ours"), settings.timeout)


def run_core(settings: Settings) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(BENCH_DIR / "core.py"),
        "--number",
        str(settings.core_number),
        "--repeat",
        str(settings.core_repeat),
    ]
    return _run_json(cmd, _env(True), settings.timeout)


def _importtime_us(stderr: str, module: str) -> float | None:
    """Cumulative µs of ``module`` and of its submodules imported at top level after it
    (ours loads the client layer lazily, when ``PostStack`` is first named)."""
    total = 0.0
    for line in stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2]
        top_level = name.startswith(" ") and not name.startswith("  ")
        if top_level and (name.strip() == module or name.strip().startswith(module + ".")):
            total += float(fields[1])
    return total or None


IMPORT_CODE = "from poststack import PostStack"
PACKAGES = ("poststack", "poststack_proto", "poststack_transports")
# Cold start, as a serverless function or a CLI pays it: each snippet in a fresh interpreter.
COLD_CODES = {
    "pass": "pass",
    "import": "import poststack",
    "client": f"import poststack; poststack.PostStack(api_key={API_KEY!r})",
}


def first_send_code(url: str) -> str:
    """Cold start with its first request: the same client's first send to ``url`` (the
    benchmark server), over each package's default transport."""
    client = f"poststack.PostStack(api_key={API_KEY!r}, base_url={url!r})"
    return f"import poststack; {client}.emails.send({PAYLOAD!r})"


def import_cost(
    interpreters: dict[str, tuple[str, dict[str, str]]], reps: int, url: str | None = None
) -> dict[str, dict[str, Any]]:
    """Cold start of each package, side by side: ``{who: (python, env)}``.

    Every rep runs, for each package in turn, ``python -c pass``, ``import poststack`` and
    ``import poststack; poststack.PostStack(api_key=...)`` in fresh interpreters (so load from
    elsewhere hits both packages alike), then ``from poststack import PostStack`` under
    ``-X importtime``. Reported: the best (min) and the median wall time of each snippet minus
    that of ``pass`` (the interpreter's own start-up), and the cumulative ``-X importtime``.
    (Naming ``PostStack`` matters: ours imports its client layer on first use.) With a
    ``url``, also the client's first send to it (`first_send_code`): what a serverless
    function pays before its first answer."""
    codes = dict(COLD_CODES)
    if url is not None:
        codes["send"] = first_send_code(url)
    out: dict[str, dict[str, Any]] = {}
    walls: dict[str, dict[str, list[float]]] = {}
    cumulative: dict[str, list[float]] = {}
    for who, (python, env) in interpreters.items():
        probe = subprocess.run(
            [python, "-c", "import poststack; poststack.PostStack; print(poststack.__file__)"],
            capture_output=True,
            text=True,
            env=env,
            cwd=BENCH_DIR,
            check=False,
        )
        if probe.returncode != 0:
            tail = probe.stderr.strip().splitlines()[-1:] or ["?"]
            out[who] = {"status": "unavailable", "reason": tail[0]}
            continue
        out[who] = {"status": "ok", "file": probe.stdout.strip(), "python": python, "reps": reps}
        if "PYTHONPATH" in env:
            # Ours runs from the source tree, and PYTHONDONTWRITEBYTECODE would make it compile
            # every module on every start; pip byte-compiles the official package when it
            # installs it. Compile ours once, as an install would, so both start from bytecode.
            subprocess.run(
                [python, "-m", "compileall", "-q", *(str(REPO_ROOT / p) for p in PACKAGES)],
                env=env,
                cwd=BENCH_DIR,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        walls[who] = {code: [] for code in codes}
        cumulative[who] = []
    for _ in range(reps):
        for who in walls:
            python, env = interpreters[who]
            for code, snippet in codes.items():
                t0 = time.perf_counter()
                subprocess.run([python, "-c", snippet], env=env, cwd=BENCH_DIR, check=True)
                walls[who][code].append(time.perf_counter() - t0)
            traced = subprocess.run(
                [python, "-X", "importtime", "-c", IMPORT_CODE],
                capture_output=True,
                text=True,
                env=env,
                cwd=BENCH_DIR,
                check=True,
            )
            found = _importtime_us(traced.stderr, "poststack")
            if found is not None:
                cumulative[who].append(found)
    for who, timed in walls.items():
        best_pass, median_pass = min(timed["pass"]), statistics.median(timed["pass"])
        out[who].update(
            importtime_ms=statistics.median(cumulative[who]) / 1000 if cumulative[who] else None,
            pass_ms=best_pass * 1000,
        )
        for code in ("import", "client", "send"):
            if code not in timed:
                continue
            out[who][f"{code}_best_ms"] = (min(timed[code]) - best_pass) * 1000
            out[who][f"{code}_median_ms"] = (statistics.median(timed[code]) - median_pass) * 1000
        # the older key, kept for pages made from earlier results
        out[who]["wall_minus_pass_ms"] = out[who]["import_median_ms"]
    return out


def rotated(items: list[Any], round_index: int, rounds: int) -> list[Any]:
    """The round's order: the list rotated by an even share per round."""
    if not items:
        return items
    offset = (round_index * len(items)) // max(rounds, 1) % len(items)
    return items[offset:] + items[:offset]


# --- summaries ----------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def per_round_metrics(run: dict[str, Any]) -> dict[str, float]:
    sends = run["sends"]
    wall = run["wall_s"] or 1e-9
    batches = run.get("batch_cpu_us")
    return {
        # the median batch: a burst of someone else's load spoils one batch, not the run
        "cpu_us": statistics.median(batches) if batches else run["client_cpu_s"] / sends * 1e6,
        "rate": sends / wall,
        "server_busy": run["server_cpu_s"] / wall,
        "server_us": run["server_cpu_s"] / sends * 1e6,
        "rss_mib": run["rss_kib"] / 1024,
    }


def summarise(rows: dict[str, Row], core: Row, rounds: int) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, row in rows.items():
        ok = [run for run in row.runs if run.get("status") == "ok"]
        metrics = [per_round_metrics(run) for run in ok]
        status, reason, note = row.outcome()
        entry: dict[str, Any] = {
            "status": status,
            "reason": reason,
            "note": note,
            "rounds": len(ok),
            "total_rounds": len(row.runs),
        }
        if metrics:
            for name in ("cpu_us", "rate", "server_busy", "server_us", "rss_mib"):
                entry[name] = summary([m[name] for m in metrics])
            keyed = [run["server_with_idempotency_key"] for run in ok]
            full = all(k == run["sends"] for k, run in zip(keyed, ok, strict=True))
            entry["idempotency_key"] = "yes" if full else ("no" if not any(keyed) else "partial")
            entry["answered"] = all(run["server_emails"] == run["sends"] for run in ok)
        table[key] = entry

    ratios: list[dict[str, Any]] = []
    for numerator, denominator, says in RATIOS:
        ratios.append(
            {
                "numerator": numerator,
                "denominator": denominator,
                "says": says,
                "ratio": paired_ratio(rows, numerator, denominator, rounds),
            }
        )
    core_ok = [run["us_per_call"] for run in core.runs if run.get("status") == "ok"]
    core_status, core_reason, core_note = core.outcome()
    core_entry = {
        "status": core_status,
        "reason": core_reason,
        "note": core_note,
        "us_per_call": summary(core_ok),
        "us_per_call_best": min(
            (run["us_per_call_min"] for run in core.runs if run.get("status") == "ok"),
            default=None,
        ),
    }
    return {"variants": table, "ratios": ratios, "core": core_entry}


def paired_ratio(
    rows: dict[str, Row], numerator: str, denominator: str, rounds: int
) -> dict[str, float] | None:
    """CPU per send of numerator over denominator, round by round (they ran side by side)."""
    top = {run["round"]: run for run in rows[numerator].runs if run.get("status") == "ok"}
    bottom = {run["round"]: run for run in rows[denominator].runs if run.get("status") == "ok"}
    values: list[float] = []
    for r in range(rounds):
        if r in top and r in bottom:
            values.append(
                per_round_metrics(top[r])["cpu_us"] / per_round_metrics(bottom[r])["cpu_us"]
            )
    found = summary(values)
    if found is not None:
        found["rounds"] = len(values)
    return found


def judge_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    judged: list[dict[str, Any]] = []
    total = results["settings"]["rounds"]
    for target in TARGETS:
        value: float | None = None
        rounds = total
        if target.kind == "core":
            core = results["summary"]["core"]["us_per_call"]
            value = core["median"] if core else None
        elif target.kind == "cold":
            ours = results["imports"].get(target.numerator, {})
            theirs = results["imports"].get(target.denominator, {})
            if ours.get("status") == "ok" and theirs.get("status") == "ok":
                value = ours["client_best_ms"] / theirs["client_best_ms"]
        elif target.kind == "bulk":
            value = results.get("bulk", {}).get("ratios", {}).get(target.numerator)
        else:
            for ratio in results["summary"]["ratios"]:
                if (ratio["numerator"], ratio["denominator"]) == (
                    target.numerator,
                    target.denominator,
                ):
                    value = ratio["ratio"]["median"] if ratio["ratio"] else None
                    rounds = ratio["ratio"]["rounds"] if ratio["ratio"] else 0
        if value is None:
            verdict = "not measured"
        elif (value <= target.bound) if target.op == "<=" else (value >= target.bound):
            verdict = "met"
        else:
            verdict = "missed"
        judged.append(
            {
                "target": target.text,
                "op": target.op,
                "bound": target.bound,
                "value": value,
                "verdict": verdict,
                "rounds": rounds,
            }
        )
    return judged


# --- the whole run ------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts, one round, no venv")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 10; smoke 1)")
    parser.add_argument("--sends", type=int, default=None, help="timed sends per variant run")
    parser.add_argument("--out", type=Path, default=None, help="where performance.md goes")
    parser.add_argument("--results", type=Path, default=None, help="where results.json goes")
    parser.add_argument("--no-official", action="store_true", help="skip the official SDK")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--only",
        metavar="KEYS",
        help="comma-separated variant keys (and/or 'core') to run, e.g. "
        "raw-aiohttp@64,ours-aiohttp@64; the rest are reported as not run",
    )
    parser.add_argument(
        "--from-results",
        type=Path,
        default=None,
        metavar="JSON",
        help="measure nothing: rewrite the report from a results.json of an earlier run",
    )
    args = parser.parse_args(argv)
    smoke = args.smoke
    out = args.out or (BENCH_DIR / "results" / "smoke" if smoke else REPO_ROOT / "docs")
    return Settings(
        smoke=smoke,
        rounds=args.rounds or (1 if smoke else 10),
        sends=args.sends or (20 if smoke else 2000),
        warmup=5 if smoke else 100,
        batches=2 if smoke else 4,
        core_number=200 if smoke else 5000,
        core_repeat=3 if smoke else 5,
        import_reps=2 if smoke else 11,
        official=not (smoke or args.no_official),
        timeout=60.0 if smoke else 300.0,
        out=out,
        results=args.results or (out if smoke else BENCH_DIR / "results"),
        plot=not args.no_plot,
        from_results=args.from_results,
        only=frozenset(filter(None, (args.only or "").split(","))),
    )


def _cell(entry: dict[str, Any]) -> str:
    if "cpu_us" not in entry:
        return f"{entry.get('status')}: {entry.get('reason')}"
    cpu = entry["cpu_us"]
    text = f"{cpu['median']:8.1f} µs/send  {entry['rate']['median']:8.0f}/s"
    if entry["status"] != "ok":
        text += f"  ({entry['status']}: {entry['reason']})"
    elif entry["note"]:
        text += f"  ({entry['rounds']} of {entry['total_rounds']} rounds)"
    return text


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    if settings.from_results is not None:
        saved = json.loads(settings.from_results.read_text(encoding="utf-8"))
        return finish(saved, settings)
    started = dt.datetime.now(dt.timezone.utc)
    wall0 = time.perf_counter()
    machine = machine_info()
    machine["loadavg_start"] = os.getloadavg()
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, Python {machine['python']}")

    official: Path | None = None
    official_why = "skipped in --smoke" if settings.smoke else "skipped (--no-official)"
    if settings.official:
        official, official_why = ensure_official_venv()
        if official is None:
            print(f"official SDK unavailable: {official_why}")

    rows = {variant.key: Row(variant, variant.key) for variant in VARIANTS}
    core = Row(None, "core")
    jobs: list[Row] = [*rows.values(), core]
    if settings.only:
        unknown = settings.only - {*rows, "core"}
        if unknown:
            raise SystemExit(f"unknown variant keys: {', '.join(sorted(unknown))}")
        jobs = [row for row in jobs if row.key in settings.only]
    expected_emails = 0
    profile: dict[str, Any] | None = None
    with bench_server(max_seconds=1800 if not settings.smoke else 300) as (url, server):
        server_start = server_stats(url)
        server_cpu0, server_wall0 = server_start["cpu_s"], time.perf_counter()
        for round_index in range(settings.rounds):
            print(f"round {round_index + 1}/{settings.rounds}")
            for row in rotated(jobs, round_index, settings.rounds):
                if row.variant is None:
                    result = run_core(settings)
                else:
                    result = run_variant(row.variant, url, settings, official, official_why)
                result["round"] = round_index
                row.runs.append(result)
                if result.get("status") == "ok" and row.variant is not None:
                    expected_emails += result["warmup"] + result["sends"] + result["extra_sends"]
                if row.status == "ok" and result.get("status") != "ok":
                    row.status = str(result.get("status"))
                    row.reason = str(result.get("reason"))
                    print(f"  {row.key}: {row.status}: {row.reason}")
                    if result.get("stderr"):
                        print("    " + result["stderr"].replace("\n", "\n    "))
        server_end = server_stats(url)
        server_cpu = server_end["cpu_s"] - server_cpu0
        server_wall = time.perf_counter() - server_wall0
        server_cpu_proc = proc_cpu_seconds(server.pid)
        if not settings.only:  # after the server's window: profiled sends are not counted
            from profile_layers import PAIRS, run_profiles

            print("profiling each layer, ours beside raw ...")
            # smoke: one pair, to prove the pipeline; a full run: every pair
            pairs = PAIRS[:1] if settings.smoke else PAIRS
            profile = run_profiles(
                url, 20 if settings.smoke else 1000, pairs, repeats=1 if settings.smoke else 2
            )

        print("from poststack import PostStack ...")  # its first sends, after the window too
        # Both packages from the same interpreter and site-packages when the official venv is
        # there (ours on PYTHONPATH; it needs nothing the official package does not install), so
        # only the package differs; else ours from this environment alone.
        interpreters = {"ours": (sys.executable, _env(True))}
        if official is not None:
            interpreters = {
                "ours": (str(official), _env(True)),
                "official": (str(official), _env(False)),
            }
        imports = import_cost(interpreters, settings.import_reps, url)

    imports.setdefault("official", {"status": "unavailable", "reason": official_why})
    baseline = _run_json(
        [sys.executable, str(BENCH_DIR / "variants.py"), "baseline"], _env(False), 60
    )

    failed_emails = any(run.get("status") == "failed" for row in rows.values() for run in row.runs)
    results: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "duration_s": time.perf_counter() - wall0,
        "machine": machine,
        "settings": {
            "smoke": settings.smoke,
            "rounds": settings.rounds,
            "sends": settings.sends,
            "warmup": settings.warmup,
            "batches": settings.batches,
            "core_number": settings.core_number,
            "core_repeat": settings.core_repeat,
            "import_reps": settings.import_reps,
        },
        "server": {
            "loop": server_end.get("loop"),
            "cpu_s": server_cpu,
            "cpu_s_from_proc": server_cpu_proc,
            "wall_s": server_wall,
            "cpu_share": server_cpu / server_wall if server_wall else None,
            "emails": server_end["emails"] - server_start["emails"],
            "expected_emails": expected_emails,
            "requests": server_end["requests"] - server_start["requests"],
            "bad_requests": server_end["bad"] - server_start["bad"],
            # a failed variant may have sent part of its requests: then only the windows count
            "all_answered": (
                server_end["bad"] == server_start["bad"]
                and (
                    failed_emails
                    or server_end["emails"] - server_start["emails"] == expected_emails
                )
                and all(
                    run["server_emails"] == run["sends"]
                    for row in rows.values()
                    for run in row.runs
                    if run.get("status") == "ok"
                )
            ),
        },
        "imports": imports,
        "profile": profile,
        "baseline_rss_mib": baseline.get("rss_kib", 0) / 1024,
        "runs": {key: row.runs for key, row in {**rows, "core": core}.items()},
        "variants": [
            {
                "key": v.key,
                "name": v.name,
                "family": v.family,
                "library": v.library,
                "mode": v.mode,
                "concurrency": v.concurrency,
                "label": v.label,
            }
            for v in VARIANTS
        ],
    }
    if not settings.only:  # 100,000 messages through send_many beside one-by-one sending
        from bulk import SMOKE_MESSAGES, run_bulk

        count = SMOKE_MESSAGES if settings.smoke else 100_000
        results["bulk"] = run_bulk(official, official_why, count=count)
    machine["loadavg_end"] = os.getloadavg()
    results["duration_s"] = time.perf_counter() - wall0
    return finish(results, settings)


def finish(results: dict[str, Any], settings: Settings) -> int:
    """Summarise the raw runs, judge the targets, write the report and print it all."""
    rows = {
        variant.key: Row(variant, variant.key, results["runs"].get(variant.key, []))
        for variant in VARIANTS
    }
    core = Row(None, "core", results["runs"].get("core", []))
    rounds = results["settings"]["rounds"]
    results["summary"] = summarise(rows, core, rounds)
    results["targets"] = judge_targets(results)

    from report import write_report

    written = write_report(results, settings.out, settings.results, plot=settings.plot)

    print()
    for variant in VARIANTS:
        print(f"  {variant.label:38} {_cell(results['summary']['variants'][variant.key])}")
    core_summary = results["summary"]["core"]
    core_us = core_summary["us_per_call"]
    core_text = (
        f"{core_us['median']:.2f} µs/call"
        if core_us
        else f"{core_summary['status']}: {core_summary['reason']}"
    )
    print(f"  {'core only (in-memory transport)':38} {core_text}")
    srv = results["server"]
    print(
        f"server ({srv['loop']}): {srv['cpu_share']:.0%} of one core over the run, "
        f"{srv['emails']} sends answered of {srv['expected_emails']} expected, "
        f"{srv['bad_requests']} bad"
    )
    print("targets:")
    for judged in results["targets"]:
        value = "—" if judged["value"] is None else f"{judged['value']:.3f}"
        partial = (
            f" (in {judged['rounds']} of {rounds} rounds)"
            if judged["value"] is not None and judged["rounds"] < rounds
            else ""
        )
        print(f"  [{judged['verdict']:^12}] {judged['target']}: {value}{partial}")
    for path in written:
        print(f"wrote {path}")
    print(f"took {results['duration_s']:.0f} s")
    return 0 if srv["all_answered"] else 1


if __name__ == "__main__":
    sys.exit(main())
