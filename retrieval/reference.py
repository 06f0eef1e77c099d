"""all-MiniLM-L6-v2 through sentence-transformers and torch.

torch and sentence-transformers are imported only when a model is loaded, so importing
this package (and serving the app's page) stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .embedding import MODEL_NAME, SharedPasses, resolve_model_dir, verify_weights
from .errors import ModelError
from .settings import AUTO_MODEL, BUNDLED_MODEL, OFFICIAL_WEIGHTS_SHA256

# A BERT-style basic tokenizer turns any "word" longer than 100 characters into one unknown
# token, so no token spans more than ~101 characters: cutting the text at this many
# characters per allowed token never changes what the model reads, and keeps 200 KB inputs cheap.
_MAX_CHARS_PER_TOKEN = 101


def set_threads(threads: int) -> None:
    """Pin torch and FAISS to ``threads`` threads (0 keeps the libraries' defaults)."""
    if threads <= 0:
        return
    import faiss
    import torch

    torch.set_num_threads(threads)
    faiss.omp_set_num_threads(threads)


class SentenceTransformerEmbedder:
    """The real model. Build with :meth:`load`. Safe to share between threads: calls are
    serialised (a fast tokenizer used from two threads at once can fail with "Already
    borrowed", and on a 2-vCPU box parallel encodes only fight for the cores) and
    concurrent callers share forward passes."""

    def __init__(self, model, name: str, weights_sha256: str) -> None:
        self._model = model
        self._tokenizer = model.tokenizer
        self.name = name
        self.weights_sha256 = weights_sha256
        self.dimension = int(model.get_embedding_dimension())
        self.max_tokens = int(model.max_seq_length)
        self._passes = SharedPasses(self._forward, self.dimension)

    @classmethod
    def load(
        cls,
        source: str = AUTO_MODEL,
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
            model.eval()  # once, here: _forward() calls the model directly
        except Exception as exc:
            raise ModelError(f"could not load the model from {model_dir} ({exc})") from exc
        name = MODEL_NAME if source in (AUTO_MODEL, BUNDLED_MODEL) else source
        return cls(model, name=name, weights_sha256=digest)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._passes(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._passes(texts)

    def _forward(self, texts: list[str]) -> np.ndarray:
        """Same vectors as ``SentenceTransformer.encode(normalize_embeddings=True)`` (the
        model's modules end with a Normalize), but calls the model directly: encode()
        switches every module to eval mode on each call, about 1.2 ms of an 11 ms query."""
        import torch

        with torch.inference_mode():
            features = self._model.preprocess(texts)
            return self._model(features)["sentence_embedding"].float().numpy()

    def count_tokens(self, text: str) -> int:
        with self._passes.lock:
            return len(self._tokenizer(text, add_special_tokens=True)["input_ids"])

    def truncate(self, text: str) -> str:
        budget = self.max_tokens - 2  # [CLS] and [SEP]
        if len(text) <= budget:
            # Every token covers at least one character, so nothing can be cut: most
            # questions never wait for the tokenizer (shared with a running forward pass).
            return text
        text = text[: budget * _MAX_CHARS_PER_TOKEN]
        with self._passes.lock:
            encoding = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = encoding["offset_mapping"]
        if len(offsets) <= budget:
            return text
        return text[: offsets[budget - 1][1]]
