"""Compose a chat reply from (message, history). UI-independent: the app and the CLI only
render the :class:`Reply` this returns.

Kinds: answer, no_match, red_flag, smalltalk, invalid. Every reply ends with DISCLAIMER.
The lead and the passages are the articles' own words, never paraphrased. All text that
reaches Markdown (passages and anything the user typed) is escaped, so nothing renders as
HTML, a link or an image unless this module wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .chunking import LEANS_BACK
from .errors import QueryError
from .followup import follow_up_context
from .safety import find_red_flags, urgent_notice
from .search import Hit, Searcher, SearchResult, normalize_text

KINDS = ("answer", "no_match", "red_flag", "smalltalk", "invalid")

DISCLAIMER = (
    "This is general information quoted from two articles, not medical advice. For pain, an injury "
    "or any health concern, please see a qualified health professional such as a doctor or physiotherapist."
)

EXAMPLE_QUESTIONS = (
    "Can a butt massage help with sciatica?",
    "Why would tight glutes cause knee pain?",
    "How do the glutes affect athletic performance?",
    "Does a glute massage help lower back pain?",
)

MAX_PASSAGES = 3
# Both articles "make the same point" when their answering sentences are this close to each
# other (cosine) and the second answers the question nearly as well as the first. Measured
# on the dev questions: same-claim pairs (sciatica, largest muscle, knee imbalance) score
# 0.75-0.91; generic "massage has benefits" pairs score high too but answer less well.
CORROBORATION_SIMILARITY = 0.75
CORROBORATION_MARGIN = 0.10
# After a red-flag notice, passages follow only when the question is clearly about what the
# articles cover; otherwise they are noise next to an emergency ("crushing chest pain"
# scores 0.42, "lost bladder control and my back hurts, should I get a massage?" 0.63).
RED_FLAG_PASSAGES_FROM = 0.50


@dataclass(frozen=True)
class Passage:
    """A cited passage and the sentence in it that answers the question."""

    hit: Hit
    highlight: int  # index into hit.chunk.sentences
    corroborates: bool = False  # cited because it makes the same point as the passage before it

    @property
    def sentence(self) -> str:
        return self.hit.chunk.sentence_texts()[self.highlight]


@dataclass(frozen=True)
class Reply:
    query: str
    kind: str
    lead: str | None
    passages: tuple[Passage, ...]
    markdown: str
    disclaimer: str = DISCLAIMER

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


# --- Markdown that cannot be hijacked ---------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>&~|$])")  # emphasis, code, links, images, HTML, entities, tables
_LINE_START = re.compile(r"(?m)^([ \t]*)([#+=-])")  # headings, list items, setext underlines
_ORDERED_ITEM = re.compile(r"(?m)^([ \t]*\d+)([.)])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that renders literally in Markdown: a backslash before every character that could
    start markup (inline anywhere, block markers at line starts), so no HTML, link or image
    can come out of it. Every backslash is escaped too, so :func:`unescape_markdown` reverses
    it exactly."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED_ITEM.sub(r"\1\\\2", text)


def unescape_markdown(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _link(title: str, url: str | None) -> str:
    if url and re.match(r"^https?://[^\s()<>]+$", url):
        return f"[{escape_markdown(title)}]({url})"
    return escape_markdown(title)


def _attribution(hit: Hit) -> str:
    article = hit.article
    parts = [_link(article["title"], article.get("url"))]
    parts += [escape_markdown(article[key]) for key in ("author", "publisher") if article.get(key)]
    section = hit.chunk.section or "Introduction"
    return " · ".join(parts) + f" · section *{escape_markdown(section)}*"


def _passage_markdown(passage: Passage) -> str:
    """The passage with its answering sentence in bold; paragraphs kept."""
    chunk = passage.hit.chunk
    start, end = (s - chunk.start for s in chunk.sentences[passage.highlight])
    before, middle, after = chunk.text[:start], chunk.text[start:end], chunk.text[end:]
    lines = [escape_markdown(before), f"**{escape_markdown(middle)}**", escape_markdown(after)]
    return "".join(lines).replace("\n\n", "\n\n> ")


DISCLAIMER_MARKDOWN = f"_{escape_markdown(DISCLAIMER)}_"
_EXAMPLES = "\n".join(f"- {escape_markdown(q)}" for q in EXAMPLE_QUESTIONS[:3])


# --- the composer -------------------------------------------------------------------------------

_SMALLTALK = (
    (
        "greeting",
        re.compile(
            r"^(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))( there| everyone| bot)?$"
        ),
    ),
    (
        "thanks",
        re.compile(
            r"^((ok|okay|great|awesome|perfect|cool),? )?(thanks|thank you|thx|ty|cheers|much appreciated)( so much| a lot| very much| again)?$"
        ),
    ),
    ("bye", re.compile(r"^(bye|goodbye|good bye|see you|see ya|later|farewell)( for now| then)?$")),
    (
        "capabilities",
        re.compile(
            r"^(help|what can you do|what do you do|who are you|what are you|how does this work|what can i ask( you)?|what do you know( about)?)$"
        ),
    ),
)


def smalltalk_kind(text: str) -> str | None:
    """greeting, thanks, bye or capabilities when the whole message is small talk."""
    core = re.sub(r"[^\w' ]+", " ", text.lower())
    core = re.sub(r"\s+", " ", core).strip()
    for kind, pattern in _SMALLTALK:
        if pattern.match(core):
            return kind
    return None


def _mostly_non_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) / len(letters) < 0.5


class Composer:
    """Turns (message, history) into a :class:`Reply` using a :class:`Searcher`."""

    def __init__(self, searcher: Searcher, max_passages: int = MAX_PASSAGES) -> None:
        if not isinstance(max_passages, int) or max_passages < 1:
            raise ValueError(f"max_passages must be an int >= 1, got {max_passages!r}")
        self.searcher = searcher
        self.max_passages = max_passages
        self.topics = self._topics()

    def _topics(self) -> str:
        """What the articles cover, by article: their section headings."""
        by_article: dict[str, list[str]] = {}
        for chunk in self.searcher.index.chunks:
            sections = by_article.setdefault(chunk.article_id, [])
            if chunk.section and chunk.section not in sections:
                sections.append(chunk.section)
        lines = []
        for article_id, sections in by_article.items():
            article = self.searcher.index.articles[article_id]
            lines.append(
                f"- {_link(article['title'], article.get('url'))} ({escape_markdown(article.get('publisher') or '')}): "
                + ", ".join(escape_markdown(s) for s in sections)
            )
        return "\n".join(lines)

    def reply(self, message: object, history: Sequence[str] = ()) -> Reply:
        query = message if isinstance(message, str) else ""
        text = normalize_text(query)
        if not any(ch.isalnum() for ch in text):
            return self._finish(query, "invalid", None, (), [self._invalid_text()])

        flags = find_red_flags(text)
        talk = smalltalk_kind(text)
        if talk and not flags:
            return self._finish(query, "smalltalk", None, (), [self._smalltalk_text(talk)])

        try:
            result = self.searcher.search(
                text, top_k=max(self.max_passages * 2, 5), context=follow_up_context(text, history)
            )
        except QueryError:
            return self._finish(query, "invalid", None, (), [self._invalid_text()])
        notes = ["_Your message was long, so I searched its first part._"] if result.truncated else []

        if flags:
            blocks = [f"🚨 **{escape_markdown(urgent_notice(flags))}**"]
            passages: tuple[Passage, ...] = ()
            if all(rule.show_passages for rule in flags) and result.relevance >= RED_FLAG_PASSAGES_FROM:
                passages = self._passages(result)[:2]
                if passages:
                    blocks.append("For background only, this is what the articles say:")
                    blocks += self._passage_blocks(passages)
            return self._finish(query, "red_flag", None, passages, blocks + notes)

        if result.abstained:
            return self._finish(query, "no_match", None, (), [self._no_match_text(text)] + notes)

        passages = self._passages(result)
        lead = self._lead(passages[0])
        blocks = [f"**In short:** “{escape_markdown(lead)}”"]
        if any(p.corroborates for p in passages):
            blocks.append("**Both articles make this point.**")
        blocks += self._passage_blocks(passages)
        return self._finish(query, "answer", lead, passages, blocks + notes)

    # --- pieces of a reply ---

    def _passages(self, result: SearchResult) -> tuple[Passage, ...]:
        """Up to max_passages relevant passages, best first. A passage from the other article
        that makes the same point as the best one is cited right after it."""
        threshold = self.searcher.config.threshold
        index = self.searcher.index
        rows = index.sentence_rows

        def row(hit: Hit) -> int:  # of the hit's answering sentence
            return rows[hit.position] + hit.best_sentence

        def sentence_score(hit: Hit) -> float:
            return float(result.sentence_scores[row(hit)])

        relevant = [h for h in result.hits if sentence_score(h) >= threshold] or [result.hits[0]]
        best = relevant[0]
        best_vector = index.sentence_vectors[row(best)]
        chosen = [Passage(best, best.best_sentence)]
        for hit in relevant[1:]:
            if hit.chunk.article_id == best.chunk.article_id:
                continue
            vector = index.sentence_vectors[row(hit)]
            if (
                float(np.dot(best_vector, vector)) >= CORROBORATION_SIMILARITY
                and sentence_score(hit) >= sentence_score(best) - CORROBORATION_MARGIN
            ):
                chosen.append(Passage(hit, hit.best_sentence, corroborates=True))
                break
        cited = {p.hit.chunk.id for p in chosen}
        for hit in relevant[1:]:
            if len(chosen) == self.max_passages:
                break
            if hit.chunk.id not in cited:
                chosen.append(Passage(hit, hit.best_sentence))
        return tuple(chosen)

    def _lead(self, passage: Passage) -> str:
        """The answering sentence of the best passage, verbatim; with the sentence before it
        when it opens by pointing back ("They can also...")."""
        sentences = passage.hit.chunk.sentence_texts()
        i = passage.highlight
        if i > 0 and LEANS_BACK.match(sentences[i]):
            chunk = passage.hit.chunk
            return chunk.text[chunk.sentences[i - 1][0] - chunk.start : chunk.sentences[i][1] - chunk.start]
        return sentences[i]

    def _passage_blocks(self, passages: tuple[Passage, ...]) -> list[str]:
        blocks = []
        number = 0
        for passage in passages:
            if passage.corroborates:
                blocks.append(
                    f"↳ The other article says the same: “{escape_markdown(passage.sentence)}” — {_attribution(passage.hit)}"
                )
                continue
            number += 1
            blocks.append(f"**Source {number}** — {_attribution(passage.hit)}\n\n> {_passage_markdown(passage)}")
        return blocks

    def _no_match_text(self, text: str) -> str:
        lines = ["I couldn't find anything in the two articles that answers this, so I won't guess."]
        if _mostly_non_latin(text):
            lines.append("The articles are in English; asking in English may help.")
        lines += ["", "The articles cover:", self.topics, "", "You could ask, for example:"]
        lines.append(_EXAMPLES)
        return "\n".join(lines)

    def _smalltalk_text(self, kind: str) -> str:
        examples = _EXAMPLES
        if kind == "thanks":
            return "You're welcome! Ask me anything else about glute massage."
        if kind == "bye":
            return "Take care, and look after those glutes!"
        if kind == "capabilities":
            return (
                "I answer questions about glute (butt) massage by quoting the most relevant passages from two "
                "articles, with who wrote them and where. I don't write answers of my own. The articles cover:\n"
                f"{self.topics}\n\nTry for example:\n{examples}"
            )
        return f"Hi! Ask me anything about glute (butt) massage and I'll quote what two articles say. For example:\n{examples}"

    def _invalid_text(self) -> str:
        return f"I didn't catch a question there. Please type a question about glute massage, for example:\n{_EXAMPLES}"

    def _finish(
        self, query: str, kind: str, lead: str | None, passages: tuple[Passage, ...], blocks: list[str]
    ) -> Reply:
        markdown = "\n\n".join(b for b in blocks if b) + "\n\n---\n\n" + DISCLAIMER_MARKDOWN
        return Reply(query=query, kind=kind, lead=lead, passages=passages, markdown=markdown)
