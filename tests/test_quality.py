"""Retrieval-quality regression guards (real model, committed index, labelled questions).

The floors are the measured figures of the shipped configuration, rounded down: a change
that makes retrieval worse fails here. Raise them when quality improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.evaluation import evaluate, naive_baseline
from retrieval.search import ABSTAIN_BELOW
from retrieval.settings import REPO_ROOT

DEV = REPO_ROOT / "eval" / "dev.jsonl"
HELDOUT = REPO_ROOT / "eval" / "heldout.jsonl"

FLOORS = {
    DEV: {"Hit@1": 0.84, "Hit@3": 0.98, "MRR@5": 0.90, "nDCG@5": 0.84, "Recall@5": 0.88},
    HELDOUT: {"Hit@1": 0.91, "Hit@3": 1.00, "MRR@5": 0.95, "nDCG@5": 0.90, "Recall@5": 0.92},
}
ABSTENTION = {  # (out-of-scope abstained at least, answerable abstained at most)
    DEV: (0.92, 0.04),
    HELDOUT: (0.85, 0.0),
}


@pytest.fixture(scope="module")
def evaluations(real_searcher, settings):
    from retrieval.corpus import load_corpus

    baseline = naive_baseline(real_searcher.index, load_corpus(settings.corpus_dir), real_searcher.embedder)
    return {
        path: evaluate(real_searcher, path, retrievers=("hybrid", "dense", "bm25"), baseline=baseline)
        for path in (DEV, HELDOUT)
    }


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_ranking_floors(evaluations, path):
    metrics = evaluations[path].shipped.metrics()
    for name, floor in FLOORS[path].items():
        assert metrics[name] >= floor, f"{path.name} {name} {metrics[name]:.3f} < floor {floor}"


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_abstention_floors(evaluations, path):
    abstention = evaluations[path].shipped.abstention()
    oos_floor, answerable_ceiling = ABSTENTION[path]
    assert abstention["out_of_scope_abstained"] >= oos_floor
    assert abstention["answerable_abstained"] <= answerable_ceiling


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_hybrid_beats_each_single_retriever_and_the_naive_baseline(evaluations, path):
    runs = {run.name: run.metrics() for run in evaluations[path].runs}
    hybrid = runs.pop("hybrid")
    for name, metrics in runs.items():
        assert hybrid["Hit@1"] > metrics["Hit@1"] and hybrid["MRR@5"] > metrics["MRR@5"], name


@pytest.mark.parametrize("retriever", ["hybrid", "dense", "bm25"])
def test_shipped_threshold_is_what_the_dev_sweep_chooses(evaluations, retriever):
    run = next(r for r in evaluations[DEV].runs if r.name == retriever)
    assert run.sweep().chosen == ABSTAIN_BELOW[retriever]


def test_known_questions_find_their_passages(real_searcher):
    top = real_searcher.search("What causes sciatica?", top_k=1).hits[0]
    assert "piriformis" in top.chunk.text and top.chunk.section in {"Relieves Back Pain", "Relieve Lower Back Pain"}
    top = real_searcher.search("what percentage of adults get low back pain?", top_k=1).hits[0]
    assert "39 percent of adults" in top.chunk.text and top.article["publisher"] == "LEAFtv"
    assert real_searcher.search("What is the capital of France?").abstained


def test_the_committed_report_is_current(evaluations):
    """eval/report/ must show what the code measures now: rerun the report command when this fails."""
    import json

    committed = {
        Path(e["questions"]).name: e for e in json.loads((REPO_ROOT / "eval" / "report" / "report.json").read_text())
    }
    for path, live in evaluations.items():
        report = committed[path.name]["retrievers"]
        for run in live.runs:
            for name, value in run.metrics().items():
                assert report[run.name][name] == round(value, 4), (path.name, run.name, name)
            for name, value in run.abstention().items():
                assert report[run.name][name] == round(value, 4), (path.name, run.name, name)
