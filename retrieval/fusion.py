"""Fusion: turn the signals of each candidate into one ranking score.

One function per method, dispatched from :data:`FUSIONS`. ``blend`` (shipped) is a weighted
sum that keeps how much better one passage is than the next; ``rrf`` (reciprocal-rank fusion)
only keeps the order, and lost to the blend on the dev set (eval/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CandidateSignals:
    """Signals aligned with the candidates; a signal the retriever does not use is None."""

    chunk: np.ndarray | None
    sentence: np.ndarray | None
    lexical: np.ndarray | None
    rare: np.ndarray | None = None  # share of the question's rare terms each passage contains
    question: np.ndarray | None = None  # best cosine with a question the passage answers

    def of(self, i: int) -> dict[str, float]:
        """Candidate ``i``'s signals by name (those the retriever computed)."""
        names = ("chunk", "sentence", "lexical", "rare", "question")
        return {n: float(getattr(self, n)[i]) for n in names if getattr(self, n) is not None}


def dense(signals: CandidateSignals, config) -> np.ndarray:
    total = config.chunk_weight + config.sentence_weight
    return (config.chunk_weight * signals.chunk + config.sentence_weight * signals.sentence) / total


def lexical(signals: CandidateSignals, config) -> np.ndarray:
    return signals.lexical


def blend(signals: CandidateSignals, config) -> np.ndarray:
    """chunk_weight x chunk + sentence_weight x sentence + lexical_weight x BM25 / (BM25 + s)
    + rare_weight x rare-term evidence + question_weight x best question match: the saturation
    puts BM25 in [0, 1) like the cosines."""
    saturated = signals.lexical / (signals.lexical + config.lexical_saturation)
    scores = (
        config.chunk_weight * signals.chunk
        + config.sentence_weight * signals.sentence
        + config.lexical_weight * saturated
    )
    if signals.rare is not None and config.rare_weight:
        scores = scores + config.rare_weight * signals.rare
    if signals.question is not None and config.question_weight:
        scores = scores + config.question_weight * signals.question
    return scores


def rrf(signals: CandidateSignals, config) -> np.ndarray:
    """Reciprocal-rank fusion of the dense and BM25 rankings: the sum of 1 / (k + rank)."""
    return reciprocal_rank([dense(signals, config), signals.lexical], config.rrf_k)


def reciprocal_rank(score_lists: list[np.ndarray], k: int) -> np.ndarray:
    fused = np.zeros(len(score_lists[0]), dtype=np.float64)
    for scores in score_lists:
        ranks = np.empty(len(scores), dtype=np.int64)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
        fused += 1.0 / (k + ranks)
    return fused


# method name -> (score function, signals it needs)
FUSIONS: dict[str, tuple[Callable[[CandidateSignals, object], np.ndarray], frozenset[str]]] = {
    "dense": (dense, frozenset({"dense"})),
    "bm25": (lexical, frozenset({"lexical"})),
    "blend": (blend, frozenset({"dense", "lexical"})),
    "rrf": (rrf, frozenset({"dense", "lexical"})),
}
