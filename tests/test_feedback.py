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
