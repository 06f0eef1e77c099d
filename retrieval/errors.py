"""Exceptions raised by the library. The CLI and the app turn them into messages.

Every error carries a human sentence (``str(error)``) and, where there is one, the
command or action that fixes it (``error.fix``), so callers never show a traceback.
"""

from __future__ import annotations


class RetrievalError(Exception):
    """Base class for every error this package raises on purpose."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix

    def user_message(self) -> str:
        """The message plus the fix, ready to print."""
        text = str(self)
        return f"{text}\nFix: {self.fix}" if self.fix else text


class CorpusError(RetrievalError):
    """A corpus file is missing, malformed, or inconsistent."""


class ChunkingError(RetrievalError):
    """The corpus cannot be chunked within the model's limits."""


class ModelError(RetrievalError):
    """The embedding model is missing, unloadable, or its weights fail verification."""


class IndexUnusableError(RetrievalError):
    """Base for every reason the saved index cannot be served."""


class IndexMissingError(IndexUnusableError):
    """No index has been built at the configured location."""


class IndexCorruptError(IndexUnusableError):
    """Index files are truncated, edited by hand, or do not match each other."""


class IndexStaleError(IndexUnusableError):
    """The index was built from another corpus, chunker or model than the current one."""


class QueryError(RetrievalError, ValueError):
    """The question cannot be searched (for example, it is empty)."""


class QuestionFileError(RetrievalError):
    """A labelled question file has a malformed line."""
