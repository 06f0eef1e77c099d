"""The whole evaluation, per split: every question file of a split (dev: tuned on;
held-out: never tuned on) through the retrievers, the baseline and the reply composer, with
paired comparisons for every change kept since the first version."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..search import Searcher
from .experiments import RetrieverRun, run_retriever
from .metrics import PairedComparison, paired_comparison
from .questions import Question, load_questions
from .replies import ReplyOutcome, answerability_summary, run_replies

PROJECT_REPLY = "this project (reply)"
STYLES = ("typo", "keywords", "narrative", "lay", "meta", "fact", "non_native", "follow_up", "plain")


SPLITS = ("dev", "held-out", "blind")


def split_of(path: Path) -> str:
    """dev: tuned on; held-out: a third of a set, never tuned on; blind: whole sets written
    after the work they measure, never tuned on."""
    stem = Path(path).stem
    return "blind" if "blind" in stem else "held-out" if "heldout" in stem else "dev"


@dataclass
class SplitReport:
    name: str  # dev, held-out or blind
    files: list[str]
    replies: list[ReplyOutcome]
    runs: list[RetrieverRun]  # hybrid, dense, bm25, baseline over every file of the split
    comparisons: list[tuple[str, str, PairedComparison]] = field(default_factory=list)

    def answerability(self) -> dict:
        return answerability_summary(self.replies)

    def style_table(self) -> dict[str, dict[str, list[float]]]:
        """Hit@1 per style, per retriever, and for the replies themselves (the lead's passage
        is relevant, or the sources reply is right)."""
        table = {run.name: run.style_hits() for run in self.runs}
        replies: dict[str, list[float]] = {}
        for o in self.replies:
            if o.kind in ("answerable", "about_sources"):
                hit = bool(o.passage_relevant and o.correct) if o.kind == "answerable" else o.correct
                for style in o.styles:
                    replies.setdefault(style, []).append(float(hit))
        table[PROJECT_REPLY] = replies
        return table


def _hit1_scores(run: RetrieverRun) -> list[float]:
    return [float(o.first_relevant_rank == 1 and not o.abstained) for o in run.of_kind("answerable")]


def _reply_scores(outcomes: Sequence[ReplyOutcome], kinds: Sequence[str]) -> list[float]:
    return [float(o.correct) for o in outcomes if o.kind in kinds]


def run_split(
    name: str,
    paths: Sequence[Path],
    searcher: Searcher,
    baseline: Searcher | None,
    composers: dict[str, Callable],
) -> SplitReport:
    """``composers``: "shipped" and one entry per reply-level change ("without the
    answerability check", ...), each a reply(message, history) function."""
    questions: list[Question] = [q for path in paths for q in load_questions(path)]
    runs = [run_retriever(searcher.with_config(retriever=r), questions, name=r) for r in ("hybrid", "dense", "bm25")]
    if baseline is not None:
        from .baselines import BASELINE_NAME

        runs.append(run_retriever(baseline, questions, name=BASELINE_NAME))
    replies = run_replies(composers["shipped"], questions)
    report = SplitReport(name, [Path(p).name for p in paths], replies, runs)
    shipped_hits = _hit1_scores(runs[0])
    # a file of red flags alone has nothing to rank: no ranking comparison to make
    for change, variant in ranking_changes(searcher) if shipped_hits else ():
        other = _hit1_scores(run_retriever(variant, questions, name="hybrid"))
        report.comparisons.append((change, "Hit@1", paired_comparison(shipped_hits, other)))
    if baseline is not None and shipped_hits:
        report.comparisons.append(
            (
                "hybrid search vs the LangChain baseline",
                "Hit@1",
                paired_comparison(shipped_hits, _hit1_scores(runs[-1])),
            )
        )
    for change, kinds in (
        ("the answerability check", ("answerable", "out_of_scope")),
        ("the red-flag meaning layer", ("red_flag", "benign", "answerable", "out_of_scope", "about_sources")),
    ):
        key = f"without {change}"
        if key in composers and any(q.kind in kinds for q in questions):
            other = run_replies(composers[key], [q for q in questions if q.kind in kinds])
            report.comparisons.append(
                (change, "replies right", paired_comparison(_reply_scores(replies, kinds), _reply_scores(other, kinds)))
            )
    return report


def ranking_changes(searcher: Searcher) -> list[tuple[str, Searcher]]:
    """Each change to ranking kept since the first version, as the searcher without it."""
    return [
        ("spelling correction", searcher.with_config(spelling=False)),
        ("everyday-word mapping", searcher.with_config(lay_words=False)),
        ("rare-term evidence", searcher.with_config(rare_weight=0.0, rare_answers=False)),
        ("questions each sentence answers", searcher.with_config(question_weight=0.0)),
        ("ranking the article a question names first", searcher.with_config(named_article=False)),
        (
            "more context for a vague follow-up",
            searcher.with_config(vague_context_weight=searcher.config.context_weight),
        ),
    ]


def group_by_split(paths: Sequence[Path]) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(split_of(path), []).append(Path(path))
    return groups


def hub_shares(searcher: Searcher, questions: Sequence[Question], penalty: float) -> list[tuple[str, float, float]]:
    """Per passage: (section, share of questions with it in the top 3 as shipped, the same
    with ``penalty``): passages near everything show up far above 3 / passages."""
    from ..followup import follow_up_context

    asked = [q for q in questions if q.kind in ("answerable", "out_of_scope", "about_sources")]
    counts = [[0, 0] for _ in searcher.index.chunks]
    for column, variant in enumerate((searcher, searcher.with_config(hub_penalty=penalty))):
        for q in asked:
            for hit in variant.search(q.question, top_k=3, context=follow_up_context(q.question, q.history)).hits:
                counts[hit.position][column] += 1
    return [
        (
            f"{chunk.article_id.split('-')[0]} · {chunk.section or 'Introduction'} · {chunk.index}",
            a / len(asked),
            b / len(asked),
        )
        for chunk, (a, b) in zip(searcher.index.chunks, counts, strict=True)
    ]
