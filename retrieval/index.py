"""The persisted index: FAISS vectors, chunk texts and a manifest that says what built them.

Layout of ``index/`` (all committed, so the app starts without building):

    manifest.json     format version, model, chunker settings, corpus hash, counts, versions
    chunks.jsonl      one chunk per line (text, section, offsets, sentence spans)
    chunks.faiss      IndexFlatIP over L2-normalised chunk vectors (cosine = inner product)
    sentences.npy     one vector per sentence, in chunk order (lead sentence and highlights)
    annotations.json  questions each sentence answers, and questions the articles don't answer
    questions.npy, not_covered.npy   their vectors (see annotations.py)

A build writes a sibling temporary directory and swaps it in, so an interrupted build
leaves the previous index intact. Loading refuses (with the command that fixes it) an
index that is missing, damaged, or built from another corpus, chunker or model.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import faiss
import numpy as np

from .annotations import Uncovered, annotation_files, expansion_rows, load_not_covered, load_sentence_questions
from .chunking import Chunk, ChunkerConfig, chunk_corpus
from .corpus import corpus_files, load_corpus
from .embedding import Embedder
from .errors import IndexCorruptError, IndexMissingError, IndexStaleError

FORMAT_VERSION = 2  # 2: expansion questions and not-covered questions
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "chunks.faiss"
SENTENCES = "sentences.npy"
ANNOTATIONS = "annotations.json"  # expansion questions (with chunk, sentence) and not-covered questions
QUESTION_VECTORS = "questions.npy"
NOT_COVERED_VECTORS = "not_covered.npy"
STATEMENT_VECTORS = "red_flag_statements.npy"
BUILD_COMMAND = "python -m retrieval build"
_LIBRARIES = ("faiss-cpu", "numpy", "tokenizers")


@dataclass(frozen=True)
class Index:
    """A loaded, verified index. Chunk i is row i of ``chunk_vectors``; its sentences are
    rows ``sentence_rows[i]`` to ``sentence_rows[i + 1]`` of ``sentence_vectors``."""

    manifest: dict
    articles: dict[str, dict]
    chunks: tuple[Chunk, ...]
    faiss_index: faiss.Index
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_rows: tuple[int, ...]
    questions: tuple[dict, ...] = ()  # {"text", "chunk", "sentence"}: questions a sentence answers
    question_vectors: np.ndarray | None = None
    not_covered: tuple[Uncovered, ...] = ()  # questions the articles do not answer
    not_covered_vectors: np.ndarray | None = None
    statement_vectors: np.ndarray | None = None  # the red-flag statements (symptom_words.matcher_texts)

    def sentence_vectors_of(self, chunk_position: int) -> np.ndarray:
        return self.sentence_vectors[self.sentence_rows[chunk_position] : self.sentence_rows[chunk_position + 1]]

    def sentence_vector(self, chunk_position: int, sentence: int) -> np.ndarray:
        """The vector of one sentence: the ``sentence``-th of chunk ``chunk_position``."""
        return self.sentence_vectors[self.sentence_rows[chunk_position] + sentence]


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _library_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def expected_build(corpus_dir: Path, config: ChunkerConfig, model_sha256: str) -> dict:
    """The manifest fields that must match for an index to be current."""
    return {
        "format_version": FORMAT_VERSION,
        "corpus_sha256": {
            path.name: _sha256_bytes(path.read_bytes())
            for path in corpus_files(corpus_dir) + annotation_files(corpus_dir)
        },
        "chunker": config.to_dict(),
        "model_weights_sha256": model_sha256,
        "red_flag_statements_sha256": _sha256_bytes(json.dumps(_statement_texts(), ensure_ascii=False).encode("utf-8")),
    }


def _statement_texts() -> list[str]:
    """What the red-flag meaning layer embeds, in order (stored so start-up needs no pass)."""
    from .red_flags import RED_FLAG_RULES
    from .symptom_words import matcher_texts

    _, symptoms, benign = matcher_texts(RED_FLAG_RULES)
    return [*symptoms, *benign]


def _chunks_jsonl(chunks: list[Chunk]) -> bytes:
    lines = (json.dumps(chunk.to_dict(), ensure_ascii=False, sort_keys=True) for chunk in chunks)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _atomic_swap(new_dir: Path, target: Path) -> None:
    """Replace ``target`` by ``new_dir``. If the process dies between the two renames,
    ``target.previous`` still holds the old index and :func:`load_index` restores it."""
    backup = target.with_name(target.name + ".previous")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(new_dir, target)
    shutil.rmtree(backup, ignore_errors=True)


def _recover_interrupted_swap(target: Path) -> None:
    backup = target.with_name(target.name + ".previous")
    if not target.exists() and backup.is_dir():
        os.replace(backup, target)


def _embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    return embedder.embed_queries(texts) if texts else np.zeros((0, embedder.dimension), dtype=np.float32)


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    config: ChunkerConfig | None = None,
) -> dict:
    """Chunk and embed the corpus, write the index atomically, return its manifest."""
    config = config or ChunkerConfig()
    if config.max_tokens > embedder.max_tokens:
        raise ValueError(f"max_tokens {config.max_tokens} exceeds the model's limit of {embedder.max_tokens}")
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    articles = load_corpus(corpus_dir)
    chunks = chunk_corpus(articles, config, embedder.count_tokens)
    chunk_vectors = embedder.embed_passages([chunk.embedding_text for chunk in chunks])
    sentence_vectors = embedder.embed_passages([s for chunk in chunks for s in chunk.sentence_texts()])
    questions = expansion_rows(chunks, load_sentence_questions(corpus_dir))
    not_covered = load_not_covered(corpus_dir)
    # Both are questions, so they are encoded as queries are: like against like.
    question_vectors = _embed(embedder, [q["text"] for q in questions])
    not_covered_vectors = _embed(embedder, [u.question for u in not_covered])
    statement_vectors = _embed(embedder, _statement_texts())
    annotations_bytes = (
        json.dumps({"questions": questions, "not_covered": [u.to_dict() for u in not_covered]}, ensure_ascii=False)
        + "\n"
    ).encode("utf-8")

    vectors = faiss.IndexFlatIP(embedder.dimension)
    vectors.add(chunk_vectors)
    chunks_bytes = _chunks_jsonl(chunks)
    manifest = {
        **expected_build(corpus_dir, config, embedder.weights_sha256),
        "model": {"name": embedder.name, "dimension": embedder.dimension, "max_tokens": embedder.max_tokens},
        "faiss_index": "IndexFlatIP",
        "chunk_count": len(chunks),
        "sentence_count": int(sentence_vectors.shape[0]),
        "chunks_sha256": _sha256_bytes(chunks_bytes),
        "annotations_sha256": _sha256_bytes(annotations_bytes),
        "question_count": len(questions),
        "not_covered_count": len(not_covered),
        "articles": [article.attribution() | {"source_path": article.source_path} for article in articles],
        "libraries": _library_versions(),
    }

    _write_atomically(
        index_dir,
        {
            CHUNKS: chunks_bytes,
            VECTORS: vectors,
            SENTENCES: sentence_vectors,
            ANNOTATIONS: annotations_bytes,
            QUESTION_VECTORS: question_vectors,
            NOT_COVERED_VECTORS: not_covered_vectors,
            STATEMENT_VECTORS: statement_vectors,
        },
        manifest,
    )
    return manifest


def _write_atomically(index_dir: Path, files: dict, manifest: dict) -> None:
    """Write ``files`` (name -> bytes, NumPy array or FAISS index) and the manifest into a
    staging directory beside ``index_dir``, fsync them, then swap it in: an interrupted build
    leaves the previous index in place."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in index_dir.parent.glob(f".{index_dir.name}-build-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from an interrupted earlier build
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}-build-", dir=index_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the index is meant to be shared
    try:
        for name, content in files.items():
            if isinstance(content, bytes):
                (staging / name).write_bytes(content)
            elif isinstance(content, np.ndarray):
                np.save(staging / name, content, allow_pickle=False)
            else:
                faiss.write_index(content, str(staging / name))
        # The manifest goes last: a staging dir without one is never mistaken for an index.
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for path in staging.iterdir():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        _atomic_swap(staging, index_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_manifest(index_dir: Path) -> dict:
    index_dir = Path(index_dir)
    _recover_interrupted_swap(index_dir)
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(f"no search index at {index_dir}", fix=f"build it: {BUILD_COMMAND}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"{path} is unreadable ({exc})", fix=f"rebuild it: {BUILD_COMMAND}") from exc
    if not isinstance(manifest, dict):
        raise IndexCorruptError(f"{path} is not a JSON object", fix=f"rebuild it: {BUILD_COMMAND}")
    return manifest


def stale_reasons(manifest: dict, expected: dict) -> list[str]:
    """Human-readable differences between a manifest and what the current code expects."""
    labels = {
        "format_version": "index format version",
        "corpus_sha256": "corpus files",
        "chunker": "chunker settings",
        "model_weights_sha256": "embedding model weights",
    }
    reasons = []
    for key, label in labels.items():
        if manifest.get(key) != expected[key]:
            if key == "corpus_sha256":
                old, new = manifest.get(key) or {}, expected[key]
                changed = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
                reasons.append(f"{label} changed since the build ({', '.join(changed)})")
            else:
                reasons.append(f"{label} differ: index has {manifest.get(key)!r}, current is {expected[key]!r}")
    return reasons


def _corrupt(index_dir: Path, what: str) -> IndexCorruptError:
    return IndexCorruptError(f"the search index at {index_dir} is damaged: {what}", fix=f"rebuild it: {BUILD_COMMAND}")


def _read_chunks(index_dir: Path, manifest: dict) -> tuple[tuple[Chunk, ...], dict[str, dict], int]:
    """(chunks, articles by id, vector dimension), checked against the manifest."""
    try:
        chunks_bytes = (index_dir / CHUNKS).read_bytes()
    except OSError as exc:
        raise _corrupt(index_dir, f"{CHUNKS} cannot be read ({exc})") from exc
    if _sha256_bytes(chunks_bytes) != manifest.get("chunks_sha256"):
        raise _corrupt(index_dir, f"{CHUNKS} does not match the manifest (edited by hand or truncated)")
    try:
        chunks = tuple(Chunk.from_dict(json.loads(line)) for line in chunks_bytes.decode("utf-8").splitlines())
        articles = {entry["article_id"]: entry for entry in manifest["articles"]}
        dimension = int(manifest["model"]["dimension"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _corrupt(index_dir, f"{CHUNKS} or {MANIFEST} has an unexpected shape ({exc})") from exc
    if len(chunks) != manifest.get("chunk_count") or any(c.article_id not in articles for c in chunks):
        raise _corrupt(index_dir, f"{CHUNKS} does not match the manifest's chunk count or articles")
    return chunks, articles, dimension


def _read_vectors(index_dir: Path, chunks: tuple[Chunk, ...], dimension: int):
    """(FAISS chunk index, its vectors, sentence vectors, sentence row bounds), shapes checked."""
    try:
        vectors = faiss.read_index(str(index_dir / VECTORS))
    except (RuntimeError, OSError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else exc
        raise _corrupt(index_dir, f"{VECTORS} cannot be read ({first_line})") from exc
    if vectors.ntotal != len(chunks) or vectors.d != dimension:
        raise _corrupt(
            index_dir,
            f"{VECTORS} holds {vectors.ntotal} vectors of dimension {vectors.d}, expected {len(chunks)} of {dimension}",
        )
    try:
        sentence_vectors = np.load(index_dir / SENTENCES, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise _corrupt(index_dir, f"{SENTENCES} cannot be read ({exc})") from exc
    rows = [0]
    for chunk in chunks:
        rows.append(rows[-1] + len(chunk.sentences))
    if sentence_vectors.shape != (rows[-1], dimension) or sentence_vectors.dtype != np.float32:
        raise _corrupt(index_dir, f"{SENTENCES} has shape {sentence_vectors.shape}, expected ({rows[-1]}, {dimension})")
    chunk_vectors = vectors.reconstruct_n(0, vectors.ntotal)
    norms = np.linalg.norm(chunk_vectors, axis=1)
    if not np.all(np.isfinite(chunk_vectors)) or not np.allclose(norms, 1.0, atol=1e-3):
        raise _corrupt(index_dir, f"{VECTORS} holds vectors that are not unit length")
    return vectors, chunk_vectors, sentence_vectors, tuple(rows)


def _read_annotations(index_dir: Path, manifest: dict, dimension: int):
    """(questions, their vectors, not-covered questions, their vectors), checked."""
    try:
        data = (index_dir / ANNOTATIONS).read_bytes()
    except OSError as exc:
        raise _corrupt(index_dir, f"{ANNOTATIONS} cannot be read ({exc})") from exc
    if _sha256_bytes(data) != manifest.get("annotations_sha256"):
        raise _corrupt(index_dir, f"{ANNOTATIONS} does not match the manifest (edited by hand or truncated)")
    try:
        parsed = json.loads(data.decode("utf-8"))
        questions = tuple(parsed["questions"])
        not_covered = tuple(Uncovered(**u) for u in parsed["not_covered"])
        question_vectors = np.load(index_dir / QUESTION_VECTORS, allow_pickle=False)
        not_covered_vectors = np.load(index_dir / NOT_COVERED_VECTORS, allow_pickle=False)
    except (OSError, ValueError, EOFError, KeyError, TypeError) as exc:
        raise _corrupt(index_dir, f"the annotation files cannot be read ({exc})") from exc
    for name, array, count in (
        (QUESTION_VECTORS, question_vectors, len(questions)),
        (NOT_COVERED_VECTORS, not_covered_vectors, len(not_covered)),
    ):
        if array.shape != (count, dimension) or array.dtype != np.float32:
            raise _corrupt(index_dir, f"{name} has shape {array.shape}, expected ({count}, {dimension})")
    return questions, question_vectors, not_covered, not_covered_vectors


def load_index(
    index_dir: Path,
    *,
    corpus_dir: Path,
    config: ChunkerConfig | None = None,
    model_sha256: str,
) -> Index:
    """Load and verify the index; raise an IndexUnusableError subclass naming the fix."""
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    reasons = stale_reasons(manifest, expected_build(corpus_dir, config or ChunkerConfig(), model_sha256))
    if reasons:
        raise IndexStaleError(
            f"the search index at {index_dir} is out of date: " + "; ".join(reasons), fix=f"rebuild it: {BUILD_COMMAND}"
        )
    chunks, articles, dimension = _read_chunks(index_dir, manifest)
    vectors, chunk_vectors, sentence_vectors, rows = _read_vectors(index_dir, chunks, dimension)
    questions, question_vectors, not_covered, not_covered_vectors = _read_annotations(index_dir, manifest, dimension)
    try:
        statement_vectors = np.load(index_dir / STATEMENT_VECTORS, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise _corrupt(index_dir, f"{STATEMENT_VECTORS} cannot be read ({exc})") from exc
    if statement_vectors.shape != (len(_statement_texts()), dimension) or statement_vectors.dtype != np.float32:
        raise _corrupt(index_dir, f"{STATEMENT_VECTORS} has shape {statement_vectors.shape}")
    return Index(
        manifest=manifest,
        articles=articles,
        chunks=chunks,
        faiss_index=vectors,
        chunk_vectors=chunk_vectors,
        sentence_vectors=sentence_vectors,
        sentence_rows=rows,
        questions=questions,
        question_vectors=question_vectors,
        not_covered=not_covered,
        not_covered_vectors=not_covered_vectors,
        statement_vectors=statement_vectors,
    )


def check_vectors(index: Index, embedder: Embedder, samples: int = 3, tolerance: float = 1e-3) -> None:
    """Re-embed a few chunks and compare with the stored vectors: catches a vectors file
    from another model or edited in place, which shapes and hashes alone would miss."""
    positions = sorted({0, len(index.chunks) // 2, len(index.chunks) - 1})[:samples]
    fresh = embedder.embed_passages([index.chunks[p].embedding_text for p in positions])
    cosines = np.sum(fresh * index.chunk_vectors[positions], axis=1)
    if np.any(cosines < 1.0 - tolerance):
        raise IndexCorruptError(
            f"stored vectors do not match the model {embedder.name} (cosine {float(cosines.min()):.4f} < {1 - tolerance})",
            fix=f"rebuild the index: {BUILD_COMMAND}",
        )
