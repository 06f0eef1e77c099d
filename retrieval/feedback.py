"""Thumbs up/down feedback, appended to a JSONL log.

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

RATINGS = ("up", "down")
MAX_FIELD_CHARS = 5000  # a pasted novel should not bloat the log
_LOCK = threading.Lock()


def feedback_entry(rating: str, question: str, answer: str) -> dict:
    """A log line's content; raises ValueError naming a bad rating."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, got {rating!r}")
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "rating": rating,
        "question": str(question)[:MAX_FIELD_CHARS],
        "answer": str(answer)[:MAX_FIELD_CHARS],
    }


def append_feedback(path: Path, entry: dict) -> None:
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)  # closing releases the flock
