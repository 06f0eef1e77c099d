"""The relevance signals of a passage, each a small function over candidates.

- chunk: cosine between the question and the chunk (heading + text);
- sentence: the best cosine between the question and any one sentence of the chunk,
  because answers are usually one sentence and a whole-chunk vector dilutes them;
- lexical: BM25 (bm25s, stemmed English, stop words removed).

Only candidates are scored: the top chunks by chunk cosine and by best sentence (FAISS) and
by BM25. A small corpus is all candidates; a large one costs a few index look-ups instead
of scoring every passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import faiss
import numpy as np

from .index import Index
from .text import normalize_text


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


class LexicalIndex:
    """BM25 over the texts the model embeds (heading + passage), one row per chunk."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self._bm25 = bm25s.BM25()
        self._bm25.index(bm25_tokenize(texts), show_progress=False)

    def scores(self, text: str) -> np.ndarray:
        """BM25 of ``text`` against every chunk."""
        return self._bm25.get_scores(bm25_tokenize([text])[0]).astype(np.float32)


class SentenceIndex:
    """FAISS over sentence vectors, and which chunk owns each sentence row."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.owner = np.repeat(np.arange(len(index.chunks)), np.diff(index.sentence_rows))
        self.faiss = faiss.IndexFlatIP(index.sentence_vectors.shape[1])
        self.faiss.add(index.sentence_vectors)

    def best(self, query_vector: np.ndarray) -> float:
        """The best cosine between the question and any sentence of the corpus."""
        scores, _ = self.faiss.search(query_vector[None, :], 1)
        return float(scores[0, 0])

    def rows_of(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence rows of the given chunks, concatenated, and where each chunk's run starts."""
        bounds = np.asarray(self.index.sentence_rows)
        starts, lengths = bounds[positions], bounds[positions + 1] - bounds[positions]
        groups = np.cumsum(lengths) - lengths
        rows = np.repeat(starts - groups, lengths) + np.arange(int(lengths.sum()))
        return rows, groups


def dense_candidates(sentences: SentenceIndex, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Chunk positions among the top ``k`` by chunk cosine and by sentence cosine, and the
    best sentence cosine found."""
    index = sentences.index
    _, chunk_ids = index.faiss_index.search(query_vector[None, :], min(len(index.chunks), k))
    top, sentence_ids = sentences.faiss.search(query_vector[None, :], min(len(sentences.owner), k))
    return np.concatenate([chunk_ids[0], sentences.owner[sentence_ids[0]]]), float(top[0, 0])


def top_positions(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, in no particular order."""
    return np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))


@dataclass(frozen=True)
class DenseScores:
    """Dense signals of the candidates, aligned with them."""

    chunk: np.ndarray  # cosine with the chunk
    sentence: np.ndarray  # best cosine with one of its sentences
    sentence_scores: tuple[np.ndarray, ...]  # cosine with each of its sentences


def dense_scores(sentences: SentenceIndex, query_vector: np.ndarray, candidates: np.ndarray) -> DenseScores:
    index = sentences.index
    rows, groups = sentences.rows_of(candidates)
    scores = index.sentence_vectors[rows] @ query_vector
    per_chunk = tuple(np.split(scores, groups[1:]))
    return DenseScores(
        chunk=index.chunk_vectors[candidates] @ query_vector,
        sentence=np.maximum.reduceat(scores, groups),
        sentence_scores=per_chunk,
    )


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)


def hub_scores(vectors: np.ndarray, owner: np.ndarray, k: int = 3) -> np.ndarray:
    """How "near everything" each vector is: its mean cosine with its ``k`` nearest vectors
    belonging to other passages (``owner`` says which passage each row belongs to). Generic
    passages ("glutes matter in daily life") score high and win questions they do not answer;
    subtracting part of this score is a CSLS-style correction for hubness. FAISS finds the
    neighbours, so memory stays O(rows x k) however large the corpus."""
    rows = len(vectors)
    own = int(np.bincount(owner).max()) if rows else 0  # rows a vector may share its passage with
    wanted = min(rows, k + own)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    similarity, neighbours = flat.search(np.ascontiguousarray(vectors, dtype=np.float32), wanted)
    other = owner[neighbours] != owner[:, None]
    if not other.any(axis=1).all():  # a single passage: nothing else to be near
        return np.zeros(rows, dtype=np.float32)
    k = max(1, min(k, int(other.sum(axis=1).min())))
    masked = np.where(other, similarity, -np.inf)
    nearest = -np.sort(-masked, axis=1)[:, :k]
    return nearest.mean(axis=1).astype(np.float32)


EVIDENCE_K = 3  # neighbours averaged on each side (answered / not answered); 1, 3, 5 tried on dev


class QuestionIndex:
    """The questions each passage answers (document expansion) and the questions the articles
    do not answer, as vectors (see annotations.py)."""

    def __init__(self, index: Index) -> None:
        self.count = len(index.chunks)
        self.vectors = index.question_vectors
        self.owner = np.array([q["chunk"] for q in index.questions], dtype=np.int64)
        self.sentence_count = int(index.sentence_vectors.shape[0])
        self.sentence_row = np.array(
            [index.sentence_rows[q["chunk"]] + q["sentence"] for q in index.questions], dtype=np.int64
        )
        self.uncovered = index.not_covered
        self.uncovered_vectors = index.not_covered_vectors

    def scores(self, query_vector: np.ndarray) -> np.ndarray | None:
        """Per passage, the best cosine between the question and one it answers (-1: none)."""
        if self.vectors is None or not len(self.vectors):
            return None
        best = np.full(self.count, -1.0, dtype=np.float32)
        np.maximum.at(best, self.owner, self.vectors @ query_vector)
        return best

    def sentence_scores(self, query_vector: np.ndarray) -> np.ndarray | None:
        """Per sentence row, the best cosine between the question and one it answers (-1: none)."""
        if self.vectors is None or not len(self.vectors):
            return None
        best = np.full(self.sentence_count, -1.0, dtype=np.float32)
        np.maximum.at(best, self.sentence_row, self.vectors @ query_vector)
        return best

    def nearest_uncovered(self, vector: np.ndarray):
        """(the closest question the articles don't answer, cosine), or (None, -1)."""
        if self.uncovered_vectors is None or not len(self.uncovered_vectors):
            return None, -1.0
        similarities = self.uncovered_vectors @ vector
        i = int(np.argmax(similarities))
        return self.uncovered[i], float(similarities[i])

    def evidence(self, vector: np.ndarray, sentence_vectors: np.ndarray, k: int = EVIDENCE_K) -> tuple[float, float]:
        """(answered, not answered): the mean cosine of ``vector`` with its ``k`` nearest
        texts the articles answer (their sentences and the questions each answers), and with
        its ``k`` nearest questions they don't. A mean of several neighbours is steadier than
        the single nearest one, which a lone look-alike question can decide."""
        answered = sentence_vectors @ vector
        if self.vectors is not None and len(self.vectors):
            answered = np.concatenate([answered, self.vectors @ vector])
        if self.uncovered_vectors is None or not len(self.uncovered_vectors):
            return _top_mean(answered, k), -1.0
        return _top_mean(answered, k), _top_mean(self.uncovered_vectors @ vector, k)


def _top_mean(scores: np.ndarray, k: int) -> float:
    k = min(k, len(scores))
    return float(np.mean(np.partition(scores, len(scores) - k)[-k:])) if k else -1.0
