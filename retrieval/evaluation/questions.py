"""Labelled question files: JSONL, one object per line.

    {"id": str, "kind": "answerable"|"out_of_scope"|"red_flag", "question": str,
     "expected": [str, ...], "history": [str, ...] (optional, earlier user messages)}

A passage is relevant when it contains any expected phrase (case-insensitive, whitespace
collapsed, typographic quotes folded).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import QuestionFileError
from ..text import normalize_text

KINDS = ("answerable", "out_of_scope", "red_flag")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    expected: tuple[str, ...] = ()
    history: tuple[str, ...] = ()


def _fail(path: Path, line_no: int, what: str) -> QuestionFileError:
    return QuestionFileError(f"{path}, line {line_no}: {what}")


def parse_question(data: object, path: Path, line_no: int) -> Question:
    if not isinstance(data, dict):
        raise _fail(path, line_no, "expected a JSON object")
    unknown = set(data) - {"id", "kind", "question", "expected", "history"}
    if unknown:
        raise _fail(path, line_no, f"unknown field(s) {sorted(unknown)}")
    for key in ("id", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, line_no, f"{key!r} must be a non-empty string")
    if data.get("kind") not in KINDS:
        raise _fail(path, line_no, f"'kind' must be one of {list(KINDS)}, got {data.get('kind')!r}")
    expected = data.get("expected", [])
    history = data.get("history", [])
    for key, value in (("expected", expected), ("history", history)):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise _fail(path, line_no, f"{key!r} must be a list of non-empty strings")
    if data["kind"] == "answerable" and not expected:
        raise _fail(path, line_no, "an answerable question needs at least one 'expected' phrase")
    if data["kind"] != "answerable" and expected:
        raise _fail(path, line_no, f"a {data['kind']} question must have an empty 'expected' list")
    return Question(data["id"], data["kind"], data["question"], tuple(expected), tuple(history))


def load_questions(path: Path) -> list[Question]:
    """Parse a question file; raise QuestionFileError naming the line and the problem."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"cannot read question file {path} ({exc})") from exc
    questions: list[Question] = []
    seen: set[str] = set()
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, line_no, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
        question = parse_question(data, path, line_no)
        if question.id in seen:
            raise _fail(path, line_no, f"duplicate id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise QuestionFileError(f"{path} holds no questions")
    return questions


def match_key(text: str) -> str:
    return normalize_text(text).casefold()


def is_relevant(passage: str, expected: Sequence[str]) -> bool:
    key = match_key(passage)
    return any(match_key(phrase) in key for phrase in expected)
