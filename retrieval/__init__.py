"""Retrieval-augmented Q&A over two articles about glute massage.

Pipeline, one module per stage: corpus -> chunking -> embedding -> index -> search
(-> followup) -> evaluation; pipeline wires them from settings; cli is the command line.
Importing this package is cheap: torch and sentence-transformers load only with a model.
"""

from .chunking import Chunk, ChunkerConfig, chunk_article, chunk_corpus, split_sentences
from .corpus import Article, Paragraph, load_article, load_corpus
from .embedding import Embedder, SentenceTransformerEmbedder, verify_weights
from .errors import (
    ChunkingError,
    CorpusError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexUnusableError,
    ModelError,
    QueryError,
    QuestionFileError,
    RetrievalError,
)
from .followup import follow_up_context, is_follow_up
from .index import Index, build_index, check_vectors, load_index
from .search import ABSTAIN_BELOW, Hit, SearchConfig, Searcher, SearchResult, normalize_text
from .settings import Settings, load_settings

__all__ = [
    "ABSTAIN_BELOW",
    "Article",
    "Chunk",
    "ChunkerConfig",
    "ChunkingError",
    "CorpusError",
    "Embedder",
    "Hit",
    "Index",
    "IndexCorruptError",
    "IndexMissingError",
    "IndexStaleError",
    "IndexUnusableError",
    "ModelError",
    "Paragraph",
    "QueryError",
    "QuestionFileError",
    "RetrievalError",
    "SearchConfig",
    "SearchResult",
    "Searcher",
    "SentenceTransformerEmbedder",
    "Settings",
    "build_index",
    "check_vectors",
    "chunk_article",
    "chunk_corpus",
    "follow_up_context",
    "is_follow_up",
    "load_article",
    "load_corpus",
    "load_index",
    "load_settings",
    "normalize_text",
    "split_sentences",
    "verify_weights",
]
