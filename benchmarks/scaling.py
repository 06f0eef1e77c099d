"""Search cost with 1k-100k synthetic passages: our search (model call excluded) against a
flat FAISS look-up, and whether an HNSW index could supply the same candidates."""

from __future__ import annotations

import time

import faiss
import numpy as np

from retrieval.chunking import Chunk
from retrieval.index import Index
from retrieval.search import SearchEngine

DIMENSION = 384
VOCABULARY = [f"w{i}" for i in range(5000)]


def percentiles(seconds: list[float]) -> dict:
    ms = np.asarray(seconds) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}


class Clusters:
    """Unit vectors around random centres; spread 0.6 gives nearest-neighbour cosines like
    the real corpus (median ~0.77; our sentences: 0.75)."""

    def __init__(self, rng: np.random.Generator, count: int) -> None:
        self.rng = rng
        centers = rng.standard_normal((count, DIMENSION)).astype(np.float32)
        self.centers = centers / np.linalg.norm(centers, axis=1, keepdims=True)

    def sample(self, rows: int, spread: float = 0.6) -> np.ndarray:
        picks = self.centers[self.rng.integers(0, len(self.centers), rows)]
        noise = self.rng.standard_normal((rows, DIMENSION)).astype(np.float32) / np.sqrt(DIMENSION)
        vectors = picks + spread * noise
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class RandomQueryEmbedder:
    """An Embedder whose queries are random vectors near the clusters (no model call)."""

    name, weights_sha256, dimension, max_tokens = "random", "0" * 64, DIMENSION, 256

    def __init__(self, clusters: Clusters) -> None:
        self.clusters = clusters

    def embed_queries(self, texts):
        return self.clusters.sample(len(texts), spread=0.8)

    embed_passages = embed_queries

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def truncate(self, text: str) -> str:
        return text


def synthetic_index(rng: np.random.Generator, clusters: Clusters, n: int) -> Index:
    """``n`` passages of three random-word sentences each, with clustered vectors."""
    chunks = []
    for i in range(n):
        words = rng.choice(VOCABULARY, 45)
        parts = [" ".join(words[k : k + 15]) + "." for k in (0, 15, 30)]
        text = " ".join(parts)
        a, b = len(parts[0]), len(parts[0]) + 1 + len(parts[1])
        chunks.append(
            Chunk(f"s:{i}", "synthetic", i, "Section", 0, len(text), text, ((0, a), (a + 1, b), (b + 1, len(text))))
        )
    chunk_vectors, sentence_vectors = clusters.sample(n), clusters.sample(3 * n)
    flat = faiss.IndexFlatIP(DIMENSION)
    flat.add(chunk_vectors)
    return Index(
        {},
        {"synthetic": {"title": "synthetic"}},
        tuple(chunks),
        flat,
        chunk_vectors,
        sentence_vectors,
        tuple(range(0, 3 * n + 1, 3)),
    )


def timed(fn, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - started)
    return times


def hnsw_candidates(vectors: np.ndarray, queries: np.ndarray, flat) -> dict:
    """HNSW (M=32, efSearch=128) top-100: its time, build time, and the share of the exact
    top 10 among its candidates (search rescores candidates exactly, so 1.0 = same results)."""
    started = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(DIMENSION, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efSearch = 128
    hnsw.add(vectors)
    build_s = time.perf_counter() - started
    times, recall = [], []
    for vector in queries:
        started = time.perf_counter()
        _, candidates = hnsw.search(vector[None, :], 100)
        times.append(time.perf_counter() - started)
        _, exact = flat.search(vector[None, :], 10)
        recall.append(len(set(exact[0]) & set(candidates[0])) / 10)
    return {"hnsw_top100": percentiles(times), "hnsw_build_s": build_s, "hnsw_candidate_recall": float(np.mean(recall))}


def scaling(sizes: tuple[int, ...], queries: int) -> list[dict]:
    rng = np.random.default_rng(0)
    rows = []
    for n in sizes:
        clusters = Clusters(rng, max(1, n // 50))
        index = synthetic_index(rng, clusters, n)
        started = time.perf_counter()
        searcher = SearchEngine(index, RandomQueryEmbedder(clusters)).searcher()
        setup_s = time.perf_counter() - started
        texts = [" ".join(rng.choice(VOCABULARY, 8)) for _ in range(queries)]
        vectors = clusters.sample(queries, spread=0.8)
        timed(searcher.search, texts[:3])  # warm-up
        rows.append(
            {
                "passages": n,
                "search_setup_s": setup_s,
                "our_search": percentiles(timed(searcher.search, texts)),
                "flat_top100": percentiles(
                    timed(lambda v, flat=index.faiss_index: flat.search(v[None, :], 100), vectors)
                ),
                **hnsw_candidates(index.chunk_vectors, vectors, index.faiss_index),
            }
        )
    return rows
