"""One call for the whole evaluation, as `python -m retrieval evaluate` runs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..answer import Composer
from ..corpus import load_corpus
from ..search import Searcher
from .baselines import naive_baseline
from .experiments import Evaluation, evaluate
from .questions import load_questions
from .suite import SPLITS, SplitReport, group_by_split, hub_shares, run_split

ORIGINAL_DEV = "dev.jsonl"  # the ablations run on the first version's dev file, as before


@dataclass
class Results:
    evaluations: list[Evaluation]
    splits: list[SplitReport]
    hubs: list[tuple[str, float, float]]


def evaluate_all(
    searcher: Searcher,
    paths: Sequence[Path],
    corpus_dir: Path,
    *,
    compare: bool = True,
    ablations: bool = False,
    top_k: int = 5,
) -> Results:
    """Every file on its own (retrievers, baseline, red flags, ablations on the original
    dev file), then every split as a whole (replies, styles, paired comparisons)."""
    composer = Composer(searcher)

    def red_flag(message: str, history: Sequence[str]) -> bool:  # measured through the reply composer
        return composer.reply(message, history).kind == "red_flag"

    baseline = naive_baseline(searcher.index, load_corpus(corpus_dir), searcher.embedder) if compare else None
    retrievers = ("hybrid", "dense", "bm25") if compare else (searcher.config.retriever,)
    evaluations = [
        evaluate(
            searcher,
            path,
            top_k=top_k,
            retrievers=retrievers,
            baseline=baseline,
            red_flag=red_flag,
            ablations_from=corpus_dir if ablations and Path(path).name == ORIGINAL_DEV else None,
        )
        for path in paths
    ]
    composers = {
        "shipped": composer.reply,
        "without the answerability check": Composer(searcher, check_answerability=False).reply,
        "without the red-flag meaning layer": Composer(searcher, red_flag_meaning=False).reply,
    }
    groups = group_by_split(paths)
    splits = [
        run_split(name, group, searcher, baseline, composers)
        for name, group in sorted(groups.items(), key=lambda g: SPLITS.index(g[0]))
    ]
    dev_questions = [q for path in groups.get("dev", []) for q in load_questions(path)]
    hubs = hub_shares(searcher, dev_questions, penalty=0.2) if compare and dev_questions else []
    return Results(evaluations, splits, hubs)
