"""Wiring: from settings to a ready :class:`Searcher`. The CLI and the app both use this."""

from __future__ import annotations

import sys

from .chunking import ChunkerConfig
from .embedding import SentenceTransformerEmbedder
from .errors import IndexUnusableError
from .index import Index, build_index, check_vectors, load_index
from .search import SearchConfig, Searcher
from .settings import Settings


def load_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder.load(settings.model, settings.model_sha256, settings.threads)


def load_checked_index(settings: Settings) -> Index:
    """The saved index, verified against the current corpus, chunker and model hash.
    Does not need the model, so callers can check the index before loading it."""
    return load_index(
        settings.index_dir,
        corpus_dir=settings.corpus_dir,
        config=ChunkerConfig(),
        model_sha256=settings.model_sha256,
    )


def rebuild(settings: Settings, embedder: SentenceTransformerEmbedder | None = None) -> dict:
    embedder = embedder or load_embedder(settings)
    return build_index(settings.corpus_dir, settings.index_dir, embedder, ChunkerConfig())


def index_or_rebuild(settings: Settings, embedder: SentenceTransformerEmbedder | None = None) -> Index:
    """Load the index; if it is unusable and the settings allow it, rebuild it once."""
    try:
        return load_checked_index(settings)
    except IndexUnusableError as exc:
        if not settings.rebuild_stale_index:
            raise
        print(f"{exc} -- rebuilding (GLUTEQA_REBUILD_STALE_INDEX=1)", file=sys.stderr)
        rebuild(settings, embedder)
        return load_checked_index(settings)


def open_searcher(
    settings: Settings,
    config: SearchConfig | None = None,
    index: Index | None = None,
    embedder: SentenceTransformerEmbedder | None = None,
) -> Searcher:
    """Model + verified index + BM25, ready to answer."""
    embedder = embedder or load_embedder(settings)
    index = index or index_or_rebuild(settings, embedder)
    check_vectors(index, embedder)
    return Searcher(index, embedder, config)
