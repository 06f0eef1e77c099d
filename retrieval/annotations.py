"""What the index holds besides the articles' own text, both written by people who had read
only the articles (never shown to users as answers; answers are always the articles' words):

- ``corpus/questions.jsonl``: for a sentence, questions it answers, worded the many ways
  people ask (document expansion: "is my bum the biggest muscle?" finds "... the largest
  muscle in your body ..." however little the words overlap);
- ``corpus/not_covered.jsonl``: questions near the topic that the articles do NOT answer
  (prices, how often, children, massage guns...), each with the topic a reply names. A
  question closer to these than to anything the articles answer is declined.

Both files are optional: a corpus without them is searched on its text alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .chunking import Chunk
from .errors import CorpusError
from .text import normalize_text

QUESTIONS_FILE = "questions.jsonl"
NOT_COVERED_FILE = "not_covered.jsonl"


@dataclass(frozen=True)
class SentenceQuestions:
    article_id: str
    sentence: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Uncovered:
    """A question the articles do not answer, and what they don't cover."""

    category: str
    topic: str
    question: str

    def to_dict(self) -> dict:
        return {"category": self.category, "topic": self.topic, "question": self.question}


def annotation_files(corpus_dir: Path) -> list[Path]:
    return [path for name in (QUESTIONS_FILE, NOT_COVERED_FILE) if (path := Path(corpus_dir) / name).is_file()]


def _records(path: Path, fields: tuple[str, ...]) -> list[dict]:
    if not path.is_file():
        return []
    records = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path.name}, line {line_no}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or any(not record.get(f) for f in fields):
            raise CorpusError(f"{path.name}, line {line_no}: needs the fields {list(fields)}")
        records.append(record)
    return records


def load_sentence_questions(corpus_dir: Path) -> tuple[SentenceQuestions, ...]:
    return tuple(
        SentenceQuestions(r["article"], r["sentence"], tuple(str(q) for q in r["questions"]))
        for r in _records(Path(corpus_dir) / QUESTIONS_FILE, ("article", "sentence", "questions"))
    )


def load_not_covered(corpus_dir: Path) -> tuple[Uncovered, ...]:
    return tuple(
        Uncovered(r["category"], r["topic"], r["question"])
        for r in _records(Path(corpus_dir) / NOT_COVERED_FILE, ("category", "topic", "question"))
    )


def expansion_rows(chunks: list[Chunk], annotations: tuple[SentenceQuestions, ...]) -> list[dict]:
    """One row per question: its text, and the chunk position and sentence it belongs to.
    Raises CorpusError when an annotated sentence is not a sentence of its article."""
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for position, chunk in enumerate(chunks):
        for i, sentence in enumerate(chunk.sentence_texts()):
            where[(chunk.article_id, normalize_text(sentence))] = (position, i)
    rows = []
    for annotation in annotations:
        key = (annotation.article_id, normalize_text(annotation.sentence))
        if key not in where:
            raise CorpusError(
                f"{QUESTIONS_FILE}: {annotation.sentence[:60]!r} is not a sentence of {annotation.article_id}"
            )
        position, sentence = where[key]
        rows += [{"text": q, "chunk": position, "sentence": sentence} for q in annotation.questions]
    return rows
