"""Hybrid search over the index, with a calibrated decision to abstain when nothing in
the articles answers the question.

:class:`SearchEngine` holds the heavy state once (index, model, BM25, sentence index);
:class:`Searcher` is a cheap view of it with one :class:`SearchConfig`. The signals are in
``signals.py``, the ways to fuse them in ``fusion.py``. Shipped: 0.3 chunk + 0.5 sentence +
0.2 saturated BM25 (each choice measured on eval/dev.jsonl; see eval/README.md).

Abstention uses the best sentence cosine over the whole corpus: it separates answerable
from out-of-scope questions better than chunk cosines or the blended score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .chunking import Chunk
from .embedding import Embedder
from .errors import QueryError
from .fusion import FUSIONS, CandidateSignals
from .index import Index
from .signals import LexicalIndex, SentenceIndex, dense_candidates, dense_scores, top_positions, unit
from .text import normalize_text

RETRIEVERS = ("dense", "bm25", "hybrid")
FUSION_METHODS = ("blend", "rrf")

# Abstain when the question's relevance is below this. Chosen by the threshold sweep of
# `python -m retrieval evaluate` on eval/dev.jsonl; tests/test_quality.py fails if the
# sweep would now choose another value. dense and hybrid share the relevance signal (best
# sentence cosine); bm25 has its own scale.
ABSTAIN_BELOW = {"dense": 0.38, "hybrid": 0.38, "bm25": 0.92}


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    chunk: Chunk
    article: dict  # attribution: article_id, title, author, publisher, url
    position: int  # row of the chunk in the index
    best_sentence: int  # index into chunk.sentences of the sentence closest to the question
    sentence_scores: tuple[float, ...] = ()  # cosine of the question with each sentence of the chunk

    @property
    def sentence_score(self) -> float:
        """Cosine of the question with the chunk's best sentence (0 without a model)."""
        return self.sentence_scores[self.best_sentence] if self.sentence_scores else 0.0

    def to_json(self) -> dict:
        """The stable JSON contract of ``search --json``."""
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "text": self.chunk.text,
            "chunk_id": self.chunk.id,
            "article_id": self.chunk.article_id,
            "title": self.article.get("title"),
            "author": self.article.get("author"),
            "publisher": self.article.get("publisher"),
            "url": self.article.get("url"),
            "section": self.chunk.section,
        }


@dataclass(frozen=True)
class SearchResult:
    query: str  # the question as asked
    abstained: bool
    hits: tuple[Hit, ...]  # best first, even when abstained
    relevance: float  # what the abstention decision compared with the threshold
    truncated: bool = False  # the question was longer than the model reads; its start was searched

    def to_json(self) -> dict:
        return {"query": self.query, "abstained": self.abstained, "hits": [hit.to_json() for hit in self.hits]}


@dataclass(frozen=True)
class SearchConfig:
    """Weights of the blend, the follow-up context weight, the near-duplicate cut-off and
    the abstention threshold (None: the calibrated ABSTAIN_BELOW for the retriever).
    fusion "rrf" replaces the hybrid blend by reciprocal-rank fusion of the dense and BM25
    rankings (kept for comparison: it lost to the blend on the dev set)."""

    retriever: str = "hybrid"
    fusion: str = "blend"
    rrf_k: int = 60
    chunk_weight: float = 0.3
    sentence_weight: float = 0.5
    lexical_weight: float = 0.2
    lexical_saturation: float = 2.0
    context_weight: float = 0.3
    near_duplicate: float | None = 0.95  # None keeps duplicates
    candidates: int = 100  # per signal; a corpus this small is all candidates
    abstain_below: float | None = None

    def __post_init__(self) -> None:
        if self.retriever not in RETRIEVERS:
            raise ValueError(f"retriever must be one of {RETRIEVERS}, got {self.retriever!r}")
        if self.fusion not in FUSION_METHODS:
            raise ValueError(f"fusion must be one of {FUSION_METHODS}, got {self.fusion!r}")
        if not isinstance(self.rrf_k, int) or self.rrf_k < 1:
            raise ValueError(f"rrf_k must be an int >= 1, got {self.rrf_k!r}")
        for name in ("chunk_weight", "sentence_weight", "lexical_weight", "context_weight"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}")
        if self.chunk_weight + self.sentence_weight <= 0:
            raise ValueError("chunk_weight + sentence_weight must be > 0")
        if not self.lexical_saturation > 0:
            raise ValueError(f"lexical_saturation must be > 0, got {self.lexical_saturation!r}")
        if not isinstance(self.candidates, int) or isinstance(self.candidates, bool) or self.candidates < 1:
            raise ValueError(f"candidates must be an int >= 1, got {self.candidates!r}")
        if self.near_duplicate is not None and not 0 < self.near_duplicate <= 1:
            raise ValueError(f"near_duplicate must be in (0, 1], got {self.near_duplicate!r}")

    @property
    def method(self) -> str:
        """The fusion method: the retriever itself unless hybrid."""
        return self.fusion if self.retriever == "hybrid" else self.retriever

    @property
    def threshold(self) -> float:
        return ABSTAIN_BELOW[self.retriever] if self.abstain_below is None else self.abstain_below


class SearchEngine:
    """The heavy, shared part of search: index, model, BM25 and sentence index. Build it
    once; :meth:`searcher` gives cheap searchers with any configuration. Thread-safe."""

    def __init__(self, index: Index, embedder: Embedder | None) -> None:
        self.index = index
        self.embedder = embedder
        self.lexical = LexicalIndex([c.embedding_text for c in index.chunks])
        self.sentences = SentenceIndex(index)

    def searcher(self, config: SearchConfig | None = None) -> Searcher:
        return Searcher(self, config)


class Searcher:
    """Answers questions with one configuration of a :class:`SearchEngine`."""

    def __init__(self, engine: SearchEngine, config: SearchConfig | None = None) -> None:
        self.engine = engine
        self.config = config or SearchConfig()
        if "dense" in FUSIONS[self.config.method][1] and engine.embedder is None:
            raise ValueError(f"the {self.config.retriever!r} retriever needs an embedder")

    @property
    def index(self) -> Index:
        return self.engine.index

    @property
    def embedder(self) -> Embedder | None:
        return self.engine.embedder

    def with_config(self, **changes) -> Searcher:
        """A searcher over the same engine with some settings changed."""
        return Searcher(self.engine, replace(self.config, **changes))

    def prepare(self, query: str) -> str:
        """The text actually searched: normalised and cut to what the model reads."""
        return self._prepare(query)[0]

    def _prepare(self, query: str) -> tuple[str, bool]:
        """(text searched, whether it was cut)."""
        if not isinstance(query, str):
            raise QueryError("the question must be text")
        text = normalize_text(query)
        if not text:
            raise QueryError("the question is empty; type a question about glute massage")
        searched = self.embedder.truncate(text) if self.embedder is not None else text
        return searched, len(searched) < len(text)

    def search(self, query: str, top_k: int = 5, context: Sequence[str] = ()) -> SearchResult:
        """Best passages for ``query``. ``context``: earlier questions this one follows up
        on (most recent last); they steer the search without dominating it."""
        if not isinstance(top_k, int) or isinstance(top_k, bool) or top_k < 1:
            raise ValueError(f"top_k must be an int >= 1, got {top_k!r}")
        cfg, engine = self.config, self.engine
        searched, truncated = self._prepare(query)
        texts = [searched] + [self.prepare(c) for c in context[-1:] if normalize_text(c)]
        needs = FUSIONS[cfg.method][1]
        pools: list[np.ndarray] = []
        query_vector = None
        if "dense" in needs:
            vectors = self.embedder.embed_queries(texts)
            query_vector = unit(vectors[0] + cfg.context_weight * vectors[1:].sum(axis=0))
            pool, best = dense_candidates(engine.sentences, query_vector, cfg.candidates)
            pools.append(pool)
            # a follow-up on its own ("who said that?") is vague: judge it with its context
            relevance = best if len(texts) == 1 else engine.sentences.best(unit(vectors.sum(axis=0)))
        if "lexical" in needs:
            lexical_all = engine.lexical.scores(texts[0])
            if len(texts) > 1:
                lexical_all = lexical_all + cfg.context_weight * engine.lexical.scores(texts[1])
            pools.append(top_positions(lexical_all, cfg.candidates))

        candidates = np.unique(np.concatenate(pools))
        dense = dense_scores(engine.sentences, query_vector, candidates) if query_vector is not None else None
        signals = CandidateSignals(
            chunk=dense.chunk if dense else None,
            sentence=dense.sentence if dense else None,
            lexical=lexical_all[candidates] if "lexical" in needs else None,
        )
        scores = np.asarray(FUSIONS[cfg.method][0](signals, cfg))
        if cfg.method == "bm25":
            relevance = float(signals.lexical.max())
        hits = tuple(
            self._hit(rank, float(scores[i]), int(candidates[i]), dense.sentence_scores[i] if dense else None)
            for rank, i in enumerate(self._diverse_top(scores, candidates, top_k), start=1)
        )
        return SearchResult(
            query=query, abstained=relevance < cfg.threshold, hits=hits, relevance=relevance, truncated=truncated
        )

    def _hit(self, rank: int, score: float, position: int, sentence_scores: np.ndarray | None) -> Hit:
        chunk = self.index.chunks[position]
        return Hit(
            rank=rank,
            score=score,
            chunk=chunk,
            article=self.index.articles[chunk.article_id],
            position=position,
            best_sentence=int(np.argmax(sentence_scores)) if sentence_scores is not None else 0,
            sentence_scores=tuple(float(s) for s in sentence_scores) if sentence_scores is not None else (),
        )

    def _diverse_top(self, scores: np.ndarray, positions: np.ndarray, top_k: int) -> list[int]:
        """Indices into ``scores``, best first, skipping passages nearly identical to a better one."""
        vectors = self.index.chunk_vectors
        cutoff = self.config.near_duplicate
        chosen: list[int] = []
        for i in np.argsort(-scores, kind="stable"):
            if len(chosen) == top_k:
                break
            if (
                chosen
                and cutoff is not None
                and float(np.max(vectors[positions[chosen]] @ vectors[positions[i]])) >= cutoff
            ):
                continue
            chosen.append(int(i))
        return chosen
