"""Load the articles: Markdown files with YAML front matter, one per article.

The body is split into paragraphs, each tagged with the section heading above it and its
character offsets into ``Article.body`` (the Markdown after the front matter, exactly as
python-frontmatter returns it), so every later stage can point back at the source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .errors import CorpusError

ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
_IMAGE_ONLY = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")  # figures are not prose


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of article prose: ``article.body[start:end]``."""

    section: str | None  # heading above it; None before the first heading
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    author: str | None
    publisher: str | None
    url: str | None
    body: str
    paragraphs: tuple[Paragraph, ...]
    source_path: str  # file name inside the corpus directory
    author_bio: str | None = None  # attribution, shown when asked about the author; never an answer

    def attribution(self) -> dict[str, str | None]:
        """The fields every answer cites, and the author's biography for questions about them."""
        return {
            "article_id": self.id,
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "url": self.url,
            "author_bio": self.author_bio,
        }


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The article files of a corpus directory, in a stable order."""
    return sorted(Path(corpus_dir).glob("*.md"))


def parse_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Split Markdown into prose paragraphs tagged with their section heading."""
    paragraphs: list[Paragraph] = []
    section: str | None = None
    block_start: int | None = None
    block_end = 0
    offset = 0

    def close_block() -> None:
        nonlocal block_start
        if block_start is not None:
            if not _IMAGE_ONLY.match(body[block_start:block_end]):
                paragraphs.append(Paragraph(section, block_start, block_end))
            block_start = None

    for line in body.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        heading = _HEADING.match(stripped)
        if not stripped:
            close_block()
        elif heading:
            close_block()
            section = heading.group("text").strip()
        else:
            lead = len(content) - len(content.lstrip())
            if block_start is None:
                block_start = offset + lead
            block_end = offset + len(content.rstrip())
        offset += len(line)
    close_block()
    return tuple(paragraphs)


def _optional_text(meta: dict, key: str, path: Path) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{path.name}: front matter field {key!r} must be text or null, got {value!r}")
    return value.strip()


def load_article(path: Path) -> Article:
    path = Path(path)
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path.name}: cannot read article ({exc})") from exc
    meta = post.metadata
    for key in ("id", "title"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise CorpusError(f"{path.name}: front matter needs a non-empty {key!r}")
    article_id = meta["id"].strip()
    if not ARTICLE_ID.match(article_id):
        raise CorpusError(f"{path.name}: id {article_id!r} must be lowercase letters, digits and hyphens")
    paragraphs = parse_paragraphs(post.content)
    if not paragraphs:
        raise CorpusError(f"{path.name}: the article has no prose paragraphs")
    return Article(
        id=article_id,
        title=meta["title"].strip(),
        author=_optional_text(meta, "author", path),
        publisher=_optional_text(meta, "publisher", path),
        url=_optional_text(meta, "url", path),
        body=post.content,
        paragraphs=paragraphs,
        source_path=path.name,
        author_bio=_optional_text(meta, "author_bio", path),
    )


def load_corpus(corpus_dir: Path) -> tuple[Article, ...]:
    """Every article in ``corpus_dir``, ordered by file name; ids must be unique."""
    files = corpus_files(corpus_dir)
    if not files:
        raise CorpusError(f"no articles (*.md) found in {corpus_dir}")
    articles = tuple(load_article(path) for path in files)
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise CorpusError(f"article id {article.id!r} is used by both {seen[article.id]} and {article.source_path}")
        seen[article.id] = article.source_path
    return articles
