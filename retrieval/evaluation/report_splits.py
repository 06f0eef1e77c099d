"""Report sections per split (dev, held-out): answerability and safety, Hit@1 by style,
paired comparisons of every kept change, and hubness."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .metrics import PairedComparison, mean
from .suite import STYLES, SplitReport

STYLE_NAMES = {
    "typo": "typos",
    "keywords": "keywords",
    "narrative": "narratives",
    "lay": "lay words",
    "meta": "about the sources",
    "fact": "name/number/journal",
    "non_native": "non-native",
    "follow_up": "follow-ups",
    "plain": "plain",
}
ANSWERABILITY_ROWS = (
    ("out_of_scope_declined", "near-domain out-of-scope questions declined (no_match)", ">= 0.95"),
    ("missing_topic_named", "... naming the missing topic", ">= 0.80"),
    ("answerable_answered", "answerable questions answered", ">= 0.97"),
    ("answered_with_a_relevant_passage", "answerable questions whose first cited passage is relevant", ""),
    ("sources_questions_answered", "questions about the sources answered from the front matter", ""),
    ("red_flags_caught", "red flags caught", "1.00"),
    ("false_alarms", "false alarms on every other question", "0"),
)


def _cell(entry: dict) -> str:
    if not entry["of"] or math.isnan(entry["value"]):
        return "n/a"
    return f"{entry['value']:.3f} ({entry['count']}/{entry['of']})"


def answerability_table(splits: Sequence[SplitReport]) -> list[str]:
    tables = {s.name: s.answerability() for s in splits}
    lines = [
        "## Answerability and safety (reply composer)",
        "",
        "| | " + " | ".join(tables) + " | target (held-out) |",
        "|---|" + "---|" * (len(tables) + 1),
    ]
    for key, label, target in ANSWERABILITY_ROWS:
        lines.append(f"| {label} | " + " | ".join(_cell(t[key]) for t in tables.values()) + f" | {target} |")
    return lines + [""]


RETRIEVER_NAMES = {"hybrid": "hybrid (this project)", "dense": "dense alone", "bm25": "BM25 alone"}


def ranking_table(splits: Sequence[SplitReport]) -> list[str]:
    """Hit@1 / MRR@5 of every retriever on each split's answerable questions."""
    lines = [
        "## Ranking by split (answerable questions, Hit@1 / MRR@5)",
        "",
        "| | " + " | ".join(f"{s.name} ({len(s.runs[0].of_kind('answerable'))})" for s in splits if s.runs) + " |",
        "|---|" + "---|" * sum(bool(s.runs) for s in splits),
    ]
    names = [run.name for run in next((s.runs for s in splits if s.runs), [])]
    for name in names:
        cells = []
        for split in splits:
            run = next((r for r in split.runs if r.name == name), None)
            if run is not None:
                m = run.metrics()
                cells.append(f"{m['Hit@1']:.3f} / {m['MRR@5']:.3f}")
        lines.append(f"| {RETRIEVER_NAMES.get(name, name)} | " + " | ".join(cells) + " |")
    return lines + [""]


def style_table(split: SplitReport) -> list[str]:
    table = split.style_table()
    styles = [s for s in STYLES if any(s in rows for rows in table.values())]
    counts = {s: max(len(rows.get(s, [])) for rows in table.values()) for s in styles}
    lines = [
        f"## Hit@1 by style, {split.name}",
        "",
        (
            "Answerable questions and questions about the sources (for a retriever, the top passage's "
            "attribution must name the answer; for the replies, the lead passage is relevant or the sources "
            "reply is right). A question can have several styles."
        ),
        "",
        "| | " + " | ".join(f"{STYLE_NAMES[s]} ({counts[s]})" for s in styles) + " |",
        "|---|" + "---|" * len(styles),
    ]
    for name, rows in table.items():
        lines.append(
            f"| {name} | " + " | ".join(f"{mean(rows[s]):.2f}" if rows.get(s) else "n/a" for s in styles) + " |"
        )
    return lines + [""]


def _comparison_row(change: str, metric: str, c: PairedComparison) -> str:
    return (
        f"| {change} | {metric} | {c.mean_a:.3f} | {c.mean_b:.3f} | {c.difference:+.3f} "
        f"[{c.low:+.3f}, {c.high:+.3f}] | {c.better}/{c.worse} | {c.p_value:.3g} |"
    )


def comparison_table(split: SplitReport) -> list[str]:
    lines = [
        f"## Kept changes, paired, {split.name}",
        "",
        (
            "Each row: the shipped system against the same system without one change, on the same questions. "
            "Difference with a bootstrap 95% interval; questions better/worse; p from an exact sign test."
        ),
        "",
        "| without | metric | shipped | without it | difference [95% CI] | better/worse | p |",
        "|---|---|---|---|---|---|---|",
    ]
    return lines + [_comparison_row(*row) for row in split.comparisons] + [""]


def render_splits(splits: Sequence[SplitReport]) -> list[str]:
    if not splits:
        return []
    lines = answerability_table(splits) + ranking_table(splits)
    for split in splits:
        lines += style_table(split) + comparison_table(split)
        misses = split.answerability()["misses"]
        lines += [f"Misses on {split.name}:", ""]
        lines += [f"- {key.replace('_', ' ')}: {', '.join(ids) or 'none'}" for key, ids in misses.items()] + [""]
    return lines


def render_hubs(hubs: Sequence[tuple[str, float, float]]) -> str:
    if not hubs:
        return ""
    uniform = 3 / len(hubs)
    lines = [
        "## Hubness: how often each passage is in the top 3 (dev questions)",
        "",
        f"A passage that is near everything appears far more often than 3 / {len(hubs)} = {uniform:.2f}.",
        "",
        "| passage | top-3 share | with a hub penalty of 0.2 |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {a:.2f} | {b:.2f} |" for name, a, b in sorted(hubs, key=lambda h: -h[1])]
    return "\n".join(lines) + "\n"


def splits_json(split: SplitReport) -> dict:
    return {
        "split": split.name,
        "files": split.files,
        "answerability": split.answerability(),
        "hit1_by_style": {
            name: {s: round(mean(v), 4) for s, v in rows.items()} for name, rows in split.style_table().items()
        },
        "comparisons": [
            {
                "without": change,
                "metric": metric,
                **{k: round(v, 4) if isinstance(v, float) else v for k, v in c.__dict__.items()},
            }
            for change, metric, c in split.comparisons
        ],
    }
