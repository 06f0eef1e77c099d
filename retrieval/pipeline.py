"""Wiring: from settings to a ready :class:`Searcher` or reply :class:`Composer`. The CLI
and the app use this; nothing here runs at import."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .answer import Composer, Reply
from .chunking import ChunkerConfig
from .embedding import Embedder, resolve_model_dir, verify_weights
from .errors import IndexUnusableError, ModelError, RetrievalError
from .index import Index, build_index, check_vectors, load_index
from .search import SearchConfig, SearchEngine, Searcher
from .settings import Settings


def load_embedder(settings: Settings) -> Embedder:
    """The serving encoder (NumPy, no torch); sentence-transformers stays the reference
    that tests and benchmarks check it against (retrieval/reference.py)."""
    from .minilm import MiniLMEncoder

    return MiniLMEncoder.load(settings.model, settings.model_sha256, settings.threads)


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


def rebuild(settings: Settings, embedder: Embedder | None = None) -> dict:
    embedder = embedder or load_embedder(settings)
    return build_index(settings.corpus_dir, settings.index_dir, embedder, ChunkerConfig())


def index_or_rebuild(settings: Settings, embedder: Embedder | None = None) -> Index:
    """Load the index; if it is unusable and the settings allow it, rebuild it once."""
    try:
        return load_checked_index(settings)
    except IndexUnusableError as exc:
        if not settings.rebuild_stale_index:
            raise
        print(f"{exc} -- rebuilding (GLUTEQA_REBUILD_STALE_INDEX=1)", file=sys.stderr)
        rebuild(settings, embedder)
        return load_checked_index(settings)


def open_engine(settings: Settings, index: Index | None = None, embedder: Embedder | None = None) -> SearchEngine:
    """Model + verified index + BM25: the shared state every searcher uses."""
    embedder = embedder or load_embedder(settings)
    index = index or index_or_rebuild(settings, embedder)
    check_vectors(index, embedder)
    return SearchEngine(index, embedder)


def open_searcher(
    settings: Settings,
    config: SearchConfig | None = None,
    index: Index | None = None,
    embedder: Embedder | None = None,
) -> Searcher:
    """A searcher ready to answer (one configuration of a fresh engine)."""
    return open_engine(settings, index, embedder).searcher(config)


def _ready_composer(settings: Settings, index: Index | None) -> Composer:
    composer = Composer(open_searcher(settings, index=index))
    composer.reply("glute massage")  # warm-up: the first real question is not the slow one
    return composer


@dataclass
class Engine:
    """What the app serves: the verified index at once, and the reply composer as a future
    (the model loads in the background so the page is served before it is ready)."""

    index: Index
    composer: Future

    @classmethod
    def pending(cls, index: Index) -> Engine:
        """An engine whose model is not loading yet (see :meth:`load_in_background`)."""
        return cls(index, Future())

    def load_in_background(self, settings: Settings) -> None:
        """Load the model and build the composer on a background thread."""

        def load() -> None:
            try:
                self.composer.set_result(_ready_composer(settings, self.index))
            except BaseException as exc:  # noqa: BLE001 -- every caller of reply() sees it
                self.composer.set_exception(exc)

        # A daemon thread, not an executor: quitting the app must not wait for the model.
        threading.Thread(target=load, name="model-loader", daemon=True).start()

    @classmethod
    def ready(cls, composer: Composer) -> Engine:
        future: Future = Future()
        future.set_result(composer)
        return cls(composer.searcher.index, future)

    @property
    def is_ready(self) -> bool:
        return self.composer.done()

    def reply(self, message: object, history: list[str], timeout: float | None = None) -> Reply:
        """The composer's reply, waiting up to ``timeout`` seconds for the model to load.
        Raises RetrievalError (with a fix) when the model is still loading or failed to."""
        try:
            composer = self.composer.result(timeout)
        except FutureTimeout:
            raise ModelError("the model is still loading", fix="please ask again in a few seconds") from None
        except RetrievalError:
            raise
        except Exception as exc:
            raise ModelError(f"the model could not be loaded ({exc})") from exc
        return composer.reply(message, history)
