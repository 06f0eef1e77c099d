"""The inspect view: for one question, what every stage decided and why. For people testing
retrieval (the app's "Inspect" tab); the chat itself never shows this.

:func:`inspect` returns plain data (JSON-ready), :func:`inspection_markdown` renders it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .answer import Composer
from .answerability import DECLINE_BELOW, FOCAL_DECLINE_BELOW, STRONG_FROM
from .followup import follow_up_context
from .render import escape_markdown
from .safety import detect, find_red_flags
from .search import RESCUE_ANSWERED, RESCUE_MARGIN
from .text import normalize_text

SIGNALS = ("chunk", "sentence", "lexical", "question", "rare")


def inspect(composer: Composer, message: str, history: Sequence[str] = (), top_k: int = 5) -> dict:
    """Search, answerability and red flags for ``message``, with each decision's inputs."""
    searcher = composer.searcher
    text = normalize_text(message) if isinstance(message, str) else ""
    if not any(ch.isalnum() for ch in text):
        return {"question": message, "reply_kind": "invalid"}
    prepared = searcher.prepare(text)
    context = follow_up_context(text, history)
    result = searcher.search(text, top_k=top_k, context=context)
    verdict = composer.judge.judge(prepared.text, result)
    reply = composer.reply(message, history)
    return {
        "question": message,
        "searched": prepared.text,
        "corrections": [list(c) for c in prepared.corrections],
        "follow_up_of": list(context),
        "reply_kind": reply.kind,
        "red_flags": {
            "exact": [r.id for r in find_red_flags(text)],
            "both_layers": [r.id for r in detect(text, composer.matcher)],
        },
        "abstention": {
            "relevance": result.relevance,
            "threshold": searcher.config.threshold,
            "rare_terms": list(result.rare_terms),
            "rescue": {"answered_at_least": RESCUE_ANSWERED, "margin_at_least": RESCUE_MARGIN},
            "abstained": result.abstained,
        },
        "answerability": {
            "answered_evidence": result.answered_evidence,
            "unanswered_evidence": result.unanswered_evidence,
            "margin": result.evidence_margin,
            "decline_below": DECLINE_BELOW,
            "focal_words": composer.judge.focal(prepared.text),
            "focal_decline_below": FOCAL_DECLINE_BELOW,
            "strong_from": STRONG_FROM,
            "nearest_not_covered": result.uncovered.to_dict() if result.uncovered else None,
            "nearest_similarity": result.uncovered_similarity,
            "answerable": verdict.answerable,
            "strong": verdict.strong,
            "reason": verdict.reason,
            "missing_topic": verdict.missing_topic,
        },
        "hits": [
            {
                "rank": hit.rank,
                "score": hit.score,
                "signals": dict(hit.signals),
                "article": hit.article.get("publisher"),
                "section": hit.chunk.section or "Introduction",
                "sentence": hit.chunk.sentence_texts()[hit.best_sentence],
                "sentence_score": hit.sentence_score,
            }
            for hit in result.hits
        ],
    }


def _number(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else escape_markdown(str(value))


def inspection_markdown(data: dict) -> str:
    if data.get("reply_kind") == "invalid":
        return "Type a question to inspect."
    a, b = data["abstention"], data["answerability"]
    lines = [
        f"**Reply kind:** `{data['reply_kind']}` · **searched:** {escape_markdown(data['searched'])}"
        + (f" · **follow-up of:** {escape_markdown(data['follow_up_of'][0])}" if data["follow_up_of"] else ""),
        "",
        f"**Red flags:** exact phrases {data['red_flags']['exact'] or 'none'}, both layers "
        f"{data['red_flags']['both_layers'] or 'none'}",
        "",
        f"**Abstention:** best sentence cosine {_number(a['relevance'])} against {_number(a['threshold'])}; "
        f"rare terms {a['rare_terms'] or 'none'}; abstained: **{a['abstained']}**",
        "",
        f"**Answerability:** nearest answered texts {_number(b['answered_evidence'])}, nearest not-covered "
        f"questions {_number(b['unanswered_evidence'])}, margin **{_number(b['margin'])}** (declines below "
        f"{b['decline_below']}, or below {b['focal_decline_below']} with words the articles never use: "
        f"{b['focal_words'] or 'none'}; 'In short:' from {b['strong_from']}). Verdict: **{b['reason']}**"
        + (f", missing topic: {escape_markdown(b['missing_topic'])}" if b["missing_topic"] else ""),
        "",
        "| rank | score | " + " | ".join(SIGNALS) + " | passage | answering sentence |",
        "|---|---|" + "---|" * len(SIGNALS) + "---|---|",
    ]
    for hit in data["hits"]:
        cells = [_number(hit["signals"][s]) if s in hit["signals"] else "" for s in SIGNALS]
        lines.append(
            f"| {hit['rank']} | {_number(hit['score'])} | "
            + " | ".join(cells)
            + f" | {escape_markdown(hit['article'] or '')} · {escape_markdown(hit['section'])} | "
            f"{escape_markdown(hit['sentence'])} |"
        )
    return "\n".join(lines)
