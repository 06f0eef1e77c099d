"""Wiring: from settings to a ready :class:`Searcher` (or reply composer). The CLI and the app use this."""

from __future__ import annotations

import sys
import threading

from .chunking import ChunkerConfig
from .embedding import SentenceTransformerEmbedder, resolve_model_dir, verify_weights
from .errors import IndexUnusableError, ModelError, RetrievalError
from .index import Index, build_index, check_vectors, load_index
from .search import SearchConfig, Searcher
from .settings import Settings


def load_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder.load(settings.model, settings.model_sha256, settings.threads)


def check_model(settings: Settings) -> None:
    """Verify the model's weights without loading them (fast: one hash); raise ModelError."""
    verify_weights(resolve_model_dir(settings.model), settings.model_sha256)


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


class BackgroundComposer:
    """Loads the model and builds the reply composer in a thread, so an app can serve its
    page at once. :meth:`get` waits until it is ready; a load failure is raised there."""

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index
        self._ready = threading.Event()
        self._composer = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="model-loader", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            from .answer import Composer

            composer = Composer(open_searcher(self.settings, index=self.index))
            composer.reply("glute massage")  # warm-up: the first real question is not the slow one
            self._composer = composer
        except Exception as exc:  # noqa: BLE001 -- any failure is reported to every caller of get()
            self._error = exc
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def get(self, timeout: float | None = None):
        """The composer, waiting up to ``timeout`` seconds for the model to load."""
        if not self._ready.wait(timeout):
            raise ModelError("the model is still loading", fix="please ask again in a few seconds")
        if isinstance(self._error, RetrievalError):
            raise self._error
        if self._error is not None:
            raise ModelError(f"the model could not be loaded ({self._error})") from self._error
        return self._composer
