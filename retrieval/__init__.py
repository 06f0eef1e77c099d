"""Retrieval-augmented Q&A over articles about glute massage.

One module per stage: corpus -> chunking -> embedding -> index -> signals/fusion/search
(-> followup) -> selection/render/answer (with safety and smalltalk) -> evaluation;
pipeline wires them from settings; cli is the command line. Importing this package is
cheap: no model is loaded until one is asked for.
"""

from .answer import KINDS, Composer, Reply
from .chunking import Chunk, ChunkerConfig, chunk_article, chunk_corpus, split_sentences
from .corpus import Article, Paragraph, load_article, load_corpus
from .embedding import Embedder, verify_weights
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
from .pipeline import Engine, open_engine, open_searcher
from .render import DISCLAIMER, Wording, escape_markdown, unescape_markdown
from .search import ABSTAIN_BELOW, Hit, SearchConfig, SearchEngine, Searcher, SearchResult
from .selection import Passage
from .settings import Settings, load_settings
from .text import normalize_text

__all__ = [
    "ABSTAIN_BELOW",
    "DISCLAIMER",
    "KINDS",
    "Article",
    "Chunk",
    "ChunkerConfig",
    "ChunkingError",
    "Composer",
    "CorpusError",
    "Embedder",
    "Engine",
    "Hit",
    "Index",
    "IndexCorruptError",
    "IndexMissingError",
    "IndexStaleError",
    "IndexUnusableError",
    "ModelError",
    "Paragraph",
    "Passage",
    "QueryError",
    "QuestionFileError",
    "Reply",
    "RetrievalError",
    "SearchConfig",
    "SearchEngine",
    "SearchResult",
    "Searcher",
    "Settings",
    "Wording",
    "build_index",
    "check_vectors",
    "chunk_article",
    "chunk_corpus",
    "escape_markdown",
    "follow_up_context",
    "is_follow_up",
    "load_article",
    "load_corpus",
    "load_index",
    "load_settings",
    "normalize_text",
    "open_engine",
    "open_searcher",
    "split_sentences",
    "unescape_markdown",
    "verify_weights",
]
