"""Compose a chat reply from (message, history). UI-independent: the app and the CLI only
show the :class:`Reply` this returns.

Routing, in order: unusable input -> invalid; red flags -> an urgent notice first; small
talk; then search -> no_match or answer. Passage choice lives in ``selection.py``, all
Markdown in ``render.py``. Every reply ends with the disclaimer; the lead and the passages
are the articles' own words, never paraphrased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import QueryError
from .followup import follow_up_context
from .render import Wording, escape_markdown, examples_markdown, topics_markdown
from .safety import find_red_flags, urgent_notice
from .search import Searcher, SearchResult
from .selection import Passage, lead_of, select_passages
from .smalltalk import smalltalk_kind
from .text import mostly_non_latin, normalize_text

KINDS = ("answer", "no_match", "red_flag", "smalltalk", "invalid")

MAX_PASSAGES = 3
# After a red-flag notice, passages follow only when the question is clearly about what the
# articles cover; otherwise they are noise next to an emergency ("crushing chest pain"
# scores 0.42, "lost bladder control and my back hurts, should I get a massage?" 0.63).
RED_FLAG_PASSAGES_FROM = 0.50


@dataclass(frozen=True)
class Reply:
    query: str
    kind: str
    lead: str | None
    passages: tuple[Passage, ...]
    markdown: str
    disclaimer: str

    def to_json(self) -> dict:
        """The JSON of ``ask --json``; passages use the ``search --json`` hit objects."""
        return {
            "query": self.query,
            "kind": self.kind,
            "lead": self.lead,
            "passages": [p.hit.to_json() for p in self.passages],
            "disclaimer": self.disclaimer,
            "markdown": self.markdown,
        }


class Composer:
    """Turns (message, history) into a :class:`Reply` using a :class:`Searcher`."""

    def __init__(self, searcher: Searcher, max_passages: int = MAX_PASSAGES) -> None:
        if not isinstance(max_passages, int) or max_passages < 1:
            raise ValueError(f"max_passages must be an int >= 1, got {max_passages!r}")
        self.searcher = searcher
        self.max_passages = max_passages
        index = searcher.index
        self.wording = Wording(len(index.articles))
        sections: dict[str, list[str]] = {}
        for chunk in index.chunks:
            headings = sections.setdefault(chunk.article_id, [])
            if chunk.section and chunk.section not in headings:
                headings.append(chunk.section)
        self.topics = topics_markdown(index.articles, sections)

    def reply(self, message: object, history: Sequence[str] = ()) -> Reply:
        query = message if isinstance(message, str) else ""
        text = normalize_text(query)
        if not any(ch.isalnum() for ch in text):
            return self._finish(query, "invalid", [self._invalid_text()])

        flags = find_red_flags(text)
        talk = smalltalk_kind(text)
        if talk and not flags:
            return self._finish(query, "smalltalk", [self._smalltalk_text(talk)])

        try:
            result = self.searcher.search(
                text, top_k=max(self.max_passages * 2, 5), context=follow_up_context(text, history)
            )
        except QueryError:
            return self._finish(query, "invalid", [self._invalid_text()])
        notes = ["_Your message was long, so I searched its first part._"] if result.truncated else []

        if flags:
            blocks = [f"🚨 **{escape_markdown(urgent_notice(flags))}**"]
            passages: tuple[Passage, ...] = ()
            if all(rule.show_passages for rule in flags) and result.relevance >= RED_FLAG_PASSAGES_FROM:
                passages = self._passages(result)[:2]
                if passages:
                    blocks.append("For background only, this is what the articles say:")
                    blocks += self.wording.passage_blocks(passages)
            return self._finish(query, "red_flag", blocks + notes, passages=passages)

        if result.abstained:
            return self._finish(query, "no_match", [self._no_match_text(text)] + notes)

        passages = self._passages(result)
        lead = lead_of(passages[0])
        blocks = [f"**In short:** “{escape_markdown(lead)}”"]
        corroborating = sum(p.corroborates for p in passages)
        if corroborating:
            blocks.append(f"**{self.wording.corroborated(corroborating + 1)}**")
        blocks += self.wording.passage_blocks(passages)
        return self._finish(query, "answer", blocks + notes, lead=lead, passages=passages)

    def _passages(self, result: SearchResult) -> tuple[Passage, ...]:
        return select_passages(result, self.searcher.index, self.searcher.config.threshold, self.max_passages)

    # --- canned text ---

    def _no_match_text(self, text: str) -> str:
        lines = [f"I couldn't find anything in {self.wording.the_articles} that answers this, so I won't guess."]
        if mostly_non_latin(text):
            lines.append("The articles are in English; asking in English may help.")
        lines += ["", "The articles cover:", self.topics, "", "You could ask, for example:", examples_markdown()]
        return "\n".join(lines)

    def _smalltalk_text(self, kind: str) -> str:
        examples = examples_markdown()
        if kind == "thanks":
            return "You're welcome! Ask me anything else about glute massage."
        if kind == "bye":
            return "Take care, and look after those glutes!"
        articles = self.wording.some_articles
        if kind == "capabilities":
            return (
                f"I answer questions about glute (butt) massage by quoting the most relevant passages from {articles}, "
                "with who wrote them and where. I don't write answers of my own. The articles cover:\n"
                f"{self.topics}\n\nTry for example:\n{examples}"
            )
        return f"Hi! Ask me anything about glute (butt) massage and I'll quote what {articles} say. For example:\n{examples}"

    def _invalid_text(self) -> str:
        return f"I didn't catch a question there. Please type a question about glute massage, for example:\n{examples_markdown()}"

    def _finish(
        self, query: str, kind: str, blocks: list[str], lead: str | None = None, passages: tuple[Passage, ...] = ()
    ) -> Reply:
        return Reply(
            query=query,
            kind=kind,
            lead=lead,
            passages=passages,
            markdown=self.wording.finish(blocks),
            disclaimer=self.wording.disclaimer,
        )
