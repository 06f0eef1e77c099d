"""The command line, as a user runs it: real processes, real model, committed index."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from retrieval import cli, pipeline
from retrieval.settings import REPO_ROOT

pytestmark = pytest.mark.slow

HIT_KEYS = {"rank", "score", "text", "chunk_id", "article_id", "title", "author", "publisher", "url", "section"}


def run(
    *args: str, stdin: str | None = None, env: dict | None = None, timeout: int = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def test_search_json_batch_from_stdin_answers_each_line_in_order():
    questions = ["What causes sciatica?", "what is the capital of France?", "", "do glutes matter for athletes?"]
    done = run("search", "--json", "--top-k", "3", "-", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(questions)
    objects = [json.loads(line) for line in lines]
    assert [o["query"] for o in objects] == questions
    sciatica, france, blank, athletes = objects
    assert set(sciatica) == {"query", "abstained", "hits"} and not sciatica["abstained"]
    assert [h["rank"] for h in sciatica["hits"]] == [1, 2, 3]
    assert all(set(h) == HIT_KEYS for h in sciatica["hits"])
    assert france["abstained"] and len(france["hits"]) == 3  # hits still listed, best first
    assert blank["hits"] == [] and "empty" in blank["error"]
    assert (
        "athlet" in athletes["hits"][0]["text"].lower()
        or athletes["hits"][0]["section"] == "Better Athletic Performance"
    )
    assert "Traceback" not in done.stderr


def test_batch_loads_the_model_once(monkeypatch, capsys):
    calls = []
    original = pipeline.load_embedder
    monkeypatch.setattr(pipeline, "load_embedder", lambda settings: calls.append(1) or original(settings))
    monkeypatch.setattr(sys, "stdin", io.StringIO("knees?\nback?\nsport?\n"))
    assert cli.main(["search", "--json", "-"]) == 0
    assert len(calls) == 1 and len(capsys.readouterr().out.splitlines()) == 3


def test_readable_search_output():
    done = run("search", "what percentage of adults get low back pain?", "--top-k", "2")
    assert done.returncode == 0, done.stderr
    assert "39 percent of adults" in done.stdout
    assert "4 Reasons Why You Should Get a Butt Massage (LEAFtv)" in done.stdout
    assert "https://www.leaf.tv/" in done.stdout


@pytest.mark.parametrize(
    "args, env, code, message",
    [
        (["search", ""], {}, 1, "the question is empty"),
        (["search", "knees", "--top-k", "0"], {}, 2, "--top-k must be at least 1"),
        (["search", "knees"], {"GLUTEQA_THREADS": "lots"}, 2, "GLUTEQA_THREADS must be a whole number"),
        (["--index-dir", "/nonexistent/index", "search", "knees"], {}, 1, "python -m retrieval build"),
        (["search", "knees"], {"GLUTEQA_MODEL": "/nonexistent/model"}, 1, "does not exist"),
        (["evaluate", "--questions", "/nonexistent.jsonl"], {}, 1, "cannot read question file"),
    ],
    ids=["empty", "top-k", "bad-setting", "missing-index", "missing-model", "missing-questions"],
)
def test_errors_are_messages_not_tracebacks(args, env, code, message):
    done = run(*args, env=env)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_stale_index_is_refused_with_the_fix(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (REPO_ROOT / "corpus").glob("*.md"):
        (corpus / path.name).write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    done = run("--corpus-dir", str(corpus), "search", "knees")
    assert done.returncode == 1
    assert "out of date" in done.stderr and "python -m retrieval build" in done.stderr


def test_malformed_question_file_names_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "kind": "answerable", "question": "q", "expected": ["knee"]}\n{oops\n')
    done = run("evaluate", "--questions", str(path))
    assert done.returncode == 1 and "line 2: not valid JSON" in done.stderr


def test_build_into_a_new_directory_then_search_it(tmp_path):
    target = tmp_path / "index"
    built = run("--index-dir", str(target), "build")
    assert built.returncode == 0, built.stderr
    committed = json.loads((REPO_ROOT / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert f"{committed['chunk_count']} chunks, {committed['sentence_count']} sentences" in built.stdout
    found = run("--index-dir", str(target), "search", "--json", "what are endorphins?")
    assert found.returncode == 0 and json.loads(found.stdout)["hits"]


def test_evaluate_report_for_one_file(tmp_path):
    done = run("evaluate", "--questions", "eval/dev.jsonl", "--report", str(tmp_path), "--json", timeout=900)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    evaluation = data["evaluations"][0]
    assert len(evaluation["ablations"]) == 17 and evaluation["ablations"][0]["name"].startswith("shipped")
    assert evaluation["red_flags"]["red_flag_recall"] == 1.0
    assert set(evaluation["retrievers"]) == {"hybrid", "dense", "bm25", "LangChain baseline (500-char chunks, dense)"}
    assert {"Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5"} <= set(evaluation["retrievers"]["hybrid"])
    split = data["splits"][0]
    assert split["split"] == "dev" and split["answerability"]["red_flags_caught"]["of"] == 6
    assert {c["without"] for c in split["comparisons"]} >= {"spelling correction", "the answerability check"}
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Retrieval quality report") and "### Ablations on dev.jsonl" in report
    assert "## Answerability and safety" in report and "## Hit@1 by style, dev" in report
    assert (tmp_path / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_feedback_export_writes_candidate_questions(tmp_path):
    from retrieval.feedback import append_feedback, feedback_entry

    log = tmp_path / "feedback.jsonl"
    append_feedback(log, feedback_entry("down", "does it help my dog?", "**In short:** ..."))
    append_feedback(log, feedback_entry("up", "what causes sciatica?", "**In short:** ..."))
    done = run("feedback", "export", "--log", str(log), "--out", str(tmp_path / "candidates.jsonl"))
    assert done.returncode == 0, done.stderr
    assert "1 disliked answers" in done.stderr and "label" in done.stderr
    (line,) = (tmp_path / "candidates.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["question"] == "does it help my dog?"
