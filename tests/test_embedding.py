"""The model: verified weights; the serving encoder (NumPy, no torch) proved equal to the
reference (sentence-transformers) on over a thousand strings; token counting and
truncation; shared forward passes."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from retrieval.embedding import SharedPasses, resolve_model_dir, sha256_file, verify_weights
from retrieval.errors import ModelError
from retrieval.minilm import PASS_OVERHEAD_TOKENS, MiniLMEncoder, SafetensorsFile, erf, passes_by_length
from retrieval.settings import OFFICIAL_WEIGHTS_SHA256, REPO_ROOT

# --- fast: the pieces -------------------------------------------------------------------------------


def test_erf_matches_the_standard_library():
    import math

    x = np.linspace(-6, 6, 20001, dtype=np.float32)
    exact = np.array([math.erf(float(v)) for v in x])
    assert np.abs(erf(x.copy()).astype(np.float64) - exact).max() < 1e-6


def test_texts_of_very_different_lengths_get_passes_of_their_own():
    # a 256-token message with its short clauses: the clauses are not padded to 256
    lengths = [12, 256, 9, 14, 11]
    groups = passes_by_length(lengths)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))  # each text once
    assert groups == [[2, 4, 0, 3], [1]]
    # similar lengths share one pass; one text is one pass
    assert passes_by_length([10, 12, 11]) == [[0, 2, 1]]
    assert passes_by_length([7]) == [[0]]
    assert passes_by_length([]) == []
    # the waste a pass may take on is bounded
    for group in passes_by_length([3, 40, 41, 90, 200, 201, 256, 5, 6]):
        widths = [[3, 40, 41, 90, 200, 201, 256, 5, 6][i] for i in group]
        assert sum(max(widths) - w for w in widths) <= PASS_OVERHEAD_TOKENS * len(group)


def test_shared_passes_give_each_caller_its_own_rows_and_share_passes():
    passes = []
    started = threading.Event()

    def encode(texts):
        passes.append(len(texts))
        started.wait(0.2)  # the first pass lingers so that others queue behind it
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    shared = SharedPasses(encode, dimension=2)
    texts = [f"q{'x' * i}" for i in range(24)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda t: shared([t]), texts))
    started.set()
    assert [r[0, 0] for r in results] == [float(len(t)) for t in texts]  # each caller got its own row
    assert sum(passes) == 24 and len(passes) < 24  # some passes served several callers
    assert shared([]).shape == (0, 2)


def test_an_error_in_a_pass_reaches_every_waiting_caller_and_the_next_call_works():
    calls = []

    def encode(texts):
        calls.append(texts)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return np.ones((len(texts), 3), dtype=np.float32)

    shared = SharedPasses(encode, dimension=3)
    with pytest.raises(RuntimeError, match="boom"):
        shared(["x"])
    assert shared(["x"]).shape == (1, 3)


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
        MiniLMEncoder.load(str(model_copy))
    assert "refusing to load" in str(info.value) and "pip install" in info.value.fix


def test_missing_weights_and_missing_directory(model_copy):
    (model_copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="is missing"):
        MiniLMEncoder.load(str(model_copy))
    with pytest.raises(ModelError, match="does not exist"):
        MiniLMEncoder.load(str(model_copy / "nope"))


def test_a_model_that_is_not_bert_with_mean_pooling_is_refused(model_copy):
    config = json.loads((model_copy / "config.json").read_text())
    (model_copy / "config.json").write_text(json.dumps({**config, "model_type": "gpt2"}))
    with pytest.raises(ModelError, match="not a BERT model"):
        MiniLMEncoder.load(str(model_copy), verify_weights(model_copy, OFFICIAL_WEIGHTS_SHA256))


def test_the_weights_reader_gives_the_safetensors_library_s_tensors(model_copy):
    from safetensors.numpy import load_file

    path = model_copy / "model.safetensors"
    reference = load_file(str(path))
    weights = SafetensorsFile(path)
    assert set(weights.tensors) == set(reference)
    for name, expected in reference.items():
        assert np.array_equal(weights.read(name), expected), name
    word = "embeddings.word_embeddings.weight"
    assert np.array_equal(weights.map(word), reference[word])
    path.write_bytes(path.read_bytes()[:-1000])  # cut inside the last tensor
    last = max(weights.tensors, key=lambda n: weights.tensors[n]["data_offsets"][1])
    with pytest.raises(ModelError, match=f"ends inside tensor {last}"):
        SafetensorsFile(path).read(last)


def test_loading_the_encoder_costs_less_memory_than_the_weights_file():
    """Weights are read one tensor at a time and the word table is mapped, not copied: the
    peak memory of loading and answering stays below the file's size (loading the whole file
    and transposing it took twice the file)."""
    script = (
        "from retrieval.minilm import MiniLMEncoder\n"
        "def peak():\n"
        "    return int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) * 1024\n"
        "before = peak()\n"
        "MiniLMEncoder.load().embed_queries(['does a butt massage help my back when I sit all day?'])\n"
        "print(peak() - before)\n"
    )
    grown = int(
        subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    )
    assert grown < (resolve_model_dir("bundled") / "model.safetensors").stat().st_size


# --- slow: against the reference ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference():
    from retrieval.reference import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder.load()


def varied_strings(count: int = 1050) -> list[str]:
    """Every labelled question (typos, emoji, long stories), corpus lines, edge cases
    (empty-ish, unicode, far past 256 tokens), then random pairs of them up to ``count``."""
    texts = [
        json.loads(line)["question"] for path in sorted((REPO_ROOT / "eval").glob("*.jsonl")) for line in path.open()
    ]
    texts += [line for path in (REPO_ROOT / "corpus").glob("*.md") for line in path.read_text().splitlines() if line]
    texts += [
        "",
        " ",
        "\u200b",
        "\t\n",
        "🍑💆\u200d♀️",
        "ü é ß 中文 日本語 العربية",
        "x" * 300,
        "word " * 400,
        "a. " * 300,
    ]
    rng = random.Random(0)
    while len(texts) < count:
        a, b = rng.sample(texts, 2)
        texts.append(f"{a} {b}")
    return texts


@pytest.mark.slow
def test_the_serving_encoder_equals_the_reference_on_over_a_thousand_strings(real_embedder, reference):
    texts = varied_strings()
    assert len(texts) >= 1000 and isinstance(real_embedder, MiniLMEncoder)
    theirs = reference._model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    # in batches of 16 (shorter texts are padded: padding must not leak into the vectors) ...
    ours = np.vstack([real_embedder.embed_queries(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    # ... and one at a time, as questions arrive
    alone = np.vstack([real_embedder.embed_queries([t]) for t in texts[::7]])
    worst = max(float(np.abs(ours - theirs).max()), float(np.abs(alone - theirs[::7]).max()))
    assert worst < 1e-5, worst


@pytest.mark.slow
def test_the_reference_direct_forward_matches_its_own_encode(reference):
    texts = ["What causes sciatica?", "a much longer text about glutes, knees, hips and the lower back " * 5, "x"]
    expected = reference._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    np.testing.assert_allclose(reference.embed_queries(texts), expected, atol=1e-5)


def test_token_counting_and_truncation_match_the_reference(real_embedder, reference):
    for text in ("hello world", "piriformis " * 1000, "glute " * 40_000, "what is the piriformis?", ""):
        assert real_embedder.count_tokens(text) == reference.count_tokens(text)
        assert real_embedder.truncate(text) == reference.truncate(text)
    long = "piriformis " * 1000
    cut = real_embedder.truncate(long)
    assert long.startswith(cut) and real_embedder.count_tokens(cut) == real_embedder.max_tokens == 256
    # what the model reads is unchanged by the cut
    np.testing.assert_allclose(real_embedder.embed_queries([cut]), real_embedder.embed_queries([long]), atol=1e-5)


def test_vectors_are_unit_length_and_cosine_is_meaningful(real_embedder):
    vectors = real_embedder.embed_queries(["My knees hurt.", "Knee pain from weak glutes.", "The capital of France."])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.slow
def test_serving_never_imports_torch():
    code = (
        "import sys\n"
        "from retrieval.settings import Settings\n"
        "from retrieval.pipeline import open_engine\n"
        "from retrieval.answer import Composer\n"
        "Composer(open_engine(Settings()).searcher()).reply('what causes sciatica?')\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_auto_uses_the_bundled_package_and_falls_back_to_the_hub(monkeypatch):
    from retrieval import embedding

    assert resolve_model_dir("auto") == resolve_model_dir("bundled")
    fetched = []

    def fake_download(repo_id, allow_patterns):
        fetched.append((repo_id, tuple(allow_patterns)))
        return "/cache/all-MiniLM-L6-v2"

    import huggingface_hub

    monkeypatch.setattr(embedding, "bundled_model_dir", lambda: None)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    assert str(resolve_model_dir("auto")) == "/cache/all-MiniLM-L6-v2"
    assert fetched == [("sentence-transformers/all-MiniLM-L6-v2", embedding.MODEL_FILES)]
    with pytest.raises(ModelError, match="not installed") as info:
        resolve_model_dir("bundled")
    assert "--no-deps" in info.value.fix
