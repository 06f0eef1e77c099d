"""Helpers shared by the tests and the benchmarks: a deterministic fake embedder, a tiny
corpus, and running ``python app.py`` in a child process.

Nothing here is used when serving; it lives in the package so tests and benchmarks import
one copy instead of importing each other.
"""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .settings import REPO_ROOT, child_environment

FAKE_DIMENSION = 64


class FakeEmbedder:
    """Bag of hashed words -> unit vector. Same text, same vector; shared words, closer vectors."""

    name = "fake-embedder"
    weights_sha256 = "f" * 64
    dimension = FAKE_DIMENSION
    max_tokens = 256

    def __init__(self) -> None:
        self.calls = 0

    def embed_queries(self, texts):
        self.calls += 1
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i, 0] = 0.01  # never the zero vector
            for word in re.findall(r"\w+", text.lower()):
                digest = int(hashlib.sha256(word.encode()).hexdigest(), 16)
                rows[i, 1 + digest % (self.dimension - 1)] += 1.0
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    embed_passages = embed_queries

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def truncate(self, text: str) -> str:
        words = text.split(" ")
        return " ".join(words[: self.max_tokens - 2])


TINY_ARTICLES = {
    "alpha.md": """\
        ---
        id: alpha
        title: Alpha Article
        author: Ann Author
        publisher: Alpha Press
        url: https://alpha.example/article
        ---

        Intro sentence about glutes. Another intro sentence here.

        ## Knee Pain

        Weak glutes cause knee pain. Massage helps the knees recover.

        A second paragraph about knees and stride.

        ## Back Pain

        Tight glutes press on the sciatic nerve. Massage relieves sciatica.
        """,
    "beta.md": """\
        ---
        id: beta
        title: Beta Article
        author: null
        publisher: Beta Media
        url: https://beta.example/post
        ---

        ## Sports

        Athletes need strong glutes for sprinting and jumping.
        """,
}


def write_corpus(directory: Path, articles: dict[str, str] = TINY_ARTICLES) -> Path:
    """Write ``articles`` (file name -> indented Markdown) into ``directory``; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


# --- the app in a child process -----------------------------------------------------------------


class AppStartError(RuntimeError):
    """The app exited or never served its page; the message ends with its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    feedback_log: Path
    process: subprocess.Popen
    output: Path

    def log_tail(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")[-3000:]


def start_app(directory: Path, extra_env: dict | None = None, script: str = "app.py") -> RunningApp:
    """`python app.py` on a free port, with its own feedback log and no inherited GLUTEQA_* settings."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = child_environment(
        {
            "GRADIO_SERVER_NAME": "127.0.0.1",
            "GRADIO_SERVER_PORT": str(port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "GLUTEQA_FEEDBACK_LOG": str(directory / "feedback.jsonl"),
            **(extra_env or {}),
        }
    )
    output = directory / "app.log"
    handle = open(output, "w", encoding="utf-8")  # noqa: SIM115 -- lives as long as the process
    process = subprocess.Popen(
        [sys.executable, script], cwd=REPO_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    return RunningApp(f"http://127.0.0.1:{port}/", directory / "feedback.jsonl", process, output)


def wait_for_page(app: RunningApp, timeout: float = 120.0) -> float:
    """Seconds until the page answers 200; raises AppStartError with the app's output if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if app.process.poll() is not None:
            raise AppStartError(f"the app exited with {app.process.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(app.url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    raise AppStartError(f"the app did not serve its page within {timeout}s:\n{app.log_tail()}")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait(timeout=20)


def peak_rss_mib(pid: int) -> int:
    """Peak resident memory of a live process (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0
