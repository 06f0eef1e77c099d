"""The committed index/ must match corpus/ and the code. When this fails, run
``python -m retrieval build`` and commit index/."""

from __future__ import annotations

import json

import numpy as np
import pytest

from retrieval.chunking import ChunkerConfig, chunk_corpus
from retrieval.corpus import load_corpus
from retrieval.index import CHUNKS, MANIFEST, build_index, expected_build, load_index, stale_reasons


@pytest.fixture(scope="module")
def committed(settings):
    return load_index(settings.index_dir, corpus_dir=settings.corpus_dir, model_sha256=settings.model_sha256)


def test_manifest_matches_corpus_chunker_and_model(committed, settings):
    expected = expected_build(settings.corpus_dir, ChunkerConfig(), settings.model_sha256)
    assert stale_reasons(committed.manifest, expected) == []


def test_chunks_match_a_fresh_chunking(committed, settings, real_embedder):
    fresh = chunk_corpus(load_corpus(settings.corpus_dir), ChunkerConfig(), real_embedder.count_tokens)
    assert [c.to_dict() for c in committed.chunks] == [c.to_dict() for c in fresh]


def test_vectors_match_a_fresh_embedding(committed, real_embedder):
    chunk_vectors = real_embedder.embed_passages([c.embedding_text for c in committed.chunks])
    np.testing.assert_allclose(committed.chunk_vectors, chunk_vectors, atol=1e-4)
    sentences = [s for c in committed.chunks for s in c.sentence_texts()]
    np.testing.assert_allclose(committed.sentence_vectors, real_embedder.embed_passages(sentences), atol=1e-4)


def test_a_rebuild_reproduces_the_committed_files(committed, settings, real_embedder, tmp_path):
    """`python -m retrieval build` yields the same chunks and manifest, vectors within tolerance."""
    manifest = build_index(settings.corpus_dir, tmp_path / "index", real_embedder)
    committed_manifest = json.loads((settings.index_dir / MANIFEST).read_text(encoding="utf-8"))
    # "libraries" records the versions that built it (Python 3.11.x differs from machine to machine)
    assert set(manifest.pop("libraries")) == set(committed_manifest.pop("libraries"))
    assert manifest == committed_manifest
    assert (tmp_path / "index" / CHUNKS).read_bytes() == (settings.index_dir / CHUNKS).read_bytes()
    rebuilt = load_index(tmp_path / "index", corpus_dir=settings.corpus_dir, model_sha256=settings.model_sha256)
    np.testing.assert_allclose(rebuilt.chunk_vectors, committed.chunk_vectors, atol=1e-5)
    np.testing.assert_allclose(rebuilt.sentence_vectors, committed.sentence_vectors, atol=1e-5)


def test_no_retrievable_text_outside_the_article_prose(committed):
    text = " ".join(c.text for c in committed.chunks)
    assert "measuring tape" not in text and "traveling writer" not in text
