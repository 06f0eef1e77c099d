"""Reply wording counts the articles: a third article in corpus/ must not read as "two"."""

from __future__ import annotations

import pytest

from retrieval.answer import Composer
from retrieval.index import build_index, load_index
from retrieval.render import DISCLAIMER, Wording
from retrieval.search import SearchEngine
from retrieval.testing import TINY_ARTICLES, write_corpus

GAMMA = """\
    ---
    id: gamma
    title: Gamma Article
    author: Gus Gamma
    publisher: Gamma Weekly
    url: https://gamma.example/story
    ---

    ## Nerves

    Tight glutes press on the sciatic nerve. Rest, heat and gentle walking help many people as well.
    """


def test_wording_for_two_and_three_articles():
    assert Wording(2).disclaimer == DISCLAIMER and "quoted from two articles" in DISCLAIMER
    assert Wording(2).corroborated(2) == "Both articles make this point."
    assert Wording(3).corroborated(2) == "Two of the three articles make this point."
    assert Wording(3).other_says_same == "Another article says the same"
    assert "quoted from three articles" in Wording(3).disclaimer
    assert "quoted from one article," in Wording(1).disclaimer


@pytest.fixture
def three_article_composer(tmp_path, fake_embedder):
    corpus = write_corpus(tmp_path / "corpus", {**TINY_ARTICLES, "gamma.md": GAMMA})
    build_index(corpus, tmp_path / "index", fake_embedder)
    index = load_index(tmp_path / "index", corpus_dir=corpus, model_sha256=fake_embedder.weights_sha256)
    return Composer(SearchEngine(index, fake_embedder).searcher())


def test_a_third_article_gets_correct_wording(three_article_composer):
    composer = three_article_composer
    hello = composer.reply("hello")
    assert "what three articles say" in hello.markdown and "two" not in hello.markdown.lower()
    assert hello.disclaimer == Wording(3).disclaimer
    searcher = composer.searcher.with_config(abstain_below=2.0)
    nothing = Composer(searcher).reply("knees")
    assert nothing.kind == "no_match" and "in the three articles" in nothing.markdown
    assert "Gamma Article" in nothing.markdown  # every article's topics are listed
    answer = Composer(composer.searcher.with_config(abstain_below=-1.0)).reply(
        "tight glutes press on the sciatic nerve"
    )
    assert answer.kind == "answer" and "**Two of the three articles make this point.**" in answer.markdown
    assert "↳ Another article says the same" in answer.markdown and "Both articles" not in answer.markdown
    assert "two articles" not in answer.markdown
