"""Search behaviour with the fake embedder: query handling, fusion, duplicates, contract."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from retrieval.errors import QueryError
from retrieval.followup import follow_up_context, is_follow_up
from retrieval.index import build_index, load_index
from retrieval.search import ABSTAIN_BELOW, SearchConfig, SearchEngine
from retrieval.terms import content_stems
from retrieval.text import normalize_text

CONTRACT_HIT_KEYS = {
    "rank",
    "score",
    "text",
    "chunk_id",
    "article_id",
    "title",
    "author",
    "publisher",
    "url",
    "section",
}


def test_json_contract(tiny_searcher):
    data = tiny_searcher.search("knee pain", top_k=3).to_json()
    assert set(data) == {"query", "abstained", "hits"}
    assert data["query"] == "knee pain" and isinstance(data["abstained"], bool)
    assert [h["rank"] for h in data["hits"]] == [1, 2, 3]
    for hit in data["hits"]:
        assert set(hit) == CONTRACT_HIT_KEYS
        assert isinstance(hit["score"], float)
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)  # best first


def test_attribution_is_carried(tiny_searcher):
    hits = {h.chunk.article_id: h.to_json() for h in tiny_searcher.search("glutes", top_k=10).hits}
    assert hits["alpha"]["author"] == "Ann Author" and hits["alpha"]["publisher"] == "Alpha Press"
    assert hits["beta"]["author"] is None and hits["beta"]["url"] == "https://beta.example/post"


@pytest.mark.parametrize("retriever", ["dense", "bm25", "hybrid"])
def test_a_known_question_finds_its_passage(tiny_searcher, retriever):
    result = tiny_searcher.with_config(retriever=retriever).search("sciatic nerve sciatica", top_k=2)
    assert result.hits[0].chunk.section == "Back Pain"


@pytest.mark.parametrize(
    "variant",
    ["  Weak glutes knee pain  ", "WEAK GLUTES KNEE PAIN", "weak\tglutes\nknee   pain", "weak glutes\u200b knee pain"],
)
def test_whitespace_case_and_invisible_characters_do_not_change_results(tiny_searcher, variant):
    reference = tiny_searcher.search("weak glutes knee pain")
    result = tiny_searcher.search(variant)
    assert [h.chunk.id for h in result.hits] == [h.chunk.id for h in reference.hits]
    assert [h.score for h in result.hits] == pytest.approx([h.score for h in reference.hits])


def test_typographic_quotes_are_folded():
    assert normalize_text("don’t “fire”") == 'don\'t "fire"'
    assert normalize_text("a\u202eb\u0000c\u200dd") == "abcd"  # bidi override, NUL, zero-width joiner


@pytest.mark.parametrize("empty", ["", "   ", "\n\t", "\u200b\u200b", "\u0000"])
def test_empty_question_is_a_clear_error(tiny_searcher, empty):
    with pytest.raises(QueryError, match="empty"):
        tiny_searcher.search(empty)


def test_non_text_question_and_bad_top_k_are_refused(tiny_searcher):
    with pytest.raises(QueryError):
        tiny_searcher.search(None)  # type: ignore[arg-type]
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="top_k"):
            tiny_searcher.search("knees", top_k=bad)


def test_very_long_input_is_cut_to_what_the_model_reads(tiny_searcher):
    long = "knee " * 100_000
    prepared = tiny_searcher.prepare(long).text
    assert len(prepared.split()) == tiny_searcher.embedder.max_tokens - 2
    assert tiny_searcher.search(long).hits


def test_near_duplicates_are_dropped(tiny_corpus, fake_embedder):
    """Two articles carrying the same paragraph: only the better copy is returned."""
    copy = tiny_corpus / "copy.md"
    copy.write_text(
        "---\nid: copy\ntitle: Copy\n---\n## Back Pain\n\nTight glutes press on the sciatic nerve. Massage relieves sciatica.\n"
    )
    index_dir = tiny_corpus.parent / "dup-index"
    build_index(tiny_corpus, index_dir, fake_embedder)
    index = load_index(index_dir, corpus_dir=tiny_corpus, model_sha256=fake_embedder.weights_sha256)
    searcher = SearchEngine(index, fake_embedder).searcher()
    texts = [h.chunk.text for h in searcher.search("sciatic nerve", top_k=5).hits]
    assert len(texts) == len(set(texts))
    loose = searcher.with_config(near_duplicate=None)
    assert [h.chunk.text for h in loose.search("sciatic nerve", top_k=5).hits].count(texts[0]) == 2


def test_scores_blend_as_documented(tiny_searcher):
    cfg = tiny_searcher.config
    result = tiny_searcher.search("knee pain stride", top_k=1)
    hit = result.hits[0]
    q = tiny_searcher.embedder.embed_queries([tiny_searcher.prepare("knee pain stride").text])[0]
    chunk_cos = float(tiny_searcher.index.chunk_vectors[hit.position] @ q)
    sentence_cos = float(tiny_searcher.index.sentence_vectors_of(hit.position).dot(q).max())
    lexical = float(tiny_searcher.engine.lexical.scores("knee pain stride")[hit.position])
    # Rare-term evidence: the share of the rare terms' idf the passage holds. The tiny corpus
    # has no questions file, so a passage's question signal is its best sentence.
    terms = tiny_searcher.engine.terms
    rare_terms = terms.rare(content_stems("knee pain stride"), cfg.rare_passages)
    holders = [t for t in rare_terms if hit.position in terms.passages[t]]
    rare = sum(terms.idf(t) for t in holders) / sum(terms.idf(t) for t in rare_terms)
    expected = (
        cfg.chunk_weight * chunk_cos
        + cfg.sentence_weight * sentence_cos
        + cfg.lexical_weight * lexical / (lexical + 2)
        + cfg.rare_weight * rare
        + cfg.question_weight * sentence_cos
    )
    assert hit.score == pytest.approx(expected, abs=1e-5)
    assert result.relevance == pytest.approx(float((tiny_searcher.index.sentence_vectors @ q).max()), abs=1e-5)


def test_abstention_uses_the_threshold(tiny_searcher):
    never = tiny_searcher.with_config(abstain_below=-1.0).search("knees")
    always = tiny_searcher.with_config(abstain_below=2.0).search("knees")
    assert not never.abstained and always.abstained
    assert always.hits  # hits are listed best first even when abstained
    assert tiny_searcher.config.threshold == ABSTAIN_BELOW["hybrid"]


def test_context_steers_but_does_not_dominate(tiny_searcher):
    alone = tiny_searcher.search("sprinting jumping athletes", top_k=1)
    steered = tiny_searcher.search("sprinting jumping athletes", top_k=1, context=["sciatic nerve"])
    assert alone.hits[0].chunk.article_id == steered.hits[0].chunk.article_id == "beta"


def test_searcher_does_not_mutate_the_index(tiny_searcher):
    before = tiny_searcher.index.chunk_vectors.copy(), tiny_searcher.index.sentence_vectors.copy()
    tiny_searcher.search("knees", context=["back"])
    assert np.array_equal(before[0], tiny_searcher.index.chunk_vectors)
    assert np.array_equal(before[1], tiny_searcher.index.sentence_vectors)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"retriever": "magic"}, "retriever"),
        ({"chunk_weight": -1}, "chunk_weight"),
        ({"chunk_weight": 0, "sentence_weight": 0}, "chunk_weight \\+ sentence_weight"),
        ({"near_duplicate": 0}, "near_duplicate"),
        ({"lexical_saturation": 0}, "lexical_saturation"),
        ({"vague_context_weight": -0.5}, "vague_context_weight"),
    ],
)
def test_config_validation_names_the_bad_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SearchConfig(**kwargs)


def test_dense_retriever_needs_an_embedder(tiny_searcher):
    with pytest.raises(ValueError, match="needs an embedder"):
        SearchEngine(tiny_searcher.index, None).searcher()
    assert SearchEngine(tiny_searcher.index, None).searcher(SearchConfig(retriever="bm25")).search("knees").hits


def test_with_config_leaves_the_original_alone(tiny_searcher):
    other = tiny_searcher.with_config(retriever="bm25")
    assert tiny_searcher.config.retriever == "hybrid" and other.config.retriever == "bm25"
    assert dataclasses.replace(tiny_searcher.config, retriever="bm25") == other.config


@pytest.mark.parametrize(
    "message, expected",
    [
        ("what about knees?", True),
        ("and for athletes?", True),
        ("how does massage help with it?", True),
        ("who said that?", True),
        ("does the other one agree?", True),
        ("What is the capital of France?", False),
        ("what causes sciatica?", False),
        (
            "I sit at a desk all day and feel stiff, can a massage help me with that or should I see someone about it?",
            False,
        ),
        ("", False),
    ],
)
def test_follow_up_detection(message, expected):
    assert is_follow_up(message) is expected


def test_follow_up_context_chains_back_to_the_anchor():
    assert follow_up_context("what about knees?", []) == ()
    assert follow_up_context("what causes sciatica?", ["knee pain?"]) == ()
    assert follow_up_context("what about knees?", ["back pain?"]) == ("back pain?",)
    assert follow_up_context("who said that?", ["knee pain?", "what about hips?"]) == ("knee pain? what about hips?",)
    assert follow_up_context("and that?", ["  ", "knee pain?", ""]) == ("knee pain?",)


def test_rrf_fusion_ranks_by_reciprocal_ranks(tiny_searcher):
    rrf = tiny_searcher.with_config(fusion="rrf", rrf_k=60)
    hits = rrf.search("knee pain stride", top_k=3).hits
    assert all(0 < h.score <= 2 / 61 for h in hits)  # two rankings, best possible 1/61 each
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert [h.score for h in hits] != [h.score for h in tiny_searcher.search("knee pain stride", top_k=3).hits]
    with pytest.raises(ValueError, match="fusion"):
        SearchConfig(fusion="magic")


def test_few_candidates_keep_the_best_passage_and_the_exact_relevance(tiny_searcher):
    full = tiny_searcher.search("sciatic nerve sciatica", top_k=1)
    pruned = tiny_searcher.with_config(candidates=1).search("sciatic nerve sciatica", top_k=1)
    assert pruned.hits[0].chunk.id == full.hits[0].chunk.id
    assert pruned.relevance == pytest.approx(full.relevance)
    assert len(tiny_searcher.with_config(candidates=1).search("knees glutes", top_k=5).hits) <= 3  # <= 1 per signal
    with pytest.raises(ValueError, match="candidates"):
        SearchConfig(candidates=0)
