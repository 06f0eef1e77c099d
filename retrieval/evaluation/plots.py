"""The report's plot (matplotlib, an evaluation-only requirement)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .experiments import Evaluation


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
