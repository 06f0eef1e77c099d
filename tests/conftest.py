"""Shared fixtures: the fake embedder and a tiny corpus for fast unit tests, and the real
model and committed index (loaded once per session) for integration tests.

Tiers: tests that need the real model, a child process or the network namespace are marked
``slow``; tests that drive Chromium are marked ``browser``. The fast tier is
``pytest -m "not slow and not browser"``. Tests using the real-model fixtures are marked
slow automatically, so a new one cannot slip into the fast tier by accident.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.settings import REPO_ROOT, Settings
from retrieval.testing import FakeEmbedder, start_app, stop_app, wait_for_page, write_corpus

REAL_MODEL_FIXTURES = {"real_embedder", "real_searcher", "real_engine", "composer", "app_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def tiny_index(tiny_corpus: Path, fake_embedder: FakeEmbedder) -> Path:
    from retrieval.index import build_index

    index_dir = tiny_corpus.parent / "index"
    build_index(tiny_corpus, index_dir, fake_embedder)
    return index_dir


@pytest.fixture
def tiny_searcher(tiny_corpus: Path, tiny_index: Path, fake_embedder: FakeEmbedder):
    from retrieval.index import load_index
    from retrieval.search import SearchEngine

    index = load_index(tiny_index, corpus_dir=tiny_corpus, model_sha256=fake_embedder.weights_sha256)
    return SearchEngine(index, fake_embedder).searcher()


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
def real_engine(settings: Settings, real_embedder):
    from retrieval.pipeline import open_engine

    return open_engine(settings, embedder=real_embedder)


@pytest.fixture(scope="session")
def real_searcher(real_engine):
    return real_engine.searcher()


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


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """`python app.py` with the defaults, shared by the HTTP tests."""
    app = start_app(tmp_path_factory.mktemp("app"))
    try:
        wait_for_page(app)
        yield app
    finally:
        stop_app(app)
