"""Chunking rules: whole sentences, one section, exact offsets, model limits, stable ids."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from retrieval.chunking import Chunk, ChunkerConfig, _pack, chunk_article, chunk_corpus, split_sentences
from retrieval.corpus import load_article, load_corpus
from retrieval.errors import ChunkingError
from retrieval.settings import REPO_ROOT


def words(text: str) -> int:
    return len(text.split()) + 2


@pytest.fixture(scope="module")
def real_chunks():
    return chunk_corpus(load_corpus(REPO_ROOT / "corpus"), ChunkerConfig(), words)


@pytest.fixture(scope="module")
def real_articles():
    return {a.id: a for a in load_corpus(REPO_ROOT / "corpus")}


def test_sentence_splitter_keeps_abbreviations_together():
    text = "According to Dr. David J. Alvarez, points matter. Degrees from Illinois (USA). He left!"
    spans = split_sentences(text, offset=10)
    assert [text[s - 10 : e - 10] for s, e in spans] == [
        "According to Dr. David J. Alvarez, points matter.",
        "Degrees from Illinois (USA).",
        "He left!",
    ]


def test_chunk_text_is_exactly_the_body_slice(real_chunks, real_articles):
    for chunk in real_chunks:
        body = real_articles[chunk.article_id].body
        assert body[chunk.start : chunk.end] == chunk.text
        assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end


def test_chunks_start_and_end_on_sentence_boundaries(real_chunks, real_articles):
    """Every chunk is a run of whole sentences of the article, in order, none skipped."""
    for article_id, article in real_articles.items():
        all_sentences = [
            span for p in article.paragraphs for span in split_sentences(article.body[p.start : p.end], p.start)
        ]
        chunked = [span for c in real_chunks if c.article_id == article_id for span in c.sentences]
        assert chunked == all_sentences


def test_a_chunk_never_spans_two_sections(real_chunks, real_articles):
    for chunk in real_chunks:
        article = real_articles[chunk.article_id]
        sections = {p.section for p in article.paragraphs if p.start < chunk.end and p.end > chunk.start}
        assert sections == {chunk.section}


def test_heading_travels_with_the_chunk(real_chunks):
    knee = next(c for c in real_chunks if c.section == "Reduce Knee Pain")
    assert knee.embedding_text == "Reduce Knee Pain\n" + knee.text
    lead = next(c for c in real_chunks if c.section is None)
    assert lead.embedding_text == lead.text


def test_passages_stay_short(real_chunks):
    assert max(len(c.text) for c in real_chunks) <= ChunkerConfig().max_chars <= 700


def test_ids_are_deterministic_and_unique(real_articles):
    first = chunk_corpus(real_articles.values(), ChunkerConfig(), words)
    second = chunk_corpus(real_articles.values(), ChunkerConfig(), words)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    assert first[0].id.startswith(f"{first[0].article_id}:00:")


def test_token_limit_counts_the_heading_prefix(tiny_corpus):
    article = load_article(tiny_corpus / "alpha.md")
    seen: list[str] = []

    def counting(text: str) -> int:
        seen.append(text)
        return words(text)

    chunks = chunk_article(article, ChunkerConfig(max_chars=1000, max_tokens=16), counting)
    assert any(text.startswith("Knee Pain\n") for text in seen)
    for chunk in chunks:
        assert words(chunk.embedding_text) <= 16


def test_a_sentence_over_the_model_limit_is_an_error_not_a_silent_cut(tiny_corpus):
    article = load_article(tiny_corpus / "alpha.md")
    with pytest.raises(ChunkingError, match="longer than the model's 16-wordpiece limit"):
        chunk_article(article, ChunkerConfig(max_tokens=16), lambda text: 999 if "sciatic" in text else 3)


def test_packing_prefers_few_even_chunks():
    spans = [(0, 100), (101, 200), (201, 300), (301, 400)]
    assert _pack(spans, lambda i, j: spans[j - 1][1] - spans[i][0] <= 250) == [(0, 2), (2, 4)]  # 2 + 2, not 2 + 1 + 1
    assert _pack(spans, lambda i, j: True) == [(0, 4)]
    assert _pack(spans[:1], lambda i, j: False) == [(0, 1)]


def test_packing_avoids_opening_a_chunk_with_a_dangling_sentence():
    spans = [(0, 100), (101, 200), (201, 300), (301, 400)]

    def fits(i: int, j: int) -> bool:
        return spans[j - 1][1] - spans[i][0] <= 300

    assert _pack(spans, fits) == [(0, 2), (2, 4)]  # evenest
    groups = _pack(spans, fits, [False, False, True, False])  # sentence 2 says "They ..."
    assert len(groups) == 2 and all(start != 2 for start, _ in groups)


def test_no_real_chunk_opens_with_a_dangling_sentence(real_chunks):
    from retrieval.chunking import LEANS_BACK

    for previous, chunk in itertools.pairwise(real_chunks):
        if previous.section == chunk.section and previous.article_id == chunk.article_id:
            assert not LEANS_BACK.match(chunk.text), chunk.text[:60]


def test_a_sentence_longer_than_max_chars_stands_alone(tiny_corpus):
    article = load_article(tiny_corpus / "alpha.md")
    chunks = chunk_article(article, ChunkerConfig(max_chars=50), words)
    assert all(len(c.sentences) == 1 or len(c.text) <= 50 for c in chunks)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"max_chars": 10}, "max_chars"), ({"max_tokens": 4}, "max_tokens"), ({"max_chars": "450"}, "max_chars")],
)
def test_config_validation_names_the_bad_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ChunkerConfig(**kwargs)


def test_chunk_round_trips_through_json_dict(real_chunks):
    for chunk in real_chunks:
        assert Chunk.from_dict(chunk.to_dict()) == chunk
    assert dataclasses.asdict(real_chunks[0])["text"] == real_chunks[0].text


def test_real_tokenizer_limits_hold(real_embedder, real_chunks):
    """Integration: with the model's own tokenizer every embedded text fits 256 wordpieces."""
    chunks = chunk_corpus(load_corpus(REPO_ROOT / "corpus"), ChunkerConfig(), real_embedder.count_tokens)
    assert max(real_embedder.count_tokens(c.embedding_text) for c in chunks) <= real_embedder.max_tokens == 256
