"""The real model: verified weights, normalised vectors, token counting and truncation."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from retrieval.embedding import resolve_model_dir, sha256_file, verify_weights
from retrieval.errors import ModelError
from retrieval.reference import SentenceTransformerEmbedder
from retrieval.settings import OFFICIAL_WEIGHTS_SHA256


def test_bundled_weights_are_the_official_revision():
    model_dir = resolve_model_dir("bundled")
    assert sha256_file(model_dir / "model.safetensors") == OFFICIAL_WEIGHTS_SHA256
    assert verify_weights(model_dir, OFFICIAL_WEIGHTS_SHA256) == OFFICIAL_WEIGHTS_SHA256


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(resolve_model_dir("bundled"), target)
    return target


def test_tampered_weights_are_refused_before_loading(model_copy):
    weights = model_copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="failed verification") as info:
        SentenceTransformerEmbedder.load(str(model_copy))
    assert "refusing to load" in str(info.value) and "pip install" in info.value.fix


def test_missing_weights_and_missing_directory(model_copy):
    (model_copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="is missing"):
        SentenceTransformerEmbedder.load(str(model_copy))
    with pytest.raises(ModelError, match="does not exist"):
        SentenceTransformerEmbedder.load(str(model_copy / "nope"))


def test_a_local_copy_with_the_right_hash_loads(model_copy, real_embedder):
    copy = SentenceTransformerEmbedder.load(str(model_copy))
    text = ["tight glutes and knee pain"]
    np.testing.assert_allclose(copy.embed_queries(text), real_embedder.embed_queries(text), atol=1e-6)


def test_vectors_are_unit_length_and_cosine_is_meaningful(real_embedder):
    vectors = real_embedder.embed_queries(["My knees hurt.", "Knee pain from weak glutes.", "The capital of France."])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_token_counting_and_truncation_use_the_model_tokenizer(real_embedder):
    assert real_embedder.count_tokens("hello world") == 4  # [CLS] hello world [SEP]
    long = "piriformis " * 1000
    cut = real_embedder.truncate(long)
    assert long.startswith(cut)
    assert real_embedder.count_tokens(cut) == real_embedder.max_tokens
    short = "what is the piriformis?"
    assert real_embedder.truncate(short) == short
    huge = "glute " * 40_000  # 240,000 characters
    assert real_embedder.count_tokens(real_embedder.truncate(huge)) <= real_embedder.max_tokens
    # What the model reads is unchanged by the cut: same vector as the full text.
    np.testing.assert_allclose(real_embedder.embed_queries([cut]), real_embedder.embed_queries([long]), atol=1e-5)


def test_direct_forward_matches_sentence_transformers_encode(real_embedder):
    """embed_queries() bypasses SentenceTransformer.encode() for speed; the vectors must not change."""
    texts = ["What causes sciatica?", "a much longer text about glutes, knees, hips and the lower back " * 5, "x"]
    reference = real_embedder._model.encode(
        texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    np.testing.assert_allclose(real_embedder.embed_queries(texts), reference, atol=1e-5)
    np.testing.assert_allclose(np.vstack([real_embedder.embed_queries([t]) for t in texts]), reference, atol=1e-5)
    assert real_embedder.embed_queries([]).shape == (0, 384)


def test_concurrent_callers_share_forward_passes_and_get_their_own_rows(real_embedder):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"question number {i} about glutes and knees" for i in range(24)]
    expected = np.vstack([real_embedder.embed_queries([t]) for t in texts])
    passes = []
    original = real_embedder._passes._run

    def counting_run(batch):
        passes.append(len(batch))
        original(batch)

    real_embedder._passes._run = counting_run
    try:
        barrier = threading.Barrier(8)

        def call(i):
            barrier.wait() if i < 8 else None
            return real_embedder.embed_queries([texts[i]])

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(call, range(24)))
    finally:
        real_embedder._passes._run = original
    np.testing.assert_allclose(np.vstack(results), expected, atol=1e-5)  # each caller got its own vector
    assert sum(passes) == 24 and len(passes) < 24  # some passes served several callers


def test_an_embedding_error_reaches_every_waiting_caller(real_embedder):
    original = real_embedder._model.preprocess
    real_embedder._model.preprocess = lambda texts: (_ for _ in ()).throw(RuntimeError("boom"))
    try:
        with pytest.raises(RuntimeError, match="boom"):
            real_embedder.embed_queries(["x"])
    finally:
        real_embedder._model.preprocess = original
    assert real_embedder.embed_queries(["x"]).shape == (1, 384)  # and the embedder still works
