"""Offline retrieval-quality evaluation on a labelled question file.

Question file: JSONL, one object per line:
    {"id": str, "kind": "answerable"|"out_of_scope"|"red_flag", "question": str,
     "expected": [str, ...], "history": [str, ...] (optional, earlier user messages)}
A passage is relevant when it contains any expected phrase (case-insensitive,
whitespace collapsed, typographic quotes folded).

Metrics are pure functions over plain lists; nothing here mutates its inputs.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import Chunk
from .embedding import Embedder
from .errors import QuestionFileError
from .followup import follow_up_context
from .index import Index
from .search import SearchConfig, Searcher, normalize_text

KINDS = ("answerable", "out_of_scope", "red_flag")
METRICS = ("Hit@1", "Hit@3", "MRR@5", "nDCG@5", "Recall@5")


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


# --- metrics over one ranked list of relevance flags (BEIR names) -------------------------


def hit_at(relevant: Sequence[bool], k: int) -> float:
    return 1.0 if any(relevant[:k]) else 0.0


def mrr_at(relevant: Sequence[bool], k: int) -> float:
    for rank, flag in enumerate(relevant[:k], start=1):
        if flag:
            return 1.0 / rank
    return 0.0


def ndcg_at(relevant: Sequence[bool], k: int, total_relevant: int) -> float:
    dcg = sum(1.0 / math.log2(rank + 1) for rank, flag in enumerate(relevant[:k], start=1) if flag)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, total_relevant) + 1))
    return dcg / ideal if ideal else 0.0


def recall_at(relevant: Sequence[bool], k: int, total_relevant: int) -> float:
    return sum(relevant[:k]) / total_relevant if total_relevant else 0.0


def ranking_metrics(relevant: Sequence[bool], total_relevant: int) -> dict[str, float]:
    return {
        "Hit@1": hit_at(relevant, 1),
        "Hit@3": hit_at(relevant, 3),
        "MRR@5": mrr_at(relevant, 5),
        "nDCG@5": ndcg_at(relevant, 5, total_relevant),
        "Recall@5": recall_at(relevant, 5, total_relevant),
    }


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


# --- abstention threshold -----------------------------------------------------------------


@dataclass(frozen=True)
class SweepRow:
    threshold: float
    answerable_kept: float  # share of answerable questions not abstained
    out_of_scope_rejected: float  # share of out-of-scope questions abstained


@dataclass(frozen=True)
class Sweep:
    rows: tuple[SweepRow, ...]
    chosen: float


def sweep_thresholds(answerable: Sequence[float], out_of_scope: Sequence[float], decimals: int = 2) -> Sweep:
    """Candidate thresholds between observed relevance scores, and the chosen one.

    Chosen: the threshold that gets the most questions right (answerable kept plus
    out-of-scope rejected); among equals, the middle of the widest such interval, rounded
    to ``decimals`` so the shipped constant stays readable and the margin stays wide.
    """
    if not answerable or not out_of_scope:
        raise ValueError("the sweep needs both answerable and out-of-scope questions")
    scores = sorted(set(answerable) | set(out_of_scope))
    edges = [scores[0] - 0.05] + [(a + b) / 2 for a, b in itertools.pairwise(scores)] + [scores[-1] + 0.05]

    def row(t: float) -> SweepRow:
        return SweepRow(
            threshold=t,
            answerable_kept=sum(s >= t for s in answerable) / len(answerable),
            out_of_scope_rejected=sum(s < t for s in out_of_scope) / len(out_of_scope),
        )

    def correct(t: float) -> int:
        return sum(s >= t for s in answerable) + sum(s < t for s in out_of_scope)

    best = max(correct(t) for t in edges)
    # Widest interval of scores between which every threshold is optimal.
    best_interval = (0.0, 0.0)
    for low, high in itertools.pairwise(scores):
        mid = (low + high) / 2
        if correct(mid) == best and high - low > best_interval[1] - best_interval[0]:
            best_interval = (low, high)
    if best_interval == (0.0, 0.0):
        chosen = next(t for t in edges if correct(t) == best)
    else:
        chosen = (best_interval[0] + best_interval[1]) / 2
    chosen = round(chosen, decimals)
    if correct(chosen) < best:  # rounding stepped over a score; keep the exact midpoint
        chosen = (best_interval[0] + best_interval[1]) / 2
    grid = sorted({round(t, decimals) for t in edges} | {chosen})
    return Sweep(rows=tuple(row(t) for t in grid), chosen=chosen)


# --- running a retriever over a question set ----------------------------------------------


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
    vectors = embedder.embed([c.text for c in chunks])
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
    return Searcher(baseline_index, embedder, SearchConfig(retriever="dense", chunk_weight=1.0, sentence_weight=0.0))


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

    from .chunking import ChunkerConfig
    from .index import build_index, load_index

    variants: list[tuple[str, Searcher]] = [("shipped (450-char chunks, blend)", searcher)]
    for size in ABLATION_CHUNK_SIZES:
        config = ChunkerConfig(max_chars=size)
        with tempfile.TemporaryDirectory() as tmp:
            build_index(corpus_dir, Path(tmp) / "index", searcher.embedder, config)
            index = load_index(
                Path(tmp) / "index", corpus_dir=corpus_dir, config=config, model_sha256=searcher.embedder.weights_sha256
            )
        variants.append((f"{size}-char chunks", Searcher(index, searcher.embedder, searcher.config)))
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


# --- report ---------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def render_markdown(evaluations: Sequence[Evaluation], shipped_threshold: float, plot_name: str | None = None) -> str:
    lines = ["# Retrieval quality report", ""]
    lines.append(
        "Produced by `python -m retrieval evaluate --compare --ablations --report eval/report "
        "--questions eval/dev.jsonl --questions eval/heldout.jsonl`. "
        "The dev set tunes chunking, weights and the abstention threshold; the held-out set is never tuned on."
    )
    lines.append("")
    if plot_name:
        lines += [f"![score distributions and Hit@k]({plot_name})", ""]
    for ev in evaluations:
        c = ev.counts
        lines += [
            f"## {Path(ev.questions_path).name}",
            "",
            f"{c['answerable']} answerable ({c['follow_up']} follow-ups), {c['out_of_scope']} out of scope, {c['red_flag']} red flag.",
            "",
            "| retriever | " + " | ".join(METRICS) + " | out-of-scope abstained | answerable abstained |",
            "|---|" + "---|" * (len(METRICS) + 2),
        ]
        for run in ev.runs:
            m, a = run.metrics(), run.abstention()
            lines.append(
                f"| {run.name} | "
                + " | ".join(_fmt(m[k]) for k in METRICS)
                + f" | {_fmt(a['out_of_scope_abstained'])} | {_fmt(a['answerable_abstained'])} |"
            )
        if ev.ablations:
            lines += [
                "",
                f"### Ablations on {Path(ev.questions_path).name} (hybrid, one change at a time)",
                "",
                "| configuration | chunks | "
                + " | ".join(METRICS)
                + " | out-of-scope abstained | answerable abstained |",
                "|---|---|" + "---|" * (len(METRICS) + 2),
            ]
            for ablation in ev.ablations:
                m, a = ablation.run.metrics(), ablation.run.abstention()
                lines.append(
                    f"| {ablation.name} | {ablation.chunks} | "
                    + " | ".join(_fmt(m[k]) for k in METRICS)
                    + f" | {_fmt(a['out_of_scope_abstained'])} | {_fmt(a['answerable_abstained'])} |"
                )
        if ev.red_flags:
            rf = ev.red_flags
            lines += [
                "",
                f"Red-flag recall (reply composer): {_fmt(rf['red_flag_recall'])}; missed: {rf['missed'] or 'none'}; false alarms: {rf['false_alarms'] or 'none'}.",
            ]
        shipped = ev.shipped
        sweep = shipped.sweep()
        lines += ["", f"### Misses of `{shipped.name}` (rank of the first relevant passage in the top 5)", ""]
        misses = shipped.misses()
        lines += [
            f"- {o.id} rank {o.first_relevant_rank or '>5'}{' (abstained)' if o.abstained else ''}: {o.question}"
            for o in misses
        ] or ["- none"]
        wrong = shipped.wrongly_answered()
        lines += ["", "Out-of-scope questions answered instead of abstaining:", ""]
        lines += [f"- {o.id} relevance {o.relevance:.3f}: {o.question}" for o in wrong] or ["- none"]
        lines += [
            "",
            f"### Abstention threshold sweep (`{shipped.name}`, relevance = best sentence cosine)",
            "",
            f"Chosen on this file: **{sweep.chosen:.3f}**; shipped (`ABSTAIN_BELOW`): **{shipped_threshold:.3f}**.",
            "",
            "| threshold | answerable kept | out-of-scope rejected |",
            "|---|---|---|",
        ]
        lines += [
            f"| {row.threshold:.3f}{' (chosen)' if row.threshold == sweep.chosen else ''} | {row.answerable_kept:.3f} | {row.out_of_scope_rejected:.3f} |"
            for row in sweep.rows
        ]
        lines.append("")
    return "\n".join(lines) + "\n"


def plot_report(evaluations: Sequence[Evaluation], shipped_threshold: float, path: Path) -> None:
    """Left: relevance of answerable vs out-of-scope questions with the threshold.
    Right: Hit@1, Hit@3 and MRR@5 per retriever, per question file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 6))
    rng = np.random.default_rng(0)  # jitter only; fixed so the plot is reproducible
    for row, ev in enumerate(evaluations):
        for kind, colour, marker in (("answerable", "tab:green", "o"), ("out_of_scope", "tab:red", "x")):
            scores = [o.relevance for o in ev.shipped.of_kind(kind)]
            y = row + (0.15 if kind == "answerable" else -0.15) + rng.uniform(-0.08, 0.08, len(scores))
            left.scatter(
                scores, y, c=colour, marker=marker, s=28, alpha=0.8, label=kind.replace("_", " ") if row == 0 else None
            )
    left.axvline(shipped_threshold, color="black", linestyle="--", label=f"threshold {shipped_threshold:.2f}")
    left.set_yticks(range(len(evaluations)), [Path(ev.questions_path).stem for ev in evaluations])
    left.set_xlabel("relevance (best sentence cosine)")
    left.set_title(f"Abstention: {evaluations[0].shipped.name}")
    left.legend(loc="lower right", fontsize=8)

    names = [run.name for run in evaluations[0].runs]
    metrics = ("Hit@1", "Hit@3", "MRR@5")
    colours = ("tab:blue", "tab:orange", "tab:green", "tab:gray", "tab:purple")
    width = 0.8 / (len(names) * len(evaluations))
    for e_i, ev in enumerate(evaluations):
        for r_i, run in enumerate(ev.runs):
            values = run.metrics()
            offset = (r_i * len(evaluations) + e_i) * width - 0.4 + width / 2
            right.bar(
                [m + offset for m in range(len(metrics))],
                [values[k] for k in metrics],
                width,
                color=colours[r_i % len(colours)],
                hatch="//" if e_i else None,
                edgecolor="white" if e_i else None,
                label=f"{run.name}, {Path(ev.questions_path).stem}",
            )
    right.set_xticks(range(len(metrics)), metrics)
    right.set_ylim(0, 1.05)
    right.set_title("Ranking quality per retriever (hatched: held-out)")
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(evaluations: Sequence[Evaluation], shipped_threshold: float, directory: Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plot_report(evaluations, shipped_threshold, directory / "scores.png")
    report = directory / "report.md"
    report.write_text(render_markdown(evaluations, shipped_threshold, "scores.png"), encoding="utf-8")
    (directory / "report.json").write_text(
        json.dumps([ev.to_json() for ev in evaluations], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return report
