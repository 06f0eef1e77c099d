"""Experiments: run retrievers, the naive baseline and ablations over a question file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..followup import follow_up_context
from ..search import Searcher
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
    styles: tuple[str, ...] = ()


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

    def style_hits(self) -> dict[str, list[float]]:
        """Hit@1 (0 or 1) per question, by style, over answerable questions and questions
        about the sources (for those, the top passage's attribution must name the answer)."""
        by_style: dict[str, list[float]] = {}
        for o in self.outcomes:
            if o.kind in ("answerable", "about_sources"):
                for style in o.styles:
                    by_style.setdefault(style, []).append(float(o.first_relevant_rank == 1))
        return by_style

    def sweep(self) -> Sweep | None:
        """The threshold sweep, or None for a file without both answerable and out-of-scope questions."""
        if not self.of_kind("answerable") or not self.of_kind("out_of_scope"):
            return None
        return sweep_thresholds(
            [o.relevance for o in self.of_kind("answerable")],
            [o.relevance for o in self.of_kind("out_of_scope")],
        )


def attribution_text(hit) -> str:
    """What a search result shows about its source: title, author, publisher, link."""
    article = hit.article
    return " ".join(str(article.get(k) or "") for k in ("title", "author", "publisher", "url"))


def run_retriever(
    searcher: Searcher, questions: Sequence[Question], top_k: int = 5, name: str | None = None
) -> RetrieverRun:
    """Search every answerable, out-of-scope and about-the-sources question the way the chat
    would (follow-ups with their context) and score the ranking."""
    outcomes = []
    for q in questions:
        if q.kind not in ("answerable", "out_of_scope", "about_sources"):
            continue  # red flags are judged through the reply composer
        result = searcher.search(q.question, top_k=top_k, context=follow_up_context(q.question, q.history))
        metrics: dict = {}
        first = None
        if q.kind == "answerable":
            relevant = [is_relevant(hit.chunk.text, q.expected) for hit in result.hits]
            total = sum(is_relevant(chunk.text, q.expected) for chunk in searcher.index.chunks)
            metrics = ranking_metrics(relevant, total)
            first = relevant.index(True) + 1 if any(relevant) else None
        elif q.kind == "about_sources":
            shown = [attribution_text(hit).casefold() for hit in result.hits]
            relevant = [all(e.casefold() in text for e in q.expected) for text in shown]
            first = relevant.index(True) + 1 if any(relevant) else None
        outcome = Outcome(q.id, q.kind, q.question, result.relevance, result.abstained, first, metrics, q.styles)
        outcomes.append(outcome)
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


# --- one evaluation = several retrievers over one question file ----------------------------


@dataclass(frozen=True)
class Evaluation:
    questions_path: str
    counts: dict
    runs: tuple[RetrieverRun, ...]  # the shipped retriever first
    red_flags: dict | None
    ablations: tuple = ()  # baselines.Ablation

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
            "threshold_sweep": None
            if sweep is None
            else {
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
    """Run the named retrievers (and the LangChain baseline, if given) over one question file;
    with ``ablations_from`` (the corpus directory), also the ablations."""
    questions = load_questions(questions_path)
    runs = [run_retriever(searcher.with_config(retriever=name), questions, top_k) for name in retrievers]
    if baseline is not None:
        from .baselines import BASELINE_NAME

        runs.append(run_retriever(baseline, questions, top_k, name=BASELINE_NAME))
    flags = red_flag_recall(questions, red_flag) if red_flag else None
    ablations = ()
    if ablations_from:
        from .baselines import run_ablations

        ablations = tuple(run_ablations(searcher, questions, ablations_from, top_k))
    return Evaluation(str(questions_path), count_kinds(questions), tuple(runs), flags, ablations)
