"""Thumbs up/down feedback, appended to a JSONL log, optionally pushed to a private Hugging
Face dataset, and turned into candidate evaluation questions.

One ``write`` per line on a file opened with O_APPEND, under a thread lock and an
exclusive flock, so concurrent clicks (threads or processes) never lose or interleave lines.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

RATINGS = ("up", "down")  # what the /feedback API accepts
WITHDRAWN = "withdrawn"  # a thumb clicked again in the chat: logged, so a rating can be undone
MAX_FIELD_CHARS = 5000  # a pasted novel should not bloat the log
PUSH_EVERY_MINUTES = 5
_LOCK = threading.Lock()


def feedback_entry(rating: str, question: str, answer: str, allowed: tuple[str, ...] = RATINGS) -> dict:
    """A log line's content; raises ValueError naming a bad rating."""
    if rating not in allowed:
        raise ValueError(f"rating must be one of {allowed}, got {rating!r}")
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "rating": rating,
        "question": str(question)[:MAX_FIELD_CHARS],
        "answer": str(answer)[:MAX_FIELD_CHARS],
    }


def append_feedback(path: Path, entry: dict, lock: threading.Lock | None = None) -> None:
    """Append one line. ``lock``: the push scheduler's, so a push never reads half a line."""
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock or _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)  # closing releases the flock


def start_push(log: Path, dataset: str | None, scheduler_class=None):
    """Push the feedback log's folder to the private Hub dataset ``dataset`` every few minutes
    (huggingface_hub's CommitScheduler; the token comes from HF_TOKEN, as huggingface_hub
    reads it). None, and nothing touches the network, when no dataset is configured."""
    if not dataset:
        return None
    if scheduler_class is None:
        from huggingface_hub import CommitScheduler as scheduler_class
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    return scheduler_class(
        repo_id=dataset,
        repo_type="dataset",
        folder_path=Path(log).parent,
        path_in_repo="feedback",
        allow_patterns=[Path(log).name],
        every=PUSH_EVERY_MINUTES,
        private=True,
    )


def disliked(entries: list[dict]) -> list[dict]:
    """The latest rating of each (question, answer) pair that is "down" (a later "up" or
    "withdrawn" undoes it), once per question, in the order first disliked."""
    latest: dict[tuple[str, str], dict] = {}
    for entry in entries:
        latest[(entry.get("question", ""), entry.get("answer", ""))] = entry
    seen, found = set(), []
    for (question, _), entry in latest.items():
        if entry.get("rating") == "down" and question.strip() and question not in seen:
            seen.add(question)
            found.append(entry)
    return found


def export_candidates(log: Path) -> list[dict]:
    """Disliked answers as candidate evaluation questions (eval/ JSONL format). ``kind`` and
    ``expected`` are left for a person to label: until then `evaluate` names the line."""
    lines = Path(log).read_text(encoding="utf-8").splitlines() if Path(log).is_file() else []
    entries = [json.loads(line) for line in lines if line.strip()]
    return [
        {
            "id": f"fb{i:03d}",
            "kind": "answerable",
            "question": entry["question"],
            "expected": [],
            "styles": ["feedback"],
            "note": f"disliked on {entry.get('time', '?')}; the reply began: {entry.get('answer', '')[:200]}",
        }
        for i, entry in enumerate(disliked(entries), start=1)
    ]
