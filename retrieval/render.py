"""Markdown for replies, shared by the app and the CLI.

All text that reaches Markdown (passages and anything the user typed) is escaped, so nothing
renders as HTML, a link or an image unless this module wrote it. Wording that counts the
articles ("Both articles make this point") comes from :class:`Wording`, so a third article in
corpus/ reads correctly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from .search import Hit
from .selection import Passage
from .text import number_word

EXAMPLE_QUESTIONS = (
    "Can a butt massage help with sciatica?",
    "Why would tight glutes cause knee pain?",
    "How do the glutes affect athletic performance?",
    "Does a glute massage help lower back pain?",
)

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


def link(title: str, url: str | None) -> str:
    if url and re.match(r"^https?://[^\s()<>]+$", url):
        return f"[{escape_markdown(title)}]({url})"
    return escape_markdown(title)


# Text directives (https://wicg.github.io/scroll-to-text-fragment/) use "-", "," and "&" as
# syntax, so those are percent-encoded too, on top of what URLs reserve.
_DIRECTIVE_SYNTAX = str.maketrans({"-": "%2D", ",": "%2C", "&": "%26"})
FRAGMENT_WORDS = 4  # a long sentence is matched by its first and last few words (textStart,textEnd)


def _directive(text: str) -> str:
    return quote(text, safe="").translate(_DIRECTIVE_SYNTAX)


def deep_link(url: str, sentence: str) -> str:
    """``url`` opening scrolled to ``sentence`` where browsers support text fragments
    ("#:~:text=start,end"); elsewhere the page simply opens at the top."""
    words = sentence.split()
    if not words:
        return url
    if len(words) <= 2 * FRAGMENT_WORDS:
        text = _directive(" ".join(words))
    else:
        text = f"{_directive(' '.join(words[:FRAGMENT_WORDS]))},{_directive(' '.join(words[-FRAGMENT_WORDS:]))}"
    return f"{url.split('#', 1)[0]}#:~:text={text}"


def attribution(hit: Hit, sentence: str | None = None) -> str:
    """Linked title (to ``sentence`` in the article, when given), author, publisher, section."""
    article = hit.article
    url = article.get("url")
    parts = [link(article["title"], deep_link(url, sentence) if url and sentence else url)]
    parts += [escape_markdown(article[key]) for key in ("author", "publisher") if article.get(key)]
    section = hit.chunk.section or "Introduction"
    return " · ".join(parts) + f" · section *{escape_markdown(section)}*"


def passage_markdown(passage: Passage) -> str:
    """The passage with its answering sentence in bold; paragraphs kept."""
    chunk = passage.hit.chunk
    start, end = (s - chunk.start for s in chunk.sentences[passage.highlight])
    before, middle, after = chunk.text[:start], chunk.text[start:end], chunk.text[end:]
    lines = [escape_markdown(before), f"**{escape_markdown(middle)}**", escape_markdown(after)]
    return "".join(lines).replace("\n\n", "\n\n> ")


SUGGESTED = 3  # example questions a reply lists (the page shows them as buttons too)
SUGGESTED_QUESTIONS = EXAMPLE_QUESTIONS[:SUGGESTED]


def examples_markdown() -> str:
    return "\n".join(f"- {escape_markdown(q)}" for q in SUGGESTED_QUESTIONS)


def topics_markdown(articles: Mapping[str, dict], sections: Mapping[str, Sequence[str]]) -> str:
    """What the articles cover, one line per article: its section headings."""
    lines = []
    for article_id, headings in sections.items():
        article = articles[article_id]
        lines.append(
            f"- {link(article['title'], article.get('url'))} ({escape_markdown(article.get('publisher') or '')}): "
            + ", ".join(escape_markdown(s) for s in headings)
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Wording:
    """Reply text that depends on how many articles the corpus holds."""

    articles: int

    @property
    def some_articles(self) -> str:
        """ "two articles" (or "one article")."""
        return "one article" if self.articles == 1 else f"{number_word(self.articles)} articles"

    @property
    def the_articles(self) -> str:
        return "the article" if self.articles == 1 else f"the {self.some_articles}"

    @property
    def disclaimer(self) -> str:
        return (
            f"This is general information quoted from {self.some_articles}, not medical advice. For pain, an injury "
            "or any health concern, please see a qualified health professional such as a doctor or physiotherapist."
        )

    @property
    def disclaimer_markdown(self) -> str:
        return f"_{escape_markdown(self.disclaimer)}_"

    def corroborated(self, count: int) -> str:
        """The note that ``count`` articles make the same point."""
        if count == self.articles == 2:
            return "Both articles make this point."
        return f"{number_word(count).capitalize()} of {self.the_articles} make this point."

    @property
    def other_says_same(self) -> str:
        return "The other article says the same" if self.articles == 2 else "Another article says the same"

    def passage_blocks(self, passages: Sequence[Passage]) -> list[str]:
        blocks = []
        number = 0
        for passage in passages:
            if passage.corroborates:
                blocks.append(
                    f"↳ {self.other_says_same}: “{escape_markdown(passage.sentence)}” — "
                    f"{attribution(passage.hit, passage.sentence)}"
                )
                continue
            number += 1
            blocks.append(
                f"**Source {number}** — {attribution(passage.hit, passage.sentence)}\n\n> {passage_markdown(passage)}"
            )
        return blocks

    @property
    def short_disclaimer(self) -> str:
        """The one line that closes every reply (the full text is in the page footer and in
        ``ask --json``): on a phone, the answer, not the small print, fills the screen."""
        return "Not medical advice: for pain or an injury, see a doctor or physiotherapist."

    def finish(self, blocks: Sequence[str]) -> str:
        """The reply's blocks, then a rule and the short disclaimer."""
        return "\n\n".join(b for b in blocks if b) + "\n\n---\n\n" + self.short_disclaimer_markdown

    @property
    def short_disclaimer_markdown(self) -> str:
        return f"_{escape_markdown(self.short_disclaimer)}_"


DISCLAIMER = Wording(2).disclaimer  # the wording for the shipped corpus, for docs and tests
REPLY_DISCLAIMER_MD = Wording(2).short_disclaimer_markdown  # how every reply's Markdown ends


def sources_card(articles: Mapping[str, dict]) -> str:
    """One line per article: linked title, author (or that none is named), publisher, link."""
    lines = []
    for article in articles.values():
        author = f"by {escape_markdown(article['author'])}" if article.get("author") else "no author named"
        publisher = escape_markdown(article.get("publisher") or "publisher unknown")
        url = article.get("url") or ""
        lines.append(f"- {link(article['title'], url)}: {author}, published by {publisher}, {escape_markdown(url)}")
    return "\n".join(lines)


def authorship_line(articles: Mapping[str, dict]) -> str:
    """Who wrote each article, in one line."""
    parts = []
    for article in articles.values():
        title, publisher = escape_markdown(article["title"]), escape_markdown(article.get("publisher") or "")
        if article.get("author"):
            parts.append(f"*{title}* ({publisher}) is by {escape_markdown(article['author'])}")
        else:
            parts.append(f"*{title}* ({publisher}) names no author")
    return "; ".join(parts) + "."


def author_blocks(articles: Mapping[str, dict]) -> list[str]:
    """What the articles say about their authors: the biography where there is one (authors first)."""
    blocks = []
    for article in sorted(articles.values(), key=lambda a: not a.get("author")):
        title = escape_markdown(article["title"])
        if article.get("author") and article.get("author_bio"):
            blocks.append(
                f"**{escape_markdown(article['author'])}**, author of *{title}*: {escape_markdown(article['author_bio'])}"
            )
        elif article.get("author"):
            blocks.append(f"*{title}* is by {escape_markdown(article['author'])}; it gives no biography.")
        else:
            blocks.append(f"*{title}* ({escape_markdown(article.get('publisher') or '')}) names no author.")
    return blocks
