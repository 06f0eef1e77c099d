"""Offline evaluation: question files (``questions``), pure metrics and paired comparisons
(``metrics``), runs of retrievers (``experiments``), the LangChain baseline and ablations
(``baselines``), what the chat replies (``replies``), everything per split (``suite``) and
the report (``report``, ``report_splits``, ``plots``)."""

from .baselines import ABLATION_CHUNK_SIZES, BASELINE_NAME, Ablation, langchain_chunks, naive_baseline, run_ablations
from .experiments import Evaluation, Outcome, RetrieverRun, evaluate, red_flag_recall, run_retriever
from .metrics import (
    METRICS,
    PairedComparison,
    Sweep,
    SweepRow,
    hit_at,
    mean,
    mrr_at,
    ndcg_at,
    paired_comparison,
    ranking_metrics,
    recall_at,
    sweep_thresholds,
)
from .questions import KINDS, Question, is_relevant, load_questions, match_key, parse_question
from .replies import ReplyOutcome, answerability_summary, judge_reply, names_topic, run_replies
from .report import render_markdown, write_report
from .suite import SplitReport, group_by_split, run_split, split_of

__all__ = [
    "ABLATION_CHUNK_SIZES",
    "BASELINE_NAME",
    "KINDS",
    "METRICS",
    "Ablation",
    "Evaluation",
    "Outcome",
    "PairedComparison",
    "Question",
    "ReplyOutcome",
    "RetrieverRun",
    "SplitReport",
    "Sweep",
    "SweepRow",
    "answerability_summary",
    "evaluate",
    "group_by_split",
    "hit_at",
    "is_relevant",
    "judge_reply",
    "langchain_chunks",
    "load_questions",
    "match_key",
    "mean",
    "mrr_at",
    "naive_baseline",
    "names_topic",
    "ndcg_at",
    "paired_comparison",
    "parse_question",
    "ranking_metrics",
    "recall_at",
    "red_flag_recall",
    "render_markdown",
    "run_ablations",
    "run_replies",
    "run_retriever",
    "run_split",
    "split_of",
    "sweep_thresholds",
    "write_report",
]
