"""Evaluation: metric definitions, question-file validation, the sweep, the LangChain
baseline's chunks, paired comparisons and the reply-level scoring."""

from __future__ import annotations

import copy
import json
import math

import pytest

from retrieval.errors import QuestionFileError
from retrieval.evaluation import (
    answerability_summary,
    hit_at,
    is_relevant,
    judge_reply,
    langchain_chunks,
    load_questions,
    mrr_at,
    names_topic,
    ndcg_at,
    paired_comparison,
    ranking_metrics,
    recall_at,
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


def test_langchain_baseline_chunks_point_at_the_article_text(settings):
    from retrieval.corpus import load_corpus

    articles = load_corpus(settings.corpus_dir)
    chunks = langchain_chunks(articles, size=500, overlap=50)
    bodies = {a.id: a.body for a in articles}
    assert len(chunks) > len(articles) and all(len(c.text) <= 500 for c in chunks)
    assert all(bodies[c.article_id][c.start : c.end] == c.text for c in chunks)
    assert {c.article_id for c in chunks} == set(bodies)


def test_paired_comparison_by_hand():
    same = paired_comparison([1, 0, 1, 1], [1, 0, 1, 1])
    assert same.difference == 0 and same.p_value == 1.0 and (same.better, same.worse) == (0, 0)
    better = paired_comparison([1] * 10, [0] * 10)
    assert better.difference == 1.0 and better.better == 10 and better.p_value < 0.01
    assert better.low == better.high == 1.0
    graded = paired_comparison([0.5, 1.0, 0.33, 1.0, 0.2, 1.0], [0.25, 1.0, 0.2, 0.5, 0.2, 0.33])
    assert graded.difference > 0 and 0 < graded.p_value <= 1
    with pytest.raises(ValueError, match="equally long"):
        paired_comparison([1, 0], [1])


def test_new_kinds_and_fields_are_parsed_and_checked(tmp_path):
    lines = [
        json.dumps(
            {"id": "a", "kind": "about_sources", "question": "who wrote it?", "expected": ["Ann"], "styles": ["meta"]}
        ),
        json.dumps(
            {
                "id": "b",
                "kind": "out_of_scope",
                "question": "kids?",
                "expected": [],
                "missing_topic": ["children"],
                "category": "population",
            }
        ),
        json.dumps(
            {"id": "c", "kind": "red_flag", "question": "chest pain", "expected": [], "rule": ["chest_pain", "x"]}
        ),
        json.dumps(
            {"id": "d", "kind": "benign", "question": "sore glutes", "expected": [], "near_rule": None, "note": "mild"}
        ),
    ]
    a, b, c, d = load_questions(write(tmp_path, lines))
    assert a.styles == ("meta",) and b.missing_topic == ("children",) and b.category == "population"
    assert c.rules == ("chest_pain", "x") and d.kind == "benign"
    with pytest.raises(QuestionFileError, match="needs at least one 'expected'"):
        load_questions(
            write(tmp_path, [json.dumps({"id": "a", "kind": "about_sources", "question": "q", "expected": []})])
        )


def test_a_topic_is_named_by_a_shared_specific_word():
    assert names_topic("massage chairs", ["massage chair", "chairs"])
    assert names_topic("rounder booty", ["rounder butt"])
    assert not names_topic("massage", ["massage gun"])  # the domain's own words do not count
    assert not names_topic(None, ["kids"])


def test_replies_are_scored_by_what_each_kind_requires(tmp_path):
    from dataclasses import dataclass

    @dataclass
    class Hit:
        class chunk:
            text = "Massage relieves sciatica."

    @dataclass
    class Passage:
        hit: Hit

    @dataclass
    class Reply:
        kind: str
        markdown: str = ""
        passages: tuple = ()
        missing_topic: str | None = None

    lines = [
        json.dumps({"id": "a", "kind": "answerable", "question": "q", "expected": ["relieves sciatica"]}),
        json.dumps(
            {"id": "o", "kind": "out_of_scope", "question": "q", "expected": [], "missing_topic": ["massage guns"]}
        ),
        json.dumps({"id": "s", "kind": "about_sources", "question": "q", "expected": ["Ann Author"]}),
        json.dumps({"id": "r", "kind": "red_flag", "question": "q", "expected": []}),
        json.dumps({"id": "b", "kind": "benign", "question": "q", "expected": []}),
    ]
    a, o, s, r, b = load_questions(write(tmp_path, lines))
    outcomes = [
        judge_reply(a, Reply("answer", passages=(Passage(Hit()),))),
        judge_reply(o, Reply("no_match", missing_topic="massage gun")),
        judge_reply(s, Reply("sources", markdown="by ann author")),
        judge_reply(r, Reply("answer")),
        judge_reply(b, Reply("red_flag")),
    ]
    assert [x.correct for x in outcomes] == [True, True, True, False, False]
    assert outcomes[0].passage_relevant and outcomes[1].topic_named and outcomes[4].false_alarm
    summary = answerability_summary(outcomes)
    assert summary["red_flags_caught"]["value"] == 0.0 and summary["false_alarms"]["ids"] == ["b"]
    assert summary["misses"]["red_flags_missed"] == ["r"]
    # "which article says X?" is answered by the passage that says it, shown under its attribution
    assert judge_reply(a, Reply("sources", passages=(Passage(Hit()),))).correct
    assert not judge_reply(a, Reply("sources")).correct


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
    run = run_retriever(tiny_searcher.with_config(context_weight=5.0, vague_context_weight=5.0), questions, top_k=3)
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
    assert names[0].startswith("shipped") and len(names) == len(set(names)) == 1 + len(ABLATION_CHUNK_SIZES) + 12
    assert {a.run.name for a in ablations} == {"hybrid"}
    assert all(
        a.chunks > 0 and set(a.run.metrics()) == {"Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5"} for a in ablations
    )


def test_a_split_of_red_flags_alone_has_no_ranking_comparisons_and_does_not_fail(tiny_searcher, tmp_path):
    from retrieval.evaluation import run_split

    lines = [
        json.dumps({"id": "r", "kind": "red_flag", "question": "crushing chest pain", "expected": []}),
        json.dumps({"id": "b", "kind": "benign", "question": "my chest day at the gym", "expected": []}),
    ]
    path = write(tmp_path, lines)

    class Reply:
        def __init__(self, kind):
            self.kind, self.markdown, self.passages, self.missing_topic = kind, "", (), None

    def shipped(message, history):
        return Reply("red_flag" if "crushing" in message else "answer")

    report = run_split(
        "dev", [path], tiny_searcher, None, {"shipped": shipped, "without the answerability check": shipped}
    )
    assert [c[0] for c in report.comparisons] == []  # nothing to rank, nothing answerable
    assert {o.id for o in report.replies if o.correct} == {"r", "b"}
