"""Evaluation: metric definitions, question-file validation, the sweep, the baseline splitter."""

from __future__ import annotations

import copy
import itertools
import json
import math

import pytest

from retrieval.errors import QuestionFileError
from retrieval.evaluation import (
    hit_at,
    is_relevant,
    load_questions,
    mrr_at,
    ndcg_at,
    ranking_metrics,
    recall_at,
    recursive_character_split,
    red_flag_recall,
    run_retriever,
    sweep_thresholds,
)
from retrieval.settings import REPO_ROOT


def test_metrics_by_hand():
    ranked = [False, True, False, True, False]
    assert hit_at(ranked, 1) == 0 and hit_at(ranked, 3) == 1
    assert mrr_at(ranked, 5) == 0.5
    assert recall_at(ranked, 5, total_relevant=4) == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(ranked, 5, total_relevant=2) == pytest.approx(dcg / ideal)
    assert ranking_metrics([True], 1) == {"Hit@1": 1, "Hit@3": 1, "MRR@5": 1, "nDCG@5": 1, "Recall@5": 1}
    assert ranking_metrics([False] * 5, 0)["nDCG@5"] == 0


def test_metrics_do_not_mutate_inputs():
    ranked = [False, True, True]
    frozen = copy.copy(ranked)
    ranking_metrics(ranked, 2)
    assert ranked == frozen


def test_relevance_ignores_case_whitespace_and_quote_style():
    passage = "Glutes that don’t “fire,” or   activate"
    assert is_relevant(passage, ['glutes that DON\'T "fire," or activate'])
    assert not is_relevant(passage, ["knees"])


def write(tmp_path, lines):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a", "kind": "answerable", "question": "q?", "expected": ["x"]})


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object"),
        (json.dumps({"id": "b", "kind": "maybe", "question": "q", "expected": []}), "line 2: 'kind' must be one of"),
        (
            json.dumps({"id": "b", "kind": "answerable", "question": "q", "expected": []}),
            "needs at least one 'expected'",
        ),
        (
            json.dumps({"id": "b", "kind": "out_of_scope", "question": "q", "expected": ["x"]}),
            "must have an empty 'expected'",
        ),
        (
            json.dumps({"id": "b", "kind": "answerable", "question": "", "expected": ["x"]}),
            "'question' must be a non-empty string",
        ),
        (
            json.dumps({"id": "b", "kind": "answerable", "question": "q", "expected": ["x"], "history": "h"}),
            "'history' must be a list",
        ),
        (json.dumps({"id": "a", "kind": "answerable", "question": "q", "expected": ["x"]}), "duplicate id 'a'"),
        (
            json.dumps({"id": "b", "kind": "answerable", "question": "q", "expected": ["x"], "extra": 1}),
            "unknown field",
        ),
    ],
)
def test_malformed_lines_are_reported_with_their_line_number(tmp_path, line, message):
    path = write(tmp_path, [GOOD, line])
    with pytest.raises(QuestionFileError, match=message) as info:
        load_questions(path)
    assert str(path) in str(info.value)


def test_missing_or_empty_question_file(tmp_path):
    with pytest.raises(QuestionFileError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")
    with pytest.raises(QuestionFileError, match="holds no questions"):
        load_questions(write(tmp_path, [""]))


def test_shipped_question_sets_meet_the_brief():
    dev = load_questions(REPO_ROOT / "eval" / "dev.jsonl")
    held = load_questions(REPO_ROOT / "eval" / "heldout.jsonl")
    everything = dev + held
    kinds = [q.kind for q in everything]
    assert len(everything) >= 60
    assert kinds.count("answerable") >= 40 and kinds.count("out_of_scope") >= 12 and kinds.count("red_flag") >= 6
    assert sum(bool(q.history) for q in everything) >= 5
    assert 0.25 <= len(held) / len(everything) <= 0.4  # a held-out third
    assert not {q.id for q in dev} & {q.id for q in held}


def test_sweep_picks_the_middle_of_the_widest_perfect_gap():
    sweep = sweep_thresholds([0.6, 0.7, 0.8], [0.1, 0.2, 0.4])
    assert sweep.chosen == 0.5
    row = next(r for r in sweep.rows if r.threshold == sweep.chosen)
    assert (row.answerable_kept, row.out_of_scope_rejected) == (1.0, 1.0)


def test_sweep_with_overlap_maximises_correct_decisions():
    # 0.2 and 0.55 both get 4 of 5 right; the gap (0.10, 0.30) is wider than (0.50, 0.60).
    sweep = sweep_thresholds([0.30, 0.60, 0.70], [0.10, 0.50])
    assert sweep.chosen == 0.2
    chosen = next(r for r in sweep.rows if r.threshold == sweep.chosen)
    assert round(chosen.answerable_kept * 3 + chosen.out_of_scope_rejected * 2) == 4
    with pytest.raises(ValueError):
        sweep_thresholds([], [0.1])


def test_recursive_splitter_respects_size_and_overlap():
    text = "\n\n".join(" ".join(f"w{p}{i}" for i in range(40)) for p in range(4))
    chunks = recursive_character_split(text, size=100, overlap=20)
    assert all(len(c) <= 100 for c in chunks)
    assert all(c in text for c in chunks)
    words = text.split()
    assert words[0] in chunks[0] and words[-1] in chunks[-1]
    # consecutive chunks of one paragraph share a little text
    assert any(set(a.split()) & set(b.split()) for a, b in itertools.pairwise(chunks))
    with pytest.raises(ValueError):
        recursive_character_split(text, size=10, overlap=10)


def test_run_retriever_scores_each_question(tiny_searcher, tmp_path):
    lines = [
        json.dumps(
            {"id": "k", "kind": "answerable", "question": "sciatic nerve sciatica", "expected": ["sciatic nerve"]}
        ),
        json.dumps(
            {
                "id": "f",
                "kind": "answerable",
                "question": "what about it?",
                "expected": ["sprinting"],
                "history": ["athletes sprinting"],
            }
        ),
        json.dumps({"id": "o", "kind": "out_of_scope", "question": "capital of France", "expected": []}),
        json.dumps({"id": "r", "kind": "red_flag", "question": "chest pain", "expected": []}),
    ]
    questions = load_questions(write(tmp_path, lines))
    run = run_retriever(tiny_searcher.with_config(context_weight=5.0), questions, top_k=3)
    assert [o.id for o in run.outcomes] == ["k", "f", "o"]  # red flags go to the composer
    assert run.outcomes[0].first_relevant_rank == 1
    assert run.outcomes[1].first_relevant_rank == 1  # the follow-up used its context
    assert set(run.metrics()) == {"Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5"}
    flags = red_flag_recall(questions, lambda message, history: "chest" in message)
    assert flags == {"red_flag_recall": 1.0, "missed": [], "false_alarms": []}


def test_ablations_change_one_thing_each(tiny_searcher, tiny_corpus, tmp_path):
    from retrieval.evaluation import ABLATION_CHUNK_SIZES, run_ablations

    lines = [json.dumps({"id": "k", "kind": "answerable", "question": "sciatic nerve", "expected": ["sciatic nerve"]})]
    ablations = run_ablations(tiny_searcher, load_questions(write(tmp_path, lines)), tiny_corpus)
    names = [a.name for a in ablations]
    assert names[0].startswith("shipped") and len(names) == len(set(names)) == 1 + len(ABLATION_CHUNK_SIZES) + 6
    assert {a.run.name for a in ablations} == {"hybrid"}
    assert all(
        a.chunks > 0 and set(a.run.metrics()) == {"Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5"} for a in ablations
    )
