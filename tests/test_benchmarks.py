"""The benchmark harness keeps working (quick mode checks the harness, not the numbers:
timings are never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from retrieval.settings import REPO_ROOT

pytestmark = pytest.mark.slow


def test_quick_benchmark_run_writes_every_table(tmp_path):
    out = tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "## Query latency in process",
        "## Threads",
        "## HTTP through the Gradio API",
        "## Cold start",
        "## Index build",
        "## Scaling with synthetic passages",
        "## What the profiler found",
    ):
        assert heading in text
    results = json.loads((tmp_path / "bench.json").read_text())
    assert results["http"]["16 clients"]["ours"]["errors"] == 0
    assert results["cold_start"]["libtorch_mapped"] is False  # serving never loads torch
    assert results["in_process"]["reply"]["n"] == 30


def test_committed_benchmarks_exist_and_name_their_command():
    text = (REPO_ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "Reproduce: `python benchmarks/run.py`" in text and "## Targets" in text
