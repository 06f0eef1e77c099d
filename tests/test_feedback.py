"""The feedback log: one complete JSON line per click, even under concurrent clicks."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import pytest

from retrieval.feedback import MAX_FIELD_CHARS, append_feedback, feedback_entry


def test_entry_shape_and_validation():
    entry = feedback_entry("up", "what causes sciatica?", "answer")
    assert set(entry) == {"time", "rating", "question", "answer"} and entry["rating"] == "up"
    with pytest.raises(ValueError, match="rating"):
        feedback_entry("meh", "q", "a")
    assert len(feedback_entry("down", "q" * 100_000, "a")["question"]) == MAX_FIELD_CHARS


def test_concurrent_threads_lose_and_interleave_nothing(tmp_path):
    log = tmp_path / "nested" / "feedback.jsonl"
    big = "x" * 4000  # bigger than a pipe buffer page, so a torn write would show

    def click(i: int) -> None:
        append_feedback(log, feedback_entry("up" if i % 2 else "down", f"q{i}", big))

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(click, range(400)))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    assert sorted(json.loads(line)["question"] for line in lines) == sorted(f"q{i}" for i in range(400))


def _process_clicks(args):
    path, start = args
    for i in range(start, start + 50):
        append_feedback(path, feedback_entry("up", f"p{i}", "y" * 3000))


def test_concurrent_processes_lose_and_interleave_nothing(tmp_path):
    log = tmp_path / "feedback.jsonl"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_process_clicks, [(log, k * 50) for k in range(4)])
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and all(json.loads(line)["answer"] == "y" * 3000 for line in lines)


def test_disliked_answers_become_candidate_questions(tmp_path):
    from retrieval.feedback import WITHDRAWN, export_candidates

    log = tmp_path / "feedback.jsonl"
    for rating, question in (("down", "q1"), ("down", "q2"), ("up", "q2"), ("down", "q3"), (WITHDRAWN, "q3")):
        entry = feedback_entry(rating, question, "an answer", allowed=("up", "down", WITHDRAWN))
        append_feedback(log, entry)
    append_feedback(log, feedback_entry("down", "q1", "an answer"))  # the same dislike twice: once
    candidates = export_candidates(log)
    assert [c["question"] for c in candidates] == ["q1"]  # q2 liked later, q3 withdrawn
    assert candidates[0]["kind"] == "answerable" and candidates[0]["expected"] == []
    assert export_candidates(tmp_path / "missing.jsonl") == []


def test_the_log_is_pushed_to_a_hub_dataset_only_when_one_is_configured(tmp_path):
    """Up to the network boundary: the scheduler is asked for a private dataset, the log's folder."""
    from retrieval.feedback import start_push

    made = []

    class FakeScheduler:
        def __init__(self, **kwargs):
            made.append(kwargs)

    log = tmp_path / "logs" / "feedback.jsonl"
    assert start_push(log, None, FakeScheduler) is None and made == []
    assert isinstance(start_push(log, "me/glute-feedback", FakeScheduler), FakeScheduler)
    (kwargs,) = made
    assert kwargs["repo_id"] == "me/glute-feedback" and kwargs["repo_type"] == "dataset" and kwargs["private"]
    assert kwargs["folder_path"] == log.parent and kwargs["allow_patterns"] == ["feedback.jsonl"]
