"""benchmarks/bulk.py runs end to end at a tiny size (the lead runs it at full size)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bulk_benchmark_smoke_run_measures_every_variant(tmp_path: Path) -> None:
    out = tmp_path / "bulk.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bulk.py"), "--smoke", "--results", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT / "benchmarks",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    runs = summary["runs"]
    assert runs["official-one-by-one"]["status"] == "unavailable"  # never installed in smoke
    for name in (
        "send_many-h11-sync",
        "send_many-aiohttp-async",
        "send_many-h11-async",
        "gather-aiohttp-async",
        "one-by-one-h11-sync",
        "one-by-one-aiohttp-async",
        "one-by-one-h11-async",
    ):
        assert runs[name]["status"] == "ok", runs[name]
        assert runs[name]["messages"] == summary["messages"] == 100
        assert runs[name]["messages_per_s"] > 0
        assert runs[name]["cpu_us_per_message"] > 0
    ratio = "send_many-h11-sync CPU/message ÷ single send's (target ≤ 0.1)"
    assert summary["ratios"][ratio] is not None
