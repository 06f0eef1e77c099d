"""Offline retrieval-quality evaluation: question files (``questions``), pure metrics
(``metrics``), runs of retrievers, baselines and ablations (``experiments``), and the report
(``report``)."""

from .experiments import (
    ABLATION_CHUNK_SIZES,
    BASELINE_NAME,
    Ablation,
    Evaluation,
    Outcome,
    RetrieverRun,
    evaluate,
    naive_baseline,
    recursive_character_split,
    red_flag_recall,
    run_ablations,
    run_retriever,
)
from .metrics import (
    METRICS,
    Sweep,
    SweepRow,
    hit_at,
    mean,
    mrr_at,
    ndcg_at,
    ranking_metrics,
    recall_at,
    sweep_thresholds,
)
from .questions import KINDS, Question, is_relevant, load_questions, match_key, parse_question
from .report import plot_report, render_markdown, write_report

__all__ = [
    "ABLATION_CHUNK_SIZES",
    "BASELINE_NAME",
    "KINDS",
    "METRICS",
    "Ablation",
    "Evaluation",
    "Outcome",
    "Question",
    "RetrieverRun",
    "Sweep",
    "SweepRow",
    "evaluate",
    "hit_at",
    "is_relevant",
    "load_questions",
    "match_key",
    "mean",
    "mrr_at",
    "naive_baseline",
    "ndcg_at",
    "parse_question",
    "plot_report",
    "ranking_metrics",
    "recall_at",
    "recursive_character_split",
    "red_flag_recall",
    "render_markdown",
    "run_ablations",
    "run_retriever",
    "sweep_thresholds",
    "write_report",
]
