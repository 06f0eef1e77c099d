"""Metrics: pure functions over plain lists (BEIR names), and the abstention threshold sweep.
Nothing here mutates its inputs."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

METRICS = ("Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5")


def hit_at(relevant: Sequence[bool], k: int) -> float:
    return 1.0 if any(relevant[:k]) else 0.0


def mrr_at(relevant: Sequence[bool], k: int) -> float:
    for rank, flag in enumerate(relevant[:k], start=1):
        if flag:
            return 1.0 / rank
    return 0.0


def ndcg_at(relevant: Sequence[bool], k: int, total_relevant: int) -> float:
    dcg = sum(1.0 / math.log2(rank + 1) for rank, flag in enumerate(relevant[:k], start=1) if flag)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, total_relevant) + 1))
    return dcg / ideal if ideal else 0.0


def recall_at(relevant: Sequence[bool], k: int, total_relevant: int) -> float:
    return sum(relevant[:k]) / total_relevant if total_relevant else 0.0


def ranking_metrics(relevant: Sequence[bool], total_relevant: int) -> dict[str, float]:
    return {
        "Hit@1": hit_at(relevant, 1),
        "Hit@3": hit_at(relevant, 3),
        "MRR@5": mrr_at(relevant, 5),
        "nDCG@5": ndcg_at(relevant, 5, total_relevant),
        "Recall@5": recall_at(relevant, 5, total_relevant),
    }


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


# --- abstention threshold -----------------------------------------------------------------


@dataclass(frozen=True)
class SweepRow:
    threshold: float
    answerable_kept: float  # share of answerable questions not abstained
    out_of_scope_rejected: float  # share of out-of-scope questions abstained


@dataclass(frozen=True)
class Sweep:
    rows: tuple[SweepRow, ...]
    chosen: float


def sweep_thresholds(answerable: Sequence[float], out_of_scope: Sequence[float], decimals: int = 2) -> Sweep:
    """Candidate thresholds between observed relevance scores, and the chosen one.

    Chosen: the threshold that gets the most questions right (answerable kept plus
    out-of-scope rejected); among equals, the middle of the widest such interval, rounded
    to ``decimals`` so the shipped constant stays readable and the margin stays wide.
    """
    if not answerable or not out_of_scope:
        raise ValueError("the sweep needs both answerable and out-of-scope questions")
    scores = sorted(set(answerable) | set(out_of_scope))
    edges = [scores[0] - 0.05] + [(a + b) / 2 for a, b in itertools.pairwise(scores)] + [scores[-1] + 0.05]

    def row(t: float) -> SweepRow:
        return SweepRow(
            threshold=t,
            answerable_kept=sum(s >= t for s in answerable) / len(answerable),
            out_of_scope_rejected=sum(s < t for s in out_of_scope) / len(out_of_scope),
        )

    def correct(t: float) -> int:
        return sum(s >= t for s in answerable) + sum(s < t for s in out_of_scope)

    best = max(correct(t) for t in edges)
    # Widest interval of scores between which every threshold is optimal.
    best_interval = (0.0, 0.0)
    for low, high in itertools.pairwise(scores):
        mid = (low + high) / 2
        if correct(mid) == best and high - low > best_interval[1] - best_interval[0]:
            best_interval = (low, high)
    if best_interval == (0.0, 0.0):
        chosen = next(t for t in edges if correct(t) == best)
    else:
        chosen = (best_interval[0] + best_interval[1]) / 2
    chosen = round(chosen, decimals)
    if correct(chosen) < best:  # rounding stepped over a score; keep the exact midpoint
        chosen = (best_interval[0] + best_interval[1]) / 2
    grid = sorted({round(t, decimals) for t in edges} | {chosen})
    return Sweep(rows=tuple(row(t) for t in grid), chosen=chosen)


# --- paired comparisons (sets this small are noisy) ---------------------------------------------


@dataclass(frozen=True)
class PairedComparison:
    """``a`` against ``b`` on the same questions: the mean difference, a bootstrap 95%
    interval of it, and a two-sided p-value (exact sign test on the questions that differ
    for 0/1 scores, Wilcoxon signed-rank otherwise)."""

    n: int
    mean_a: float
    mean_b: float
    difference: float
    low: float
    high: float
    p_value: float
    better: int  # questions where a scores higher
    worse: int  # questions where b scores higher


def paired_comparison(a: Sequence[float], b: Sequence[float], resamples: int = 2000, seed: int = 0) -> PairedComparison:
    """Compare per-question scores of two systems; raises ValueError on unequal lengths."""
    import numpy as np
    from scipy import stats

    if len(a) != len(b) or not a:
        raise ValueError(f"need two equally long, non-empty score lists, got {len(a)} and {len(b)}")
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = x - y
    rng = np.random.default_rng(seed)  # fixed: the report is reproducible
    means = diff[rng.integers(0, len(diff), (resamples, len(diff)))].mean(axis=1)
    better, worse = int((diff > 0).sum()), int((diff < 0).sum())
    if better + worse == 0:
        p = 1.0
    elif set(np.unique(np.concatenate([x, y]))) <= {0.0, 1.0}:
        p = float(stats.binomtest(better, better + worse, 0.5).pvalue)
    else:
        p = float(stats.wilcoxon(x, y, zero_method="wilcox").pvalue)
    return PairedComparison(
        n=len(diff),
        mean_a=float(x.mean()),
        mean_b=float(y.mean()),
        difference=float(diff.mean()),
        low=float(np.percentile(means, 2.5)),
        high=float(np.percentile(means, 97.5)),
        p_value=p,
        better=better,
        worse=worse,
    )
