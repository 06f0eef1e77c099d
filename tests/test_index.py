"""The saved index: round trip, manifest, and every way it can be unusable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from retrieval.chunking import ChunkerConfig
from retrieval.errors import IndexCorruptError, IndexMissingError, IndexStaleError
from retrieval.index import (
    CHUNKS,
    FORMAT_VERSION,
    MANIFEST,
    SENTENCES,
    VECTORS,
    build_index,
    check_vectors,
    load_index,
)
from retrieval.settings import REPO_ROOT


def load(index_dir: Path, corpus: Path, embedder, **kwargs):
    return load_index(index_dir, corpus_dir=corpus, model_sha256=embedder.weights_sha256, **kwargs)


def test_round_trip(tiny_corpus, tiny_index, fake_embedder):
    index = load(tiny_index, tiny_corpus, fake_embedder)
    manifest = index.manifest
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["chunk_count"] == len(index.chunks) == index.faiss_index.ntotal
    assert manifest["model"] == {"name": "fake-embedder", "dimension": 64, "max_tokens": 256}
    assert manifest["chunker"] == ChunkerConfig().to_dict()
    assert set(manifest["corpus_sha256"]) == {"alpha.md", "beta.md"}
    assert {"faiss-cpu", "numpy", "tokenizers", "python"} <= set(manifest["libraries"])
    assert index.articles["beta"]["author"] is None
    fresh = fake_embedder.embed_passages([c.embedding_text for c in index.chunks])
    np.testing.assert_allclose(index.chunk_vectors, fresh, atol=1e-6)
    assert index.sentence_vectors.shape == (sum(len(c.sentences) for c in index.chunks), 64)
    check_vectors(index, fake_embedder)


def test_files_are_human_readable(tiny_index):
    lines = (tiny_index / CHUNKS).read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert {"id", "article_id", "index", "section", "start", "end", "text", "sentences"} == set(first)
    json.loads((tiny_index / MANIFEST).read_text(encoding="utf-8"))
    assert oct((tiny_index).stat().st_mode & 0o777) == "0o755"


def test_rebuild_is_byte_identical_apart_from_nothing(tiny_corpus, tiny_index, fake_embedder):
    before = {name: (tiny_index / name).read_bytes() for name in (MANIFEST, CHUNKS, VECTORS, SENTENCES)}
    build_index(tiny_corpus, tiny_index, fake_embedder)
    after = {name: (tiny_index / name).read_bytes() for name in before}
    assert before == after
    assert not list(tiny_index.parent.glob(".index-build-*")) and not (tiny_index.parent / "index.previous").exists()


def test_missing_index_names_the_build_command(tiny_corpus, tmp_path, fake_embedder):
    with pytest.raises(IndexMissingError) as info:
        load(tmp_path / "nowhere", tiny_corpus, fake_embedder)
    assert info.value.fix and "python -m retrieval build" in info.value.fix


def test_corpus_edit_makes_the_index_stale(tiny_corpus, tiny_index, fake_embedder):
    path = tiny_corpus / "beta.md"
    path.write_text(path.read_text().replace("sprinting", "running"), encoding="utf-8")
    with pytest.raises(IndexStaleError, match=r"corpus files changed since the build \(beta.md\)") as info:
        load(tiny_index, tiny_corpus, fake_embedder)
    assert "python -m retrieval build" in info.value.user_message()


def test_new_or_removed_article_makes_the_index_stale(tiny_corpus, tiny_index, fake_embedder):
    (tiny_corpus / "gamma.md").write_text("---\nid: gamma\ntitle: G\n---\nText.\n", encoding="utf-8")
    with pytest.raises(IndexStaleError, match="gamma.md"):
        load(tiny_index, tiny_corpus, fake_embedder)


def test_chunker_or_model_change_makes_the_index_stale(tiny_corpus, tiny_index, fake_embedder):
    with pytest.raises(IndexStaleError, match="chunker settings"):
        load(tiny_index, tiny_corpus, fake_embedder, config=ChunkerConfig(max_chars=300))
    with pytest.raises(IndexStaleError, match="embedding model weights"):
        load_index(tiny_index, corpus_dir=tiny_corpus, model_sha256="0" * 64)


def test_old_format_version_is_stale(tiny_corpus, tiny_index, fake_embedder):
    manifest = json.loads((tiny_index / MANIFEST).read_text())
    manifest["format_version"] = 0
    (tiny_index / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexStaleError, match="index format version"):
        load(tiny_index, tiny_corpus, fake_embedder)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / VECTORS).write_bytes((d / VECTORS).read_bytes()[:100]), "chunks.faiss cannot be read"),
        (lambda d: (d / VECTORS).unlink(), "chunks.faiss cannot be read"),
        (lambda d: (d / SENTENCES).write_bytes((d / SENTENCES).read_bytes()[:200]), "sentences.npy"),
        (lambda d: (d / CHUNKS).write_text((d / CHUNKS).read_text().replace("glutes", "GLUTES")), "edited by hand"),
        (lambda d: (d / CHUNKS).write_bytes((d / CHUNKS).read_bytes()[:-10]), "edited by hand or truncated"),
        (lambda d: (d / MANIFEST).write_text("{not json"), "manifest.json is unreadable"),
    ],
    ids=[
        "truncated-faiss",
        "missing-faiss",
        "truncated-sentences",
        "edited-chunks",
        "truncated-chunks",
        "bad-manifest",
    ],
)
def test_damaged_index_is_refused(tiny_corpus, tiny_index, fake_embedder, damage, message):
    damage(tiny_index)
    with pytest.raises((IndexCorruptError, IndexMissingError)) as info:
        load(tiny_index, tiny_corpus, fake_embedder)
    assert message in str(info.value)
    assert "python -m retrieval build" in info.value.fix


def test_vectors_from_another_model_are_caught(tiny_corpus, tiny_index, fake_embedder):
    index = load(tiny_index, tiny_corpus, fake_embedder)

    class Other:
        name = "other"

        def embed_passages(self, texts):
            return -fake_embedder.embed_passages(texts)

        embed_queries = embed_passages

    with pytest.raises(IndexCorruptError, match="do not match the model other"):
        check_vectors(index, Other())


def test_interrupted_swap_is_recovered(tiny_corpus, tiny_index, fake_embedder):
    """Killed between the two renames: only index.previous exists; loading restores it."""
    os.replace(tiny_index, tiny_index.with_name("index.previous"))
    index = load(tiny_index, tiny_corpus, fake_embedder)
    assert index.chunks and tiny_index.is_dir()


def test_killed_build_leaves_the_previous_index_loadable(tiny_corpus, tiny_index, fake_embedder, tmp_path):
    """kill -9 a real build process while it is writing files; the old index still loads."""
    before = {name: (tiny_index / name).read_bytes() for name in (MANIFEST, CHUNKS, VECTORS, SENTENCES)}
    marker = tmp_path / "writing"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        sys.path[:0] = [{str(REPO_ROOT)!r}, {str(Path(__file__).parent)!r}]
        import numpy
        from retrieval.testing import FakeEmbedder
        from retrieval.index import build_index

        def stalled_save(*args, **kwargs):  # chunks.jsonl and chunks.faiss are written by now
            Path({str(marker)!r}).touch()
            time.sleep(60)

        numpy.save = stalled_save
        corpus = Path({str(tiny_corpus)!r})
        build_index(corpus, Path({str(tiny_index)!r}), FakeEmbedder())
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the build process died before writing"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        staging = list(tiny_index.parent.glob(".index-build-*"))
        assert staging and (staging[0] / VECTORS).exists()  # really killed halfway
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert {name: (tiny_index / name).read_bytes() for name in before} == before
    assert load(tiny_index, tiny_corpus, fake_embedder).chunks
    build_index(tiny_corpus, tiny_index, fake_embedder)  # the next build sweeps the leftovers
    assert not list(tiny_index.parent.glob(".index-build-*"))


def test_max_tokens_above_the_model_limit_is_refused(tiny_corpus, tmp_path, fake_embedder):
    with pytest.raises(ValueError, match="exceeds the model's limit"):
        build_index(tiny_corpus, tmp_path / "i", fake_embedder, ChunkerConfig(max_tokens=512))
