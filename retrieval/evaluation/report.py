"""The evaluation report: Markdown, JSON and a plot."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .experiments import Evaluation
from .metrics import METRICS


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


def render_markdown(evaluations: Sequence[Evaluation], shipped_threshold: float, plot_name: str | None = None) -> str:
    lines = [
        "# Retrieval quality report",
        "",
        (
            "Produced by `python -m retrieval evaluate --compare --ablations --report eval/report "
            "--questions eval/dev.jsonl --questions eval/heldout.jsonl`. "
            "The dev set tunes chunking, weights and the abstention threshold; the held-out set is never tuned on."
        ),
        "",
    ]
    if plot_name:
        lines += [f"![score distributions and Hit@k]({plot_name})", ""]
    for ev in evaluations:
        lines += _retriever_table(ev) + _ablation_table(ev) + _red_flag_line(ev) + _misses(ev)
        lines += _sweep_table(ev, shipped_threshold) + [""]
    return "\n".join(lines) + "\n"


def plot_report(evaluations: Sequence[Evaluation], shipped_threshold: float, path: Path) -> None:
    """Left: relevance of answerable vs out-of-scope questions with the threshold.
    Right: Hit@1, Hit@3 and MRR@5 per retriever, per question file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 6))
    rng = np.random.default_rng(0)  # jitter only; fixed so the plot is reproducible
    for row, ev in enumerate(evaluations):
        for kind, colour, marker in (("answerable", "tab:green", "o"), ("out_of_scope", "tab:red", "x")):
            scores = [o.relevance for o in ev.shipped.of_kind(kind)]
            y = row + (0.15 if kind == "answerable" else -0.15) + rng.uniform(-0.08, 0.08, len(scores))
            left.scatter(
                scores, y, c=colour, marker=marker, s=28, alpha=0.8, label=kind.replace("_", " ") if row == 0 else None
            )
    left.axvline(shipped_threshold, color="black", linestyle="--", label=f"threshold {shipped_threshold:.2f}")
    left.set_yticks(range(len(evaluations)), [Path(ev.questions_path).stem for ev in evaluations])
    left.set_xlabel("relevance (best sentence cosine)")
    left.set_title(f"Abstention: {evaluations[0].shipped.name}")
    left.legend(loc="lower right", fontsize=8)

    names = [run.name for run in evaluations[0].runs]
    metrics = ("Hit@1", "Hit@3", "MRR@5")
    colours = ("tab:blue", "tab:orange", "tab:green", "tab:gray", "tab:purple")
    width = 0.8 / (len(names) * len(evaluations))
    for e_i, ev in enumerate(evaluations):
        for r_i, run in enumerate(ev.runs):
            values = run.metrics()
            offset = (r_i * len(evaluations) + e_i) * width - 0.4 + width / 2
            right.bar(
                [m + offset for m in range(len(metrics))],
                [values[k] for k in metrics],
                width,
                color=colours[r_i % len(colours)],
                hatch="//" if e_i else None,
                edgecolor="white" if e_i else None,
                label=f"{run.name}, {Path(ev.questions_path).stem}",
            )
    right.set_xticks(range(len(metrics)), metrics)
    right.set_ylim(0, 1.05)
    right.set_title("Ranking quality per retriever (hatched: held-out)")
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(evaluations: Sequence[Evaluation], shipped_threshold: float, directory: Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plot_report(evaluations, shipped_threshold, directory / "scores.png")
    report = directory / "report.md"
    report.write_text(render_markdown(evaluations, shipped_threshold, "scores.png"), encoding="utf-8")
    (directory / "report.json").write_text(
        json.dumps([ev.to_json() for ev in evaluations], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return report
