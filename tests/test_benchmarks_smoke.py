"""The benchmark harness (benchmarks/run.py) runs end to end in --smoke mode.

Only sanity is checked here, never speed: every variant gets a row, the ones that can run
produce positive numbers, the ones that cannot say why, and the loopback server answered
every request it was sent. The performance targets are reported by the harness itself.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--smoke", "--out", str(out), "--results", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        "results": json.loads((out / "results.json").read_text(encoding="utf-8")),
        "page": (out / "performance.md").read_text(encoding="utf-8"),
        "out": out,
        "stdout": done.stdout,
    }


def test_every_variant_has_a_row_and_none_failed(smoke: dict[str, Any]) -> None:
    summary = smoke["results"]["summary"]["variants"]
    keys = [variant["key"] for variant in smoke["results"]["variants"]]
    assert len(keys) >= 20
    assert set(keys) == set(summary)
    for key in keys:
        entry = summary[key]
        assert entry["status"] in {"ok", "unavailable"}, (key, entry)
        if entry["status"] == "unavailable":
            assert entry["reason"], key  # unavailable always says why


def test_available_variants_have_positive_numbers(smoke: dict[str, Any]) -> None:
    summary = smoke["results"]["summary"]["variants"]
    assert summary["raw-http.client"]["status"] == "ok"  # stdlib only: always runs
    ok = {key: entry for key, entry in summary.items() if entry["status"] == "ok"}
    for key, entry in ok.items():
        assert entry["rounds"] == 1, key
        for metric in ("cpu_us", "rate", "rss_mib"):
            assert entry[metric]["median"] > 0, (key, metric)


def test_the_server_answered_every_request(smoke: dict[str, Any]) -> None:
    server = smoke["results"]["server"]
    assert server["all_answered"]
    assert server["bad_requests"] == 0
    assert server["emails"] == server["expected_emails"] > 0
    for key, entry in smoke["results"]["summary"]["variants"].items():
        if entry["status"] == "ok":
            assert entry["answered"], key


def test_only_ours_and_official_send_an_idempotency_key(smoke: dict[str, Any]) -> None:
    summary = smoke["results"]["summary"]["variants"]
    for variant in smoke["results"]["variants"]:
        entry = summary[variant["key"]]
        if entry["status"] == "ok":
            expected = "no" if variant["family"] == "raw" else "yes"
            assert entry["idempotency_key"] == expected, variant["key"]


def test_page_table_and_targets_are_written(smoke: dict[str, Any]) -> None:
    page = smoke["page"]
    results = smoke["results"]
    assert results["machine"]["cpu"] in page
    assert results["machine"]["python"] in page
    for variant in results["variants"]:
        if results["summary"]["variants"][variant["key"]]["status"] == "unavailable":
            assert "*unavailable*" in page
    for target in results["targets"]:
        assert target["target"] in page
        assert target["target"] in smoke["stdout"]
        assert target["verdict"] in {"met", "missed", "not measured"}
    if find_spec("matplotlib") is not None:
        assert (smoke["out"] / "img" / "benchmarks.png").stat().st_size > 0


def test_raw_asyncio_h11_pairs_with_ours(smoke: dict[str, Any]) -> None:
    summary = smoke["results"]["summary"]["variants"]
    for key in ("raw-h11-async", "raw-h11-async@64"):
        assert summary[key]["status"] == "ok", (key, summary[key])  # h11 comes with httpx
    pairs = {(r["numerator"], r["denominator"]): r for r in smoke["results"]["summary"]["ratios"]}
    for concurrency in ("", "@64"):
        ratio = pairs[(f"ours-h11-async{concurrency}", f"raw-h11-async{concurrency}")]["ratio"]
        assert ratio is not None
        assert ratio["median"] > 0


def test_cold_start_is_measured_and_shown(smoke: dict[str, Any]) -> None:
    ours = smoke["results"]["imports"]["ours"]
    assert ours["status"] == "ok"
    assert ours["file"].startswith(str(ROOT / "poststack"))  # ours, not an installed package
    # Each figure is net of an empty interpreter's start (best minus best, median minus
    # median), so best <= median need not hold; both must be a positive cost.
    assert ours["import_best_ms"] > 0
    assert ours["import_median_ms"] > 0
    # constructing a client imports at least what `import poststack` does
    assert ours["client_median_ms"] > 0
    assert "## Cold start" in smoke["page"]
    assert f"{ours['client_best_ms']:.1f} ms" in smoke["page"]
    # ... and its first send (to the benchmark server: the snippet fails if it is refused),
    # which imports the HTTP stack and connects besides
    assert ours["send_median_ms"] > ours["client_median_ms"]
    assert f"{ours['send_best_ms']:.1f} ms" in smoke["page"]


def test_profile_breakdown_covers_every_layer(smoke: dict[str, Any]) -> None:
    profile = smoke["results"]["profile"]
    (pair,) = profile["pairs"]  # smoke profiles one pair
    for side in ("ours", "raw"):
        entry = pair[side]
        assert entry["status"] == "ok", entry
        assert abs(sum(entry["share"].values()) - 1) < 1e-6
        assert all(value >= 0 for value in entry["us"].values())
    # ours spends time in its own layers; the raw loop has none of them
    assert pair["ours"]["us"]["core"] > 0
    assert pair["ours"]["us"]["transport"] > 0
    assert pair["raw"]["us"]["core"] == pair["raw"]["us"]["transport"] == 0
    assert "## Where the time goes, per layer" in smoke["page"]
    assert f"| {pair['label']} | **ours** |" in smoke["page"]


def test_send_many_figures_are_on_the_page(smoke: dict[str, Any]) -> None:
    bulk = smoke["results"]["bulk"]
    assert bulk["runs"]["send_many-h11-sync"]["status"] == "ok"
    assert "## Many messages: `emails.send_many`" in smoke["page"]
    rate = bulk["runs"]["send_many-h11-sync"]["messages_per_s"]
    assert f"**{rate:,.0f}**" in smoke["page"]


# --- the loopback server's HTTP/1.1 parser -------------------------------------------------


@pytest.fixture(scope="module")
def bench_server() -> Iterator[int]:
    with subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "server.py"), "--max-seconds", "60"],
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            yield int(server.stdout.readline())
        finally:
            server.terminate()


def _exchange(port: int, chunks: list[bytes]) -> bytes:
    """Send the chunks one by one (a request may straddle two), then read until closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for chunk in chunks:
            sock.sendall(chunk)
            time.sleep(0.02)  # let the server see each chunk as its own read
        answer = b""
        while data := sock.recv(65536):
            answer += data
    return answer


def _post(body: bytes, *extra: bytes) -> bytes:
    head = [b"POST /emails HTTP/1.1", b"Host: t", b"Content-Length: %d" % len(body), *extra]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def test_server_answers_pipelined_requests_in_order(bench_server: int) -> None:
    wire = _post(b"{}") + _post(b'{"a":1}', b"Idempotency-Key: k")
    wire += _post(b'{"b":2}', b"Connection: close")
    cut = len(_post(b"{}")) + 30  # inside the second request's head
    answer = _exchange(bench_server, [wire[:cut], wire[cut:-3], wire[-3:]])
    assert answer.count(b"HTTP/1.1 202 Accepted\r\n") == 3
    ids = [int(part.split(b'"')[0]) for part in answer.split(b'{"id":"em_')[1:]]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3
    assert answer.endswith(b'"}')


def test_server_refuses_what_it_does_not_parse(bench_server: int) -> None:
    chunked = _post(b"", b"Transfer-Encoding: chunked").replace(b"Content-Length: 0\r\n", b"")
    assert _exchange(bench_server, [chunked]).startswith(b"HTTP/1.1 501 ")
    garbage = b"NOT HTTP\r\n\r\n"
    assert _exchange(bench_server, [garbage]).startswith(b"HTTP/1.1 400 ")
    not_json = _post(b"hello", b"Connection: close")
    assert _exchange(bench_server, [not_json]).startswith(b"HTTP/1.1 400 ")
