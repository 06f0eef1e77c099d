"""Experiments: run retrievers, the naive baseline and ablations over a question file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..chunking import Chunk
from ..embedding import Embedder
from ..followup import follow_up_context
from ..index import Index
from ..search import SearchConfig, SearchEngine, Searcher
from .metrics import METRICS, Sweep, mean, ranking_metrics, sweep_thresholds
from .questions import KINDS, Question, is_relevant, load_questions


@dataclass(frozen=True)
class Outcome:
    """What one retriever did with one question."""

    id: str
    kind: str
    question: str
    relevance: float
    abstained: bool
    first_relevant_rank: int | None  # within top_k; None when no relevant passage came back
    metrics: dict  # ranking metrics (answerable questions only)


@dataclass(frozen=True)
class RetrieverRun:
    name: str
    threshold: float
    outcomes: tuple[Outcome, ...]

    def of_kind(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]

    def metrics(self) -> dict[str, float]:
        answerable = self.of_kind("answerable")
        return {name: mean([o.metrics[name] for o in answerable]) for name in METRICS}

    def abstention(self) -> dict[str, float]:
        oos, answerable = self.of_kind("out_of_scope"), self.of_kind("answerable")
        return {
            "out_of_scope_abstained": mean([float(o.abstained) for o in oos]),
            "answerable_abstained": mean([float(o.abstained) for o in answerable]),
        }

    def misses(self) -> list[Outcome]:
        """Answerable questions whose best passage was not relevant, or that abstained."""
        return [o for o in self.of_kind("answerable") if o.first_relevant_rank != 1 or o.abstained]

    def wrongly_answered(self) -> list[Outcome]:
        return [o for o in self.of_kind("out_of_scope") if not o.abstained]

    def sweep(self) -> Sweep:
        return sweep_thresholds(
            [o.relevance for o in self.of_kind("answerable")],
            [o.relevance for o in self.of_kind("out_of_scope")],
        )


def run_retriever(
    searcher: Searcher, questions: Sequence[Question], top_k: int = 5, name: str | None = None
) -> RetrieverRun:
    """Search every answerable and out-of-scope question the way the chat would
    (follow-ups with their context) and score the ranking."""
    outcomes = []
    for q in questions:
        if q.kind == "red_flag":
            continue  # judged by the reply composer, see red_flag_recall
        result = searcher.search(q.question, top_k=top_k, context=follow_up_context(q.question, q.history))
        metrics: dict = {}
        first = None
        if q.kind == "answerable":
            relevant = [is_relevant(hit.chunk.text, q.expected) for hit in result.hits]
            total = sum(is_relevant(chunk.text, q.expected) for chunk in searcher.index.chunks)
            metrics = ranking_metrics(relevant, total)
            first = relevant.index(True) + 1 if any(relevant) else None
        outcomes.append(Outcome(q.id, q.kind, q.question, result.relevance, result.abstained, first, metrics))
    return RetrieverRun(name or searcher.config.retriever, searcher.config.threshold, tuple(outcomes))


def red_flag_recall(questions: Sequence[Question], flags: Callable[[str, Sequence[str]], bool]) -> dict:
    """Share of red-flag questions that ``flags`` catches, and its false alarms elsewhere."""
    red = [q for q in questions if q.kind == "red_flag"]
    others = [q for q in questions if q.kind != "red_flag"]
    missed = [q.id for q in red if not flags(q.question, q.history)]
    false_alarms = [q.id for q in others if flags(q.question, q.history)]
    return {
        "red_flag_recall": (len(red) - len(missed)) / len(red) if red else float("nan"),
        "missed": missed,
        "false_alarms": false_alarms,
    }


# --- the naive baseline: 500-character chunks, dense only ----------------------------------


def recursive_character_split(
    text: str, size: int = 500, overlap: int = 50, separators: Sequence[str] = ("\n\n", "\n", " ", "")
) -> list[str]:
    """Split like LangChain's RecursiveCharacterTextSplitter (its defaults): cut on the
    first separator present, recurse into pieces still too long, merge neighbours up to
    ``size`` characters carrying up to ``overlap`` characters into the next chunk."""
    if size <= overlap:
        raise ValueError(f"size ({size}) must be larger than overlap ({overlap})")
    separator = next((s for s in separators if s == "" or s in text), "")
    rest = separators[separators.index(separator) + 1 :] if separator in separators else ()
    pieces = [p for p in (text.split(separator) if separator else list(text)) if p]
    chunks: list[str] = []
    current: list[str] = []

    def joined(parts: list[str]) -> str:
        return separator.join(parts).strip()

    def length(parts: list[str]) -> int:
        return sum(map(len, parts)) + len(separator) * max(len(parts) - 1, 0)

    for piece in pieces:
        if len(piece) > size:
            if current:
                chunks.append(joined(current))
                current = []
            chunks.extend(recursive_character_split(piece, size, overlap, rest) if rest else [piece])
            continue
        if current and length(current + [piece]) > size:
            chunks.append(joined(current))
            while current and (length(current) > overlap or length(current + [piece]) > size):
                current.pop(0)
        current.append(piece)
    if current:
        chunks.append(joined(current))
    return [c for c in chunks if c]


def naive_baseline(
    index: Index, articles: Sequence, embedder: Embedder, size: int = 500, overlap: int = 50
) -> Searcher:
    """A typical "LangChain + FAISS" Space: fixed 500-character chunks of each article,
    no headings, no sentences, no BM25, chunk cosine only."""
    import faiss

    chunks: list[Chunk] = []
    for article in articles:
        cursor = 0
        for i, text in enumerate(recursive_character_split(article.body, size, overlap)):
            start = article.body.find(text, max(cursor - overlap - 1, 0))
            start = start if start >= 0 else article.body.find(text)
            cursor = start + len(text)
            chunks.append(
                Chunk(f"{article.id}:naive{i:02d}", article.id, i, None, start, cursor, text, ((start, cursor),))
            )
    vectors = embedder.embed_passages([c.text for c in chunks])
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    baseline_index = Index(
        manifest={},
        articles=index.articles,
        chunks=tuple(chunks),
        faiss_index=flat,
        chunk_vectors=vectors,
        sentence_vectors=vectors,  # one "sentence" per chunk: the chunk itself
        sentence_rows=tuple(range(len(chunks) + 1)),
    )
    return SearchEngine(baseline_index, embedder).searcher(
        SearchConfig(retriever="dense", chunk_weight=1.0, sentence_weight=0.0)
    )


BASELINE_NAME = "naive (500-char chunks, dense)"


# --- ablations: the shipped configuration with one thing changed ------------------------------

ABLATION_CHUNK_SIZES = (250, 350, 550, 700)


@dataclass(frozen=True)
class Ablation:
    name: str
    chunks: int
    run: RetrieverRun


def run_ablations(
    searcher: Searcher, questions: Sequence[Question], corpus_dir: Path, top_k: int = 5
) -> list[Ablation]:
    """Hybrid search with one change at a time, to show what each part is worth. Other
    chunk sizes are built into temporary indexes with the same model."""
    import tempfile

    from ..chunking import ChunkerConfig
    from ..index import build_index, load_index

    variants: list[tuple[str, Searcher]] = [("shipped (450-char chunks, blend)", searcher)]
    for size in ABLATION_CHUNK_SIZES:
        config = ChunkerConfig(max_chars=size)
        with tempfile.TemporaryDirectory() as tmp:
            build_index(corpus_dir, Path(tmp) / "index", searcher.embedder, config)
            index = load_index(
                Path(tmp) / "index", corpus_dir=corpus_dir, config=config, model_sha256=searcher.embedder.weights_sha256
            )
        variants.append((f"{size}-char chunks", SearchEngine(index, searcher.embedder).searcher(searcher.config)))
    variants += [
        ("reciprocal-rank fusion instead of the blend", searcher.with_config(fusion="rrf")),
        ("without the best-sentence signal", searcher.with_config(sentence_weight=0.0)),
        ("without the chunk signal", searcher.with_config(chunk_weight=0.0)),
        ("without BM25", searcher.with_config(lexical_weight=0.0)),
        ("follow-ups: previous question ignored", searcher.with_config(context_weight=0.0)),
        ("follow-ups: previous question at full weight", searcher.with_config(context_weight=1.0)),
    ]
    return [
        Ablation(name, len(s.index.chunks), run_retriever(s, questions, top_k, name="hybrid")) for name, s in variants
    ]


# --- one evaluation = several retrievers over one question file ----------------------------


@dataclass(frozen=True)
class Evaluation:
    questions_path: str
    counts: dict
    runs: tuple[RetrieverRun, ...]  # the shipped retriever first
    red_flags: dict | None
    ablations: tuple[Ablation, ...] = ()

    @property
    def shipped(self) -> RetrieverRun:
        return self.runs[0]

    def to_json(self) -> dict:
        def outcome(o: Outcome) -> dict:
            return {
                "id": o.id,
                "question": o.question,
                "rank": o.first_relevant_rank,
                "relevance": round(o.relevance, 4),
                "abstained": o.abstained,
            }

        sweep = self.shipped.sweep()
        return {
            "questions": self.questions_path,
            "counts": self.counts,
            "retrievers": {
                run.name: {
                    **{k: round(v, 4) for k, v in run.metrics().items()},
                    **{k: round(v, 4) for k, v in run.abstention().items()},
                    "threshold": run.threshold,
                    "misses": [outcome(o) for o in run.misses()],
                    "out_of_scope_answered": [outcome(o) for o in run.wrongly_answered()],
                }
                for run in self.runs
            },
            "threshold_sweep": {
                "retriever": self.shipped.name,
                "chosen": sweep.chosen,
                "rows": [row.__dict__ for row in sweep.rows],
            },
            "red_flags": self.red_flags,
            "ablations": [
                {
                    "name": a.name,
                    "chunks": a.chunks,
                    **{k: round(v, 4) for k, v in (a.run.metrics() | a.run.abstention()).items()},
                }
                for a in self.ablations
            ],
        }


def count_kinds(questions: Sequence[Question]) -> dict:
    counts = {kind: sum(q.kind == kind for q in questions) for kind in KINDS}
    counts["follow_up"] = sum(bool(q.history) for q in questions)
    return counts


def evaluate(
    searcher: Searcher,
    questions_path: Path,
    *,
    top_k: int = 5,
    retrievers: Sequence[str] = ("hybrid",),
    baseline: Searcher | None = None,
    red_flag: Callable[[str, Sequence[str]], bool] | None = None,
    ablations_from: Path | None = None,
) -> Evaluation:
    """Run the named retrievers (and the naive baseline, if given) over one question file;
    with ``ablations_from`` (the corpus directory), also the ablations."""
    questions = load_questions(questions_path)
    runs = [run_retriever(searcher.with_config(retriever=name), questions, top_k) for name in retrievers]
    if baseline is not None:
        runs.append(run_retriever(baseline, questions, top_k, name=BASELINE_NAME))
    flags = red_flag_recall(questions, red_flag) if red_flag else None
    ablations = tuple(run_ablations(searcher, questions, ablations_from, top_k)) if ablations_from else ()
    return Evaluation(str(questions_path), count_kinds(questions), tuple(runs), flags, ablations)
