"""Hybrid search: dense (FAISS) + lexical (BM25), blended, de-duplicated, with a
calibrated decision to abstain when nothing in the articles answers the question.

How a chunk is scored (each choice was measured on eval/dev.jsonl; see eval/report/):
- chunk: cosine between the question and the chunk (heading + text);
- sentence: the best cosine between the question and any one sentence of the chunk,
  because answers are usually one sentence and a whole-chunk vector dilutes them;
- lexical: BM25 (bm25s, stemmed), saturated as s / (s + 2) so it lands in [0, 1).
hybrid = 0.3 chunk + 0.5 sentence + 0.2 lexical. A score blend beat reciprocal-rank
fusion on the dev set because it keeps how much better one passage is than the next.

Abstention uses the best sentence cosine over the whole corpus: it separates answerable
from out-of-scope questions better than chunk cosines or the blended score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

import faiss
import numpy as np

from .chunking import Chunk
from .embedding import Embedder
from .errors import QueryError
from .index import Index

RETRIEVERS = ("dense", "bm25", "hybrid")
FUSIONS = ("blend", "rrf")

# Abstain when the question's relevance is below this. Chosen by the threshold sweep of
# `python -m retrieval evaluate` on eval/dev.jsonl; tests/test_quality.py fails if the
# sweep would now choose another value. dense and hybrid share the relevance signal (best
# sentence cosine); bm25 has its own scale.
ABSTAIN_BELOW = {"dense": 0.38, "hybrid": 0.38, "bm25": 0.92}

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Canonical form for matching: NFKC, typographic quotes folded, control and
    invisible format characters (zero-width, bidi overrides) dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    chunk: Chunk
    article: dict  # attribution: article_id, title, author, publisher, url
    position: int  # row of the chunk in the index
    best_sentence: int  # index into chunk.sentences of the sentence closest to the question

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
    sentence_scores: np.ndarray  # cosine of the question with every sentence in the index
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
        if self.fusion not in FUSIONS:
            raise ValueError(f"fusion must be one of {FUSIONS}, got {self.fusion!r}")
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
    def threshold(self) -> float:
        return ABSTAIN_BELOW[self.retriever] if self.abstain_below is None else self.abstain_below


def bm25_tokenize(texts: Sequence[str]) -> list[list[str]]:
    import bm25s
    import Stemmer

    return bm25s.tokenize(
        [normalize_text(t) for t in texts],
        stopwords="en",
        stemmer=Stemmer.Stemmer("english"),
        return_ids=False,
        show_progress=False,
    )


class Searcher:
    """Answers questions from a loaded :class:`Index`. Safe to share between threads."""

    def __init__(self, index: Index, embedder: Embedder | None, config: SearchConfig | None = None) -> None:
        import bm25s

        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig()
        if self.config.retriever != "bm25" and embedder is None:
            raise ValueError(f"the {self.config.retriever!r} retriever needs an embedder")
        self._bm25 = bm25s.BM25()
        self._bm25.index(bm25_tokenize([c.embedding_text for c in index.chunks]), show_progress=False)
        self._sentence_owner = np.repeat(np.arange(len(index.chunks)), np.diff(index.sentence_rows))
        self._sentence_index = faiss.IndexFlatIP(index.sentence_vectors.shape[1])
        self._sentence_index.add(index.sentence_vectors)

    def with_config(self, **changes) -> Searcher:
        """A searcher over the same index, model and BM25 with some settings changed."""
        other = object.__new__(Searcher)
        other.__dict__.update(self.__dict__)
        other.config = replace(self.config, **changes)
        return other

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

    def _lexical(self, text: str) -> np.ndarray:
        return self._bm25.get_scores(bm25_tokenize([text])[0]).astype(np.float32)

    def search(self, query: str, top_k: int = 5, context: Sequence[str] = ()) -> SearchResult:
        """Best passages for ``query``. ``context``: earlier questions this one follows up
        on (most recent last); they steer the search without dominating it.

        Only candidates are scored: the top chunks by chunk cosine and by best sentence
        (FAISS) and by BM25, ``config.candidates`` of each. A small corpus is all candidates;
        a large one costs a few index look-ups instead of scoring every passage."""
        if not isinstance(top_k, int) or isinstance(top_k, bool) or top_k < 1:
            raise ValueError(f"top_k must be an int >= 1, got {top_k!r}")
        cfg = self.config
        index = self.index
        searched, truncated = self._prepare(query)
        texts = [searched] + [self.prepare(c) for c in context[-1:] if normalize_text(c)]
        sentence_scores = np.zeros(index.sentence_vectors.shape[0], dtype=np.float32)
        pools: list[np.ndarray] = []

        if cfg.retriever != "bm25":
            vectors = self.embedder.embed(texts)
            query_vector = _unit(vectors[0] + cfg.context_weight * vectors[1:].sum(axis=0))
            _, chunk_ids = index.faiss_index.search(query_vector[None, :], min(len(index.chunks), cfg.candidates))
            top_sentences, sentence_ids = self._sentence_index.search(
                query_vector[None, :], min(len(sentence_scores), cfg.candidates)
            )
            pools += [chunk_ids[0], self._sentence_owner[sentence_ids[0]]]
            if len(texts) == 1:
                relevance = float(top_sentences[0, 0])
            else:  # a follow-up on its own ("who said that?") is vague: judge it with its context
                judged, _ = self._sentence_index.search(_unit(vectors.sum(axis=0))[None, :], 1)
                relevance = float(judged[0, 0])
        if cfg.retriever != "dense":
            lexical = self._lexical(texts[0])
            if len(texts) > 1:
                lexical = lexical + cfg.context_weight * self._lexical(texts[1])
            pools.append(_top(lexical, cfg.candidates))

        candidates = np.unique(np.concatenate(pools))
        if cfg.retriever != "bm25":
            chunk_scores = index.chunk_vectors[candidates] @ query_vector
            rows, groups = self._sentence_rows(candidates)
            sentence_scores[rows] = index.sentence_vectors[rows] @ query_vector
            best_in_chunk = np.maximum.reduceat(sentence_scores[rows], groups)
            dense = (cfg.chunk_weight * chunk_scores + cfg.sentence_weight * best_in_chunk) / (
                cfg.chunk_weight + cfg.sentence_weight
            )
        if cfg.retriever != "dense":
            lexical = lexical[candidates]

        if cfg.retriever == "dense":
            scores = dense
        elif cfg.retriever == "bm25":
            scores, relevance = lexical, float(lexical.max())
        elif cfg.fusion == "rrf":
            scores = _rrf([dense, lexical], cfg.rrf_k)
        else:
            saturated = lexical / (lexical + cfg.lexical_saturation)
            scores = (
                cfg.chunk_weight * chunk_scores + cfg.sentence_weight * best_in_chunk + cfg.lexical_weight * saturated
            )

        hits = tuple(
            Hit(
                rank=rank,
                score=float(scores[i]),
                chunk=index.chunks[candidates[i]],
                article=index.articles[index.chunks[candidates[i]].article_id],
                position=int(candidates[i]),
                best_sentence=self._best_sentence(int(candidates[i]), sentence_scores),
            )
            for rank, i in enumerate(self._diverse_top(np.asarray(scores), candidates, top_k), start=1)
        )
        return SearchResult(
            query=query,
            abstained=relevance < cfg.threshold,
            hits=hits,
            relevance=relevance,
            sentence_scores=sentence_scores,
            truncated=truncated,
        )

    def _sentence_rows(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence rows of the given chunks, concatenated, and where each chunk's run starts."""
        bounds = np.asarray(self.index.sentence_rows)
        starts, lengths = bounds[positions], bounds[positions + 1] - bounds[positions]
        groups = np.cumsum(lengths) - lengths
        rows = np.repeat(starts - groups, lengths) + np.arange(int(lengths.sum()))
        return rows, groups

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

    def _best_sentence(self, position: int, sentence_scores: np.ndarray) -> int:
        start, end = self.index.sentence_rows[position], self.index.sentence_rows[position + 1]
        return int(np.argmax(sentence_scores[start:end])) if end > start else 0


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, in no particular order."""
    return np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))


def _rrf(score_lists: list[np.ndarray], k: int) -> np.ndarray:
    """Reciprocal-rank fusion: the sum over rankings of 1 / (k + rank)."""
    fused = np.zeros(len(score_lists[0]), dtype=np.float64)
    for scores in score_lists:
        ranks = np.empty(len(scores), dtype=np.int64)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
        fused += 1.0 / (k + ranks)
    return fused


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)
