"""Compose a chat reply from (message, history). UI-independent: the app and the CLI only
show the :class:`Reply` this returns.

Routing, in order: unusable input -> invalid; red flags (exact phrases and meaning) -> an
urgent notice first; small talk; questions about the articles themselves -> sources; then
search and the answerability verdict -> no_match (naming what the articles don't cover) or
answer ("In short:" when the lead answers, "The closest the articles come:" when it only
comes near). Passage choice lives in ``selection.py``, Markdown in ``render.py``. Every reply
ends with the disclaimer; leads and passages are the articles' own words, never paraphrased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .answerability import Judge, Verdict
from .errors import QueryError
from .followup import follow_up_context
from .render import (
    SUGGESTED_QUESTIONS,
    Wording,
    author_blocks,
    authorship_line,
    escape_markdown,
    examples_markdown,
    sources_card,
    topics_markdown,
)
from .safety import SymptomMatcher, clauses, detect, find_red_flags, statement_key, urgent_notice
from .safety import prepare as prepare_for_safety
from .search import Searcher, SearchResult
from .selection import Passage, lead_of, select_passages
from .smalltalk import smalltalk_kind
from .sources import SourcesQuestion, sources_question
from .terms import tokens
from .text import mostly_non_latin, normalize_text

KINDS = ("answer", "no_match", "red_flag", "sources", "smalltalk", "invalid")

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
    missing_topic: str | None = None  # no_match: what the articles don't cover, when it can be named
    suggestions: tuple[str, ...] = ()  # example questions the reply lists (the page makes them buttons)

    def to_json(self) -> dict:
        """The JSON of ``ask --json``; passages use the ``search --json`` hit objects."""
        return {
            "query": self.query,
            "kind": self.kind,
            "lead": self.lead,
            "passages": [p.hit.to_json() for p in self.passages],
            "missing_topic": self.missing_topic,
            "disclaimer": self.disclaimer,
            "markdown": self.markdown,
        }


class Composer:
    """Turns (message, history) into a :class:`Reply` using a :class:`Searcher`."""

    def __init__(
        self,
        searcher: Searcher,
        max_passages: int = MAX_PASSAGES,
        *,
        check_answerability: bool = True,
        red_flag_meaning: bool = True,
    ) -> None:
        """``check_answerability`` and ``red_flag_meaning`` exist to measure what each is
        worth (the evaluation turns them off one at a time); both are on in the app."""
        if not isinstance(max_passages, int) or max_passages < 1:
            raise ValueError(f"max_passages must be an int >= 1, got {max_passages!r}")
        self.check_answerability = check_answerability
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
        meaning = red_flag_meaning and searcher.embedder is not None
        self.matcher = SymptomMatcher(searcher.embedder, vectors=index.statement_vectors) if meaning else None
        self.judge = Judge(
            searcher.engine.terms,
            " ".join(c.text for c in index.chunks),
            [q["text"] for q in index.questions],
            [text for u in index.not_covered for text in (u.question, u.topic)],
            front_matter=" ".join(
                str(a.get(k) or "") for a in index.articles.values() for k in ("author", "publisher")
            ),
        )

    def reply(self, message: object, history: Sequence[str] = ()) -> Reply:
        query = message if isinstance(message, str) else ""
        text = normalize_text(query)
        if not any(ch.isalnum() for ch in text):
            return self._finish(query, "invalid", [self._invalid_text()], suggestions=SUGGESTED_QUESTIONS)
        talk = smalltalk_kind(text)
        if talk and not find_red_flags(text):
            lists_examples = talk not in ("thanks", "bye")
            suggestions = SUGGESTED_QUESTIONS if lists_examples else ()
            return self._finish(query, "smalltalk", [self._smalltalk_text(talk)], suggestions=suggestions)
        try:
            prepared = self.searcher.prepare(text)
            context = follow_up_context(text, history)
            vectors = self._embed(text, context)  # one forward pass for the question and its clauses
            flags = detect(text, self.matcher, vectors)
            about = None if flags else self._about_sources(prepared.text, history)
            context = () if about else context
            texts = self.searcher.texts(text, context)
            result = self.searcher.search(
                text,
                top_k=max(self.max_passages * 2, 5),
                context=context,
                vectors=np.stack([vectors[t] for t in texts]) if vectors and all(t in vectors for t in texts) else None,
            )
        except QueryError:
            return self._finish(query, "invalid", [self._invalid_text()], suggestions=SUGGESTED_QUESTIONS)
        notes = self._notes(result)
        if flags:
            return self._red_flag(query, flags, result, notes)
        if about is not None:
            return self._sources(query, about, result, notes)
        verdict = self.judge.judge(prepared.text, result, check=self.check_answerability)
        if not verdict.answerable:
            return self._finish(
                query,
                "no_match",
                [self._no_match_text(text, verdict)] + notes,
                missing_topic=verdict.missing_topic,
                suggestions=SUGGESTED_QUESTIONS,
            )
        return self._answer(query, result, verdict, notes)

    # --- reply kinds ---

    def _answer(self, query: str, result: SearchResult, verdict: Verdict, notes: list[str]) -> Reply:
        passages = self._passages(result)
        if not verdict.strong:  # a near miss is quoted on its own, as such
            passages = tuple(p for p in passages if not p.corroborates)
        lead = lead_of(passages[0])
        opening = "In short:" if verdict.strong else "The closest the articles come:"
        blocks = [f"**{opening}** “{escape_markdown(lead)}”"]
        corroborating = sum(p.corroborates for p in passages)
        if corroborating:
            blocks.append(f"**{self.wording.corroborated(corroborating + 1)}**")
        blocks += self.wording.passage_blocks(passages)
        return self._finish(query, "answer", blocks + notes, lead=lead, passages=passages)

    def _red_flag(self, query: str, flags, result: SearchResult, notes: list[str]) -> Reply:
        blocks = [f"🚨 **{escape_markdown(urgent_notice(flags))}**"]
        passages: tuple[Passage, ...] = ()
        if all(rule.show_passages for rule in flags) and result.relevance >= RED_FLAG_PASSAGES_FROM:
            passages = self._passages(result)[:2]
            if passages:
                blocks.append("For background only, this is what the articles say:")
                blocks += self.wording.passage_blocks(passages)
        return self._finish(query, "red_flag", blocks + notes, passages=passages)

    def _sources(self, query: str, about: SourcesQuestion, result: SearchResult, notes: list[str]) -> Reply:
        blocks = []
        if about.unknown:
            blocks.append(
                f"The articles don't say {escape_markdown(about.unknown)}. This is what they do say about themselves:"
            )
        if about.about_author:
            blocks += author_blocks(self.searcher.index.articles)
        elif about.authorship:
            blocks.append(authorship_line(self.searcher.index.articles))
        if about.coverage:
            blocks += ["The articles cover:", self.topics]
        passages: tuple[Passage, ...] = ()
        if about.which_article and not result.abstained and result.hits:
            hit = result.hits[0]
            article = hit.article
            blocks.append(
                f"The passage closest to your question is from *{escape_markdown(article['title'])}* "
                f"({escape_markdown(article.get('publisher') or '')}), section *{escape_markdown(hit.chunk.section or 'Introduction')}*."
            )
            # ...in its own words, with the other article's when it says the same ("which of the two says X?")
            passages = tuple(p for p in self._passages(result) if p.hit is hit or p.corroborates)[:2]
            blocks += self.wording.passage_blocks(passages)
        blocks += [f"The answers here quote {self.wording.some_articles}:", sources_card(self.searcher.index.articles)]
        # "are they peer reviewed?" is declined; "which sources are these, are they peer reviewed?" is answered
        kind = "no_match" if about.unknown and not (about.about_author or about.listed) else "sources"
        lead = lead_of(passages[0]) if passages else None
        missing = about.unknown if kind == "no_match" else None
        return self._finish(query, kind, blocks + notes, lead=lead, passages=passages, missing_topic=missing)

    def _embed(self, text: str, context: Sequence[str]) -> dict[str, np.ndarray] | None:
        """Embeddings of everything this message needs, by text, in one forward pass: the
        question and its context (for search) and its clauses (for red flags)."""
        embedder = self.searcher.embedder
        if embedder is None:
            return None
        texts = self.searcher.texts(text, context)
        pieces = clauses(prepare_for_safety(text)) if self.matcher else []
        # A one-clause question is its own clause: embedded once, without its "?".
        same = {statement_key(texts[0]).casefold(): texts[0]}
        unique = list(dict.fromkeys(texts + [p for p in pieces if p.casefold() not in same]))
        vectors = dict(zip(unique, embedder.embed_queries(unique), strict=True))
        for piece in pieces:
            vectors.setdefault(piece, vectors[same.get(piece.casefold(), piece)])
        return vectors

    def _about_sources(self, text: str, history: Sequence[str]) -> SourcesQuestion | None:
        """What the message asks about the sources; a follow-up ("what else has he done?")
        of a question about the author asks about the author too."""
        articles = self.searcher.index.articles
        previous = None
        if history and follow_up_context(text, history):
            previous = (
                sources_question(self.searcher.prepare(history[-1]).text, articles)
                if normalize_text(history[-1])
                else None
            )
        return sources_question(text, articles, previous)

    def _passages(self, result: SearchResult) -> tuple[Passage, ...]:
        return select_passages(result, self.searcher.index, self.searcher.config.threshold, self.max_passages)

    # --- canned text ---

    def _notes(self, result: SearchResult) -> list[str]:
        notes = []
        if result.corrections:
            fixed = ", ".join(
                f"“{escape_markdown(new)}” for “{escape_markdown(old)}”" for old, new in result.corrections
            )
            notes.append(f"_Spelling: I searched {fixed}._")
        if result.truncated:
            notes.append("_Your message was long, so I searched its first part._")
        return notes

    def _no_match_text(self, text: str, verdict: Verdict) -> str:
        if verdict.answer_type is not None and verdict.missing_topic == verdict.answer_type.topic:
            lines = [f"The articles don't say {escape_markdown(verdict.answer_type.topic)}, so I won't guess."]
        elif verdict.missing_topic:
            topic = escape_markdown(verdict.missing_topic)
            # the user's own word is quoted: "pregnant" or "breathe" is not a noun phrase
            if " ".join(tokens(verdict.missing_topic)) in " ".join(tokens(text)):
                topic = f"“{topic}”"
            lines = [f"The articles don't mention {topic}, so I won't guess."]
        else:
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
        self,
        query: str,
        kind: str,
        blocks: list[str],
        lead: str | None = None,
        passages: tuple[Passage, ...] = (),
        missing_topic: str | None = None,
        suggestions: tuple[str, ...] = (),
    ) -> Reply:
        return Reply(
            query=query,
            kind=kind,
            lead=lead,
            passages=passages,
            markdown=self.wording.finish(blocks),
            disclaimer=self.wording.disclaimer,
            missing_topic=missing_topic,
            suggestions=suggestions,
        )
