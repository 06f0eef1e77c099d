"""Shared fixtures: a deterministic fake embedder for fast unit tests, and the real model
and committed index (loaded once per session) for integration tests."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from retrieval.settings import REPO_ROOT, Settings

FAKE_DIMENSION = 64


class FakeEmbedder:
    """Bag of hashed words -> unit vector. Same text, same vector; shared words, closer vectors."""

    name = "fake-embedder"
    weights_sha256 = "f" * 64
    dimension = FAKE_DIMENSION
    max_tokens = 256

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i, 0] = 0.01  # never the zero vector
            for word in re.findall(r"\w+", text.lower()):
                digest = int(hashlib.sha256(word.encode()).hexdigest(), 16)
                rows[i, 1 + digest % (self.dimension - 1)] += 1.0
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def truncate(self, text: str) -> str:
        words = text.split(" ")
        return " ".join(words[: self.max_tokens - 2])


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


TINY_ARTICLES = {
    "alpha.md": """\
        ---
        id: alpha
        title: Alpha Article
        author: Ann Author
        publisher: Alpha Press
        url: https://alpha.example/article
        ---

        Intro sentence about glutes. Another intro sentence here.

        ## Knee Pain

        Weak glutes cause knee pain. Massage helps the knees recover.

        A second paragraph about knees and stride.

        ## Back Pain

        Tight glutes press on the sciatic nerve. Massage relieves sciatica.
        """,
    "beta.md": """\
        ---
        id: beta
        title: Beta Article
        author: null
        publisher: Beta Media
        url: https://beta.example/post
        ---

        ## Sports

        Athletes need strong glutes for sprinting and jumping.
        """,
}


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TINY_ARTICLES.items():
        (corpus / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return corpus


@pytest.fixture
def tiny_index(tiny_corpus: Path, fake_embedder: FakeEmbedder) -> Path:
    from retrieval.index import build_index

    index_dir = tiny_corpus.parent / "index"
    build_index(tiny_corpus, index_dir, fake_embedder)
    return index_dir


@pytest.fixture
def tiny_searcher(tiny_corpus: Path, tiny_index: Path, fake_embedder: FakeEmbedder):
    from retrieval.index import load_index
    from retrieval.search import Searcher

    index = load_index(tiny_index, corpus_dir=tiny_corpus, model_sha256=fake_embedder.weights_sha256)
    return Searcher(index, fake_embedder)


# --- the real thing --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Defaults (the committed corpus and index, the bundled model), whatever the environment."""
    return Settings()


@pytest.fixture(scope="session")
def real_embedder(settings: Settings):
    from retrieval.pipeline import load_embedder

    return load_embedder(settings)


@pytest.fixture(scope="session")
def real_searcher(settings: Settings, real_embedder):
    from retrieval.pipeline import open_searcher

    return open_searcher(settings, embedder=real_embedder)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test would hide a missing dependency (browser, model): count it as a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed in this suite: {report.longrepr}"


# --- the running app ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    feedback_log: Path
    process: subprocess.Popen
    output: Path

    def log_tail(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")[-3000:]


def start_app(directory: Path, extra_env: dict | None = None) -> RunningApp:
    """`python app.py` on a free port, with its own feedback log and no inherited GLUTEQA_* settings."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEQA_")}
    env.update(
        GRADIO_SERVER_NAME="127.0.0.1",
        GRADIO_SERVER_PORT=str(port),
        GRADIO_ANALYTICS_ENABLED="False",
        GLUTEQA_FEEDBACK_LOG=str(directory / "feedback.jsonl"),
        **(extra_env or {}),
    )
    output = directory / "app.log"
    handle = open(output, "w", encoding="utf-8")  # noqa: SIM115 -- lives as long as the process
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    return RunningApp(f"http://127.0.0.1:{port}/", directory / "feedback.jsonl", process, output)


def wait_for_page(app: RunningApp, timeout: float = 120.0) -> float:
    """Seconds until the page answers 200; fails with the app's output if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if app.process.poll() is not None:
            pytest.fail(f"the app exited with {app.process.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(app.url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the app did not serve its page within {timeout}s:\n{app.log_tail()}")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait(timeout=20)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("app"))
    try:
        wait_for_page(app)
        yield app
    finally:
        stop_app(app)
