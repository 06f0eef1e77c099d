"""Labelled question files: JSONL, one object per line.

    {"id": str, "kind": str, "question": str, "expected": [str, ...],
     "history": [str, ...] (optional, earlier user messages), and optionally
     "styles": [str, ...], "persona": str, "category": str, "missing_topic": [str, ...],
     "rule": str | [str, ...], "near_rule": str | null, "note": str}

Kinds: answerable (a passage is relevant when it contains any expected phrase:
case-insensitive, whitespace collapsed, typographic quotes folded), about_sources (a question
about the articles themselves; every expected string must appear in the reply),
out_of_scope (``missing_topic``: names a reply may use for what the articles don't cover),
red_flag (``rule``: which rule should catch it) and benign (must not raise a red flag).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import QuestionFileError
from ..text import normalize_text

KINDS = ("answerable", "about_sources", "out_of_scope", "red_flag", "benign")
NEEDS_EXPECTED = ("answerable", "about_sources")
_STRING_LISTS = ("expected", "history", "styles", "missing_topic")
_OPTIONAL_TEXT = ("persona", "category", "note")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    expected: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    missing_topic: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # red_flag: the rules that should fire
    category: str | None = None


def _fail(path: Path, line_no: int, what: str) -> QuestionFileError:
    return QuestionFileError(f"{path}, line {line_no}: {what}")


def parse_question(data: object, path: Path, line_no: int) -> Question:
    if not isinstance(data, dict):
        raise _fail(path, line_no, "expected a JSON object")
    known = {"id", "kind", "question", "rule", "near_rule", *_STRING_LISTS, *_OPTIONAL_TEXT}
    unknown = set(data) - known
    if unknown:
        raise _fail(path, line_no, f"unknown field(s) {sorted(unknown)}")
    for key in ("id", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, line_no, f"{key!r} must be a non-empty string")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(path, line_no, f"'kind' must be one of {list(KINDS)}, got {kind!r}")
    lists = {key: data.get(key, []) for key in _STRING_LISTS}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise _fail(path, line_no, f"{key!r} must be a list of non-empty strings")
    for key in (*_OPTIONAL_TEXT, "near_rule"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise _fail(path, line_no, f"{key!r} must be a string")
    rules = data.get("rule", [])
    rules = [rules] if isinstance(rules, str) else rules
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise _fail(path, line_no, "'rule' must be a string or a list of strings")
    if kind in NEEDS_EXPECTED and not lists["expected"]:
        raise _fail(path, line_no, f"an {kind} question needs at least one 'expected' phrase")
    if kind not in NEEDS_EXPECTED and lists["expected"]:
        raise _fail(path, line_no, f"a {kind} question must have an empty 'expected' list")
    return Question(
        id=data["id"],
        kind=kind,
        question=data["question"],
        expected=tuple(lists["expected"]),
        history=tuple(lists["history"]),
        styles=tuple(lists["styles"]),
        missing_topic=tuple(lists["missing_topic"]),
        rules=tuple(rules),
        category=data.get("category"),
    )


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
