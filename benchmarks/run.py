"""Benchmarks: every figure is a ratio against a floor measured in the same run.

    python benchmarks/run.py              # full run, writes BENCHMARKS.md and benchmarks/results.json
    python benchmarks/run.py --quick --out /tmp/b.md   # a smoke run (used by the tests)
    python benchmarks/run.py --only cold_start,in_process   # re-measure some, keep the rest

Scenarios (benchmarks/scenarios.py, benchmarks/scaling.py): in-process latency against the bare
sentence-transformers encode + FAISS floor; threads; HTTP round trips against a trivial echo
ChatInterface; cold start and peak RSS against a process that imports gradio +
sentence-transformers + faiss and loads the model; a Space-like start in a fresh venv without
network; index build; search cost with 1k-100k synthetic passages. Rendering: render.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import render
import scaling
import scenarios

from retrieval.evaluation import load_questions
from retrieval.settings import load_settings

PACKAGES = ("numpy", "faiss-cpu", "gradio", "gradio_client", "sentence-transformers", "torch", "tokenizers")


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": cpu,
        "cpus": len(os.sched_getaffinity(0)),
        "memory_gib": round(memory_kib / (1 << 20), 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def questions(n: int) -> list[str]:
    pool = [q.question for name in ("dev", "heldout") for q in load_questions(ROOT / "eval" / f"{name}.jsonl")]
    return (pool * (n // len(pool) + 1))[:n]


def measure(quick: bool, only: set[str] | None = None, earlier: dict | None = None) -> dict:
    """Every scenario, or only those named, the others kept from ``earlier`` (results.json)
    with the date each was measured."""
    settings = load_settings()
    results: dict = {**(earlier or {}), "machine": machine(), "app_threads": settings.threads or "library default"}
    measured = dict((earlier or {}).get("measured") or {})
    steps = (
        ("in_process", lambda: scenarios.in_process(30 if quick else 240)),
        ("threads", lambda: scenarios.thread_effect(20 if quick else 120)),
        ("build", scenarios.build_time),
        ("http", lambda: scenarios.http(questions(640), 10 if quick else 200, 32 if quick else 640)),
        ("cold_start", lambda: scenarios.cold_start(1 if quick else 3)),
        ("space_like", (lambda: None) if quick else scenarios.space_like_start),
        (
            "scaling",
            lambda: scaling.scaling((1_000, 10_000) if quick else (1_000, 10_000, 100_000), 10 if quick else 50),
        ),
    )
    for name, _ in steps:  # an earlier full run measured everything on its date
        if earlier and name in earlier and name not in measured:
            measured[name] = earlier["machine"]["date"]
    for name, step in steps:
        if only is not None and name not in only:
            continue
        print(f"{name} ...", file=sys.stderr, flush=True)
        results[name] = step()
        measured[name] = results["machine"]["date"]
    return results | {"measured": measured}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few iterations: checks the harness, not the numbers")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="raw results (default: benchmarks/results.json for BENCHMARKS.md, else next to --out)",
    )
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated scenarios to re-measure (in_process, threads, build, http, cold_start, space_like,"
        " scaling); the others are kept from benchmarks/results.json",
    )
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: rewrite BENCHMARKS.md from benchmarks/results.json and notes.md (after editing the notes)",
    )
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    stored = ROOT / "benchmarks" / "results.json"
    earlier = json.loads(stored.read_text(encoding="utf-8")) if only or args.render_only else None
    results = earlier if args.render_only else measure(args.quick, only, earlier)
    notes_file = ROOT / "benchmarks" / "notes.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    args.out.write_text(render.render(results, command, notes), encoding="utf-8")
    if args.render_only:
        return 0  # results.json is what was read
    default_raw = (
        ROOT / "benchmarks" / "results.json"
        if args.out.resolve() == (ROOT / "BENCHMARKS.md").resolve()
        else args.out.with_suffix(".json")
    )
    raw = args.json or default_raw
    raw.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {raw}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
