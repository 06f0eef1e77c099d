"""all-MiniLM-L6-v2 in NumPy: the encoder the app serves with, no torch.

A BERT forward pass is a few matrix products per layer; for a 15-token question that is
less work than importing torch. This reads the packaged files directly: ``config.json``
(the architecture), ``model.safetensors`` (weights, SHA-256 checked before reading),
``tokenizer.json`` (Hugging Face tokenizers, the same tokenizer sentence-transformers uses),
``sentence_bert_config.json`` (256 tokens at most) and the pooling config (mean of the
token vectors). Each step below mirrors a module of the reference
(transformers' ``BertModel`` + sentence-transformers' ``Pooling`` and ``Normalize``);
``tests/test_embedding.py`` proves the vectors equal the reference's within 1e-5 on over 1,000
strings.
"""

from __future__ import annotations

import json
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embedding import MODEL_NAME, WEIGHTS_FILE, SharedPasses, resolve_model_dir, verify_weights
from .errors import ModelError
from .settings import AUTO_MODEL, BUNDLED_MODEL, OFFICIAL_WEIGHTS_SHA256


def erf(x: np.ndarray) -> np.ndarray:
    """The error function in float32, to an absolute error below 1.5e-7 (Abramowitz and
    Stegun 7.1.26): NumPy has no erf, and BERT's exact GELU needs one. In place where it
    can be: this runs on every intermediate activation, the largest arrays of the pass."""
    z = np.abs(x)
    t = 1.0 / (1.0 + np.float32(0.3275911) * z)
    poly = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    z *= z
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # erfc(|x|)
    np.subtract(np.float32(1.0), poly, out=poly)
    return np.copysign(poly, x, out=poly)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x * Phi(x) = x / 2 * (1 + erf(x / sqrt 2))."""
    phi = erf(x * np.float32(1.0 / np.sqrt(2.0)))
    phi += np.float32(1.0)
    phi *= np.float32(0.5)
    return x * phi


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


@dataclass(frozen=True)
class Layer:
    """One transformer layer's weights, linear ones transposed to (inputs, outputs)."""

    qkv: np.ndarray  # query, key and value projections side by side: (hidden, 3 * hidden)
    qkv_bias: np.ndarray
    attention_out: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    up: np.ndarray  # (hidden, intermediate)
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}  # the format is little-endian


class SafetensorsFile:
    """Tensors of a ``.safetensors`` file, read one at a time or memory-mapped.

    The format is an 8-byte little-endian header length, a JSON header (dtype, shape and
    byte offsets of each tensor) and the raw data. Read by hand rather than with
    ``safetensors.numpy.load_file`` because that holds every tensor in memory at once
    (87 MiB here) while the transposed copies are made: reading one tensor at a time, and
    mapping the word-embedding table (of whose 30,522 rows a question touches a few dozen),
    keeps the serving process's peak memory low. ``tests/test_embedding.py`` checks every
    tensor equals the safetensors library's.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as f:
            (length,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(length))
        header.pop("__metadata__", None)
        self._data_start = 8 + length
        self.tensors: dict[str, dict] = header

    def _entry(self, name: str) -> tuple[np.dtype, tuple[int, ...], int, int]:
        entry = self.tensors[name]
        if entry["dtype"] not in _SAFETENSORS_DTYPES:
            raise ModelError(
                f"{self.path}: tensor {name} has dtype {entry['dtype']}, which the NumPy encoder cannot read"
            )
        start, end = entry["data_offsets"]
        dtype, shape = np.dtype(_SAFETENSORS_DTYPES[entry["dtype"]]), tuple(entry["shape"])
        needed = int(np.prod(shape)) * dtype.itemsize
        if needed != end - start:
            raise ModelError(f"{self.path}: tensor {name} is {end - start} bytes, its shape {shape} needs {needed}")
        return dtype, shape, self._data_start + start, end - start

    def read(self, name: str) -> np.ndarray:
        dtype, shape, offset, size = self._entry(name)
        out = np.empty(shape, dtype=dtype)
        with self.path.open("rb") as f:
            f.seek(offset)
            if f.readinto(memoryview(out).cast("B")) != size:
                raise ModelError(f"{self.path} ends inside tensor {name}")
        return out

    def map(self, name: str) -> np.ndarray:
        """A read-only view of the file's bytes: pages are read (and count as memory) only when used."""
        dtype, shape, offset, _ = self._entry(name)
        return np.asarray(np.memmap(self.path, dtype=dtype, mode="r", offset=offset, shape=shape))


def _layers(weights: SafetensorsFile, count: int) -> list[Layer]:
    def w(name: str) -> np.ndarray:
        return np.ascontiguousarray(weights.read(name).T)

    def b(name: str) -> np.ndarray:
        return weights.read(name)

    layers = []
    for i in range(count):
        p = f"encoder.layer.{i}."
        attention = p + "attention.self."
        layers.append(
            Layer(
                qkv=np.ascontiguousarray(np.hstack([w(attention + n + ".weight") for n in ("query", "key", "value")])),
                qkv_bias=np.concatenate([b(attention + n + ".bias") for n in ("query", "key", "value")]),
                attention_out=w(p + "attention.output.dense.weight"),
                attention_out_bias=b(p + "attention.output.dense.bias"),
                attention_norm=(
                    b(p + "attention.output.LayerNorm.weight"),
                    b(p + "attention.output.LayerNorm.bias"),
                ),
                up=w(p + "intermediate.dense.weight"),
                up_bias=b(p + "intermediate.dense.bias"),
                down=w(p + "output.dense.weight"),
                down_bias=b(p + "output.dense.bias"),
                output_norm=(b(p + "output.LayerNorm.weight"), b(p + "output.LayerNorm.bias")),
            )
        )
    return layers


# One more forward pass costs about as much as this many padded token positions (NumPy's
# per-operation overhead over 6 layers against ~1.5 us of matrix products per position).
PASS_OVERHEAD_TOKENS = 256


def passes_by_length(lengths: Sequence[int]) -> list[list[int]]:
    """Positions grouped into passes, shortest first: a text joins the current pass unless
    padding the pass to its length would waste more than PASS_OVERHEAD_TOKENS positions."""
    groups: list[list[int]] = []
    width = 0
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if groups and len(groups[-1]) * (lengths[i] - width) <= PASS_OVERHEAD_TOKENS:
            groups[-1].append(i)
        else:
            groups.append([i])
        width = lengths[i]
    return groups


class MiniLMEncoder:
    """The Embedder for serving: BERT in NumPy, with shared forward passes. Build with :meth:`load`."""

    def __init__(self, model_dir: Path, name: str, weights_sha256: str) -> None:
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ModelError(f"{model_dir} is not a BERT model with GELU; the NumPy encoder cannot run it")
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if not pooling.get("pooling_mode_mean_tokens"):
            raise ModelError(f"{model_dir} does not mean-pool its tokens; the NumPy encoder cannot run it")
        weights = SafetensorsFile(model_dir / WEIGHTS_FILE)
        self.name = name
        self.weights_sha256 = weights_sha256
        self.dimension = int(config["hidden_size"])
        self.max_tokens = int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.word = weights.map("embeddings.word_embeddings.weight")  # only the rows used are paged in
        self.position = weights.read("embeddings.position_embeddings.weight")
        self.token_type = weights.read("embeddings.token_type_embeddings.weight")
        self.embedding_norm = (weights.read("embeddings.LayerNorm.weight"), weights.read("embeddings.LayerNorm.bias"))
        self.layers = _layers(weights, int(config["num_hidden_layers"]))
        # Two tokenizers: one that cuts and pads batches, one that counts (never shared mid-call).
        self._batch = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._batch.enable_truncation(max_length=self.max_tokens)
        self._batch.enable_padding(pad_id=int(config.get("pad_token_id", 0)), pad_token="[PAD]")
        self._plain = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._plain.no_truncation()
        self._plain.no_padding()
        self._plain_lock = threading.Lock()
        self._passes = SharedPasses(self._forward, self.dimension)

    @classmethod
    def load(
        cls, source: str = AUTO_MODEL, expected_sha256: str = OFFICIAL_WEIGHTS_SHA256, threads: int = 0
    ) -> MiniLMEncoder:
        model_dir = resolve_model_dir(source)
        digest = verify_weights(model_dir, expected_sha256)  # before a single weight is read
        set_threads(threads)
        try:
            return cls(model_dir, MODEL_NAME if source in (AUTO_MODEL, BUNDLED_MODEL) else source, digest)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"could not load the model from {model_dir} ({exc})") from exc

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._passes(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._passes(texts)

    def _forward(self, texts: list[str]) -> np.ndarray:
        """Tokenize, run the encoder, mean-pool over real tokens, L2-normalise. Texts of very
        different lengths (a long message and its short clauses) go through in separate
        passes, each padded only to its own longest text."""
        encodings = self._batch.encode_batch(texts)
        lengths = [sum(e.attention_mask) for e in encodings]
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for group in passes_by_length(lengths):
            width = max(lengths[i] for i in group)  # padding is on the right: cut it off
            ids = np.array([encodings[i].ids[:width] for i in group], dtype=np.int64)
            types = np.array([encodings[i].type_ids[:width] for i in group], dtype=np.int64)
            mask = np.array([encodings[i].attention_mask[:width] for i in group], dtype=np.float32)
            hidden = self._encode(ids, types, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
            vectors[group] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return vectors

    def _encode(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """BertModel's last hidden state: embeddings, then post-norm transformer layers."""
        batch, length = ids.shape
        x = self.word[ids] + self.position[np.arange(length)][None] + self.token_type[types]
        x = layer_norm(x, *self.embedding_norm, self.eps)
        # padded positions get -inf-like scores, so softmax gives them no weight
        blocked = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        head = self.dimension // self.heads
        scale = np.float32(1.0 / np.sqrt(head))
        for layer in self.layers:
            q, k, v = np.split(x @ layer.qkv + layer.qkv_bias, 3, axis=-1)
            # contiguous (batch, heads, length, head) blocks let matmul hand each one to BLAS
            q, k, v = (
                np.ascontiguousarray(t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3))
                for t in (q, k, v)
            )
            scores = (q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2))) * scale + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            attended = (scores / scores.sum(axis=-1, keepdims=True)) @ v
            attended = attended.transpose(0, 2, 1, 3).reshape(batch, length, self.dimension)
            x = layer_norm(
                attended @ layer.attention_out + layer.attention_out_bias + x, *layer.attention_norm, self.eps
            )
            up = gelu(x @ layer.up + layer.up_bias)
            x = layer_norm(up @ layer.down + layer.down_bias + x, *layer.output_norm, self.eps)
        return x

    def count_tokens(self, text: str) -> int:
        with self._plain_lock:
            return len(self._plain.encode(text).ids)

    def truncate(self, text: str) -> str:
        budget = self.max_tokens - 2  # [CLS] and [SEP]
        if len(text) <= budget:
            return text  # every token covers at least one character: nothing can be cut
        text = text[: budget * _MAX_CHARS_PER_TOKEN]
        with self._plain_lock:
            offsets = self._plain.encode(text, add_special_tokens=False).offsets
        return text if len(offsets) <= budget else text[: offsets[budget - 1][1]]


# BERT's basic tokenizer turns any "word" longer than 100 characters into one unknown token,
# so no token spans more than ~101 characters: cutting a long text at this many characters
# per allowed token never changes what the model reads, and keeps 200 KB inputs cheap.
_MAX_CHARS_PER_TOKEN = 101


def set_threads(threads: int) -> None:
    """Pin NumPy's BLAS and FAISS to ``threads`` threads (0 keeps the libraries' defaults)."""
    if threads <= 0:
        return
    import faiss
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
    faiss.omp_set_num_threads(threads)
