"""The evaluation report: Markdown, JSON and a plot."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from .experiments import Evaluation
from .metrics import METRICS
from .report_splits import render_hubs, render_splits, splits_json


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _metric_row(label: str, run) -> str:
    m, a = run.metrics(), run.abstention()
    return (
        f"| {label} | "
        + " | ".join(_fmt(m[k]) for k in METRICS)
        + f" | {_fmt(a['out_of_scope_abstained'])} | {_fmt(a['answerable_abstained'])} |"
    )


def _retriever_table(ev: Evaluation) -> list[str]:
    c = ev.counts
    lines = [
        f"## {Path(ev.questions_path).name}",
        "",
        (
            f"{c['answerable']} answerable ({c['follow_up']} follow-ups), {c['out_of_scope']} out of scope, "
            f"{c['red_flag']} red flag."
        ),
        "",
        "| retriever | " + " | ".join(METRICS) + " | out-of-scope abstained | answerable abstained |",
        "|---|" + "---|" * (len(METRICS) + 2),
    ]
    return lines + [_metric_row(run.name, run) for run in ev.runs]


def _ablation_table(ev: Evaluation) -> list[str]:
    if not ev.ablations:
        return []
    lines = [
        "",
        f"### Ablations on {Path(ev.questions_path).name} (hybrid, one change at a time)",
        "",
        "| configuration | chunks | " + " | ".join(METRICS) + " | out-of-scope abstained | answerable abstained |",
        "|---|---|" + "---|" * (len(METRICS) + 2),
    ]
    return lines + [_metric_row(f"{a.name} | {a.chunks}", a.run) for a in ev.ablations]


def _red_flag_line(ev: Evaluation) -> list[str]:
    if not ev.red_flags:
        return []
    rf = ev.red_flags
    return [
        "",
        (
            f"Red-flag recall (reply composer): {_fmt(rf['red_flag_recall'])}; missed: {rf['missed'] or 'none'}; "
            f"false alarms: {rf['false_alarms'] or 'none'}."
        ),
    ]


def _misses(ev: Evaluation) -> list[str]:
    shipped = ev.shipped
    lines = ["", f"### Misses of `{shipped.name}` (rank of the first relevant passage in the top 5)", ""]
    lines += [
        f"- {o.id} rank {o.first_relevant_rank or '>5'}{' (abstained)' if o.abstained else ''}: {o.question}"
        for o in shipped.misses()
    ] or ["- none"]
    lines += ["", "Out-of-scope questions answered instead of abstaining:", ""]
    lines += [f"- {o.id} relevance {o.relevance:.3f}: {o.question}" for o in shipped.wrongly_answered()] or ["- none"]
    return lines


def _sweep_table(ev: Evaluation, shipped_threshold: float) -> list[str]:
    shipped = ev.shipped
    sweep = shipped.sweep()
    if sweep is None:
        return []
    lines = [
        "",
        f"### Abstention threshold sweep (`{shipped.name}`, relevance = best sentence cosine)",
        "",
        f"Chosen on this file: **{sweep.chosen:.3f}**; shipped (`ABSTAIN_BELOW`): **{shipped_threshold:.3f}**.",
        "",
        "| threshold | answerable kept | out-of-scope rejected |",
        "|---|---|---|",
    ]
    return lines + [
        f"| {row.threshold:.3f}{' (chosen)' if row.threshold == sweep.chosen else ''} | "
        f"{row.answerable_kept:.3f} | {row.out_of_scope_rejected:.3f} |"
        for row in sweep.rows
    ]


def render_markdown(
    evaluations: Sequence[Evaluation], shipped_threshold: float, plot_name: str | None = None, splits: Sequence = ()
) -> str:
    lines = [
        "# Retrieval quality report",
        "",
        (
            "Produced by `python -m retrieval evaluate --report eval/report` (every file in eval/). "
            "Dev files tune the system; held-out files (a third of each set, written before any change) are "
            "never tuned on."
        ),
        "",
    ]
    if plot_name:
        lines += [f"![score distributions and Hit@k]({plot_name})", ""]
    lines += render_splits(splits)
    lines += ["# Per question file", ""]
    for ev in evaluations:
        lines += _retriever_table(ev) + _ablation_table(ev) + _red_flag_line(ev) + _misses(ev)
        lines += _sweep_table(ev, shipped_threshold) + [""]
    return "\n".join(lines) + "\n"


def write_report(
    evaluations: Sequence[Evaluation], shipped_threshold: float, directory: Path, splits: Sequence = (), hubs=()
) -> Path:
    from .plots import plot_report

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plot_report(evaluations, shipped_threshold, directory / "scores.png")
    report = directory / "report.md"
    markdown = render_markdown(evaluations, shipped_threshold, "scores.png", splits) + render_hubs(hubs)
    report.write_text(markdown, encoding="utf-8")
    data = {"files": [ev.to_json() for ev in evaluations], "splits": [splits_json(s) for s in splits]}
    (directory / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report
