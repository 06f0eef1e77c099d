"""Section- and sentence-aware chunking.

Rules (each has a test): a chunk is a run of whole sentences from one section; its text
is exactly ``article.body[start:end]``; the text the model embeds (heading + text) fits
the model's wordpiece limit, counted with the model's own tokenizer; chunk ids are
deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .corpus import Article
from .errors import ChunkingError
from .text import LEANS_BACK

# Bump when the chunking algorithm or the embedded text changes: the saved index then
# reads as stale and must be rebuilt.
CHUNKER_VERSION = 2


TokenCounter = Callable[[str], int]
Span = tuple[int, int]


@dataclass(frozen=True)
class ChunkerConfig:
    """max_chars: longest passage, in characters, unless a single sentence is longer.
    max_tokens: the model's limit, including special tokens and the heading prefix."""

    max_chars: int = 450
    max_tokens: int = 256
    version: int = field(default=CHUNKER_VERSION)

    def __post_init__(self) -> None:
        if not isinstance(self.max_chars, int) or self.max_chars < 50:
            raise ValueError(f"max_chars must be an int >= 50, got {self.max_chars!r}")
        if not isinstance(self.max_tokens, int) or not 16 <= self.max_tokens <= 8192:
            raise ValueError(f"max_tokens must be an int in [16, 8192], got {self.max_tokens!r}")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage. ``sentences`` are absolute (start, end) offsets into the body."""

    id: str
    article_id: str
    index: int  # position among the article's chunks
    section: str | None
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]

    @property
    def embedding_text(self) -> str:
        """What the model embeds: the heading travels with the passage."""
        return f"{self.section}\n{self.text}" if self.section else self.text

    def sentence_texts(self) -> list[str]:
        return [self.text[s - self.start : e - self.start] for s, e in self.sentences]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["sentences"] = [list(span) for span in self.sentences]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        return cls(
            id=data["id"],
            article_id=data["article_id"],
            index=int(data["index"]),
            section=data["section"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            sentences=tuple((int(s), int(e)) for s, e in data["sentences"]),
        )


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # imported lazily: only building needs it

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of ``text`` (shifted by ``offset``), surrounding whitespace excluded."""
    spans: list[Span] = []
    for piece in _segmenter().segment(text):
        sentence = text[piece.start : piece.end]
        stripped = sentence.strip()
        if not stripped:
            continue
        start = piece.start + (len(sentence) - len(sentence.lstrip()))
        spans.append((offset + start, offset + start + len(stripped)))
    return spans


def _chunk_id(article_id: str, index: int, text: str) -> str:
    # The digest makes an id change when its text does (feedback logs stay meaningful).
    return f"{article_id}:{index:02d}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def _pack(
    sentences: Sequence[Span],
    fits: Callable[[int, int], bool],
    leans_back: Sequence[bool] | None = None,
) -> list[tuple[int, int]]:
    """Group consecutive sentences [i, j) so every group fits. Preferred, in order: fewest
    groups; fewest groups opening with a sentence that leans on the one before it
    (``leans_back[i]``); the most even lengths (least sum of squared lengths). Single
    sentences always form a group; ``fits`` is only asked about longer runs."""
    n = len(sentences)
    leans_back = leans_back or [False] * n
    best: list[tuple[int, int, int, int] | None] = [None] * (n + 1)  # (groups, dangling, sum sq, prev)
    best[0] = (0, 0, 0, -1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if j - i > 1 and not fits(i, j):
                break  # a longer run starting earlier cannot fit either
            prev = best[i]
            assert prev is not None
            length = sentences[j - 1][1] - sentences[i][0]
            dangling = int(i > 0 and leans_back[i])
            candidate = (prev[0] + 1, prev[1] + dangling, prev[2] + length * length, i)
            if best[j] is None or candidate[:3] < best[j][:3]:  # type: ignore[index]
                best[j] = candidate
    groups: list[tuple[int, int]] = []
    j = n
    while j > 0:
        i = best[j][3]  # type: ignore[index]
        groups.append((i, j))
        j = i
    return groups[::-1]


def chunk_article(article: Article, config: ChunkerConfig, count_tokens: TokenCounter) -> list[Chunk]:
    """Chunks of one article, in reading order."""
    sections: list[tuple[str | None, list[Span]]] = []
    for paragraph in article.paragraphs:
        spans = split_sentences(article.body[paragraph.start : paragraph.end], paragraph.start)
        if sections and sections[-1][0] == paragraph.section:
            sections[-1][1].extend(spans)
        else:
            sections.append((paragraph.section, spans))

    chunks: list[Chunk] = []
    for section, spans in sections:
        for start, end, run in _section_runs(article, section, spans, config, count_tokens):
            text = article.body[start:end]
            index = len(chunks)
            chunks.append(
                Chunk(
                    id=_chunk_id(article.id, index, text),
                    article_id=article.id,
                    index=index,
                    section=section,
                    start=start,
                    end=end,
                    text=text,
                    sentences=run,
                )
            )
    return chunks


def _section_runs(
    article: Article,
    section: str | None,
    spans: list[Span],
    config: ChunkerConfig,
    count_tokens: TokenCounter,
) -> list[tuple[int, int, tuple[Span, ...]]]:
    """(start, end, sentences) of each chunk of one section."""
    prefix = f"{section}\n" if section else ""

    def tokens(i: int, j: int) -> int:
        return count_tokens(prefix + article.body[spans[i][0] : spans[j - 1][1]])

    for i, span in enumerate(spans):
        if tokens(i, i + 1) > config.max_tokens:
            raise ChunkingError(
                f"{article.source_path}: a sentence at characters {span[0]}-{span[1]} is longer "
                f"than the model's {config.max_tokens}-wordpiece limit; split it in the corpus"
            )

    def fits(i: int, j: int) -> bool:
        return spans[j - 1][1] - spans[i][0] <= config.max_chars and tokens(i, j) <= config.max_tokens

    leans_back = [bool(LEANS_BACK.match(article.body[start:end])) for start, end in spans]
    return [(spans[i][0], spans[j - 1][1], tuple(spans[i:j])) for i, j in _pack(spans, fits, leans_back)]


def chunk_corpus(articles: Iterable[Article], config: ChunkerConfig, count_tokens: TokenCounter) -> list[Chunk]:
    return [chunk for article in articles for chunk in chunk_article(article, config, count_tokens)]
