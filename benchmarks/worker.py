"""One side of the in-process latency comparison, in its own process (so that torch's and
NumPy's thread pools never spin against each other in one process):

    python benchmarks/worker.py floor N       # sentence-transformers encode + FAISS top-5
    python benchmarks/worker.py ours N        # our Searcher.search and Composer.reply
    python benchmarks/worker.py threads N     # our reply p50 and 16-caller throughput

Prints one JSON object. GLUTEQA_THREADS chooses our threads; the floor uses 2 (the default).
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.evaluation import load_questions

QUESTIONS = [q.question for name in ("dev", "heldout") for q in load_questions(ROOT / "eval" / f"{name}.jsonl")]


def questions(n: int) -> list[str]:
    return (QUESTIONS * (n // len(QUESTIONS) + 1))[:n]


def timed(fn, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> dict:
    ms = np.asarray(times) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": len(times)}


def floor(n: int) -> dict:
    from retrieval.pipeline import load_checked_index
    from retrieval.reference import SentenceTransformerEmbedder
    from retrieval.settings import Settings

    model = SentenceTransformerEmbedder.load(threads=2)._model
    flat = load_checked_index(Settings()).faiss_index

    def run(question: str) -> None:
        vector = model.encode([question], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        flat.search(vector, 5)

    timed(run, questions(20))
    return {"floor": summary(timed(run, questions(n)))}


def ours(n: int) -> dict:
    from retrieval.answer import Composer
    from retrieval.pipeline import open_engine
    from retrieval.settings import load_settings

    composer = Composer(open_engine(load_settings()).searcher())
    search = composer.searcher.search
    timed(composer.reply, questions(20))
    return {
        "encode": summary(timed(lambda q: composer.searcher.embedder.embed_queries([q]), questions(n))),
        "search": summary(timed(search, questions(n))),
        "reply": summary(timed(composer.reply, questions(n))),
        "torch_loaded": "torch" in sys.modules,
    }


def threads(n: int) -> dict:
    from retrieval.answer import Composer
    from retrieval.pipeline import open_engine
    from retrieval.settings import load_settings

    composer = Composer(open_engine(load_settings()).searcher())
    timed(composer.reply, questions(20))
    result = summary(timed(composer.reply, questions(n)))
    batch = questions(max(n, 64))
    started = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(composer.reply, batch))
    return {**result, "replies_per_s_16_callers": len(batch) / (time.perf_counter() - started)}


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps({"floor": floor, "ours": ours, "threads": threads}[kind](count)))
